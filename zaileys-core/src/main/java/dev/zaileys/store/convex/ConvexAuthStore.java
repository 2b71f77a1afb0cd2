package dev.zaileys.store.convex;

import dev.zaileys.store.internal.AbstractAuthStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A session (creds and Signal keys) in a Convex deployment's {@code zaileys_kv} table, through the
 * functions of {@code examples/convex/zaileys.ts}, in the Node original's layout: rows {@code creds}
 * and {@code signal:<type>:<id>} of {@code namespace} (default {@code zaileys}), values Buffer-encoded
 * JSON. A Signal write set is one mutation. {@link #clear()} removes only these rows, so a message
 * store sharing the namespace keeps its history.
 *
 * <pre>{@code
 * ConvexAuthStore auth = ConvexAuthStore.builder().url(System.getenv("CONVEX_URL")).namespace("wa-auth").build();
 * }</pre>
 */
public final class ConvexAuthStore extends AbstractAuthStore {

    private final Kv kv;
    private final ConvexLease lease;

    private ConvexAuthStore(Kv kv) {
        this.kv = kv;
        this.lease = new ConvexLease(kv, this::fenceAt);
    }

    /**
     * The only way to make one. Options: exactly one of {@code url} ({@code ?namespace=} honoured)
     * and {@code client}; {@code namespace}, {@code timeout}. {@code build()} throws
     * {@code STORE_INVALID_INPUT} for options that are malformed or conflict and sends nothing.
     */
    public static ConvexOptions.Builder<ConvexAuthStore> builder() {
        return new ConvexOptions.Builder<>(ConvexAuthStore::new);
    }

    public String namespace() {
        return kv.namespace;
    }

    @Override
    protected Optional<byte[]> loadCreds() {
        return kv.get(List.of(Keys.CREDS)).stream().findFirst().map(Kv.Row::bytes);
    }

    @Override
    protected void storeCreds(byte[] data) {
        if (data == null) {
            lease.fencedWrite(fenceEpoch(), List.of(), List.of(Keys.CREDS));
        } else {
            lease.fencedWrite(fenceEpoch(), List.of(new Kv.Row(Keys.CREDS, text(data), null)), List.of());
        }
    }

    @Override
    protected Map<String, byte[]> loadKeys(String type, List<String> ids) {
        Map<String, String> idOf = new HashMap<>();
        for (String id : ids) {
            idOf.put(Keys.signal(type, id), id);
        }
        Map<String, byte[]> out = new HashMap<>();
        for (Kv.Row row : kv.get(idOf.keySet())) {
            String id = idOf.get(row.key());
            if (id != null) {
                out.put(id, row.bytes());
            }
        }
        return out;
    }

    @Override
    protected Map<String, ? extends Collection<String>> loadKeyIds() {
        Map<String, List<String>> out = new HashMap<>();
        kv.keys(Keys.SIGNAL, key -> {
            String[] typeAndId = Keys.parseSignal(key);
            if (typeAndId != null) {
                out.computeIfAbsent(typeAndId[0], t -> new ArrayList<>()).add(typeAndId[1]);
            }
        });
        return out;
    }

    @Override
    protected void storeKeys(List<KeyWrite> writes) {
        // Last write of a key wins, as when applied one by one.
        Map<String, KeyWrite> last = new java.util.LinkedHashMap<>();
        for (KeyWrite w : writes) {
            last.put(Keys.signal(w.type(), w.id()), w);
        }
        List<Kv.Row> set = new ArrayList<>();
        List<String> del = new ArrayList<>();
        last.forEach((key, w) -> {
            if (w.data() == null) {
                del.add(key);
            } else {
                set.add(new Kv.Row(key, text(w.data()), null));
            }
        });
        lease.fencedWrite(fenceEpoch(), set, del);
    }

    @Override
    protected void removeAll() {
        lease.fencedClear(fenceEpoch(), Keys.SIGNAL, Keys.CREDS);
    }

    @Override
    public Optional<dev.zaileys.store.SessionLease> lease() {
        return Optional.of(lease);
    }

    @Override
    protected void release() {
        kv.close();
    }

    @Override
    protected String recordName(String type, String id) {
        return "Convex row " + kv.namespace + "/" + (type == null ? Keys.CREDS : Keys.signal(type, id));
    }

    @Override
    public String toString() {
        return "ConvexAuthStore[" + kv.client + ", namespace=" + kv.namespace + "]";
    }

    static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
