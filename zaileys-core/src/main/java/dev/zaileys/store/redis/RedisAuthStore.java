package dev.zaileys.store.redis;

import dev.zaileys.store.internal.AbstractAuthStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session (creds and Signal keys) in Redis, in the Node original's key layout under
 * {@code namespace}: {@code <ns>:auth:creds}, {@code <ns>:auth:signal:<type>:<id>} and an index set
 * per type. A Signal write set is applied by one atomic script. {@link #clear()} removes only
 * {@code <ns>:auth:*}.
 *
 * <p>Redis is only as durable as its configuration: when it first connects (at first use, not at
 * {@code build()}) the store checks persistence and the eviction policy, logs a warning and exposes it as {@link #persistenceWarning()}, because an auth
 * store on a server that can lose keys can lose a session (and force a new QR scan).
 *
 * <p>Needs Lettuce ({@code io.lettuce:lettuce-core}) on the classpath; without it
 * {@code build()} throws {@code STORE_NOT_AVAILABLE}.
 *
 * <pre>{@code
 * RedisAuthStore auth = RedisAuthStore.builder().url("redis://localhost:6379").namespace("wa-auth").build();
 * }</pre>
 */
public final class RedisAuthStore extends AbstractAuthStore {

    private static final Logger LOG = LoggerFactory.getLogger(RedisAuthStore.class);

    private final RedisLink link;
    private final Keys keys;
    private final RedisLease lease;

    private RedisAuthStore(RedisOptions options) {
        // Connects at first use; the persistence check runs then, and is logged once.
        this.link = Lettuce.open(options, true, problem -> problem.ifPresent(w -> LOG.warn("{}; an auth store on such a "
                + "server can lose the session (namespace {})", w, options.namespace())));
        this.keys = new Keys(options.namespace());
        this.lease = new RedisLease(link, keys, this::fenceAt);
    }

    /**
     * The only way to make one. Options: exactly one of {@code url} ({@code ?namespace=}
     * honoured) and {@code client}; {@code namespace}. {@code build()} does not connect: the
     * first call does, so an unreachable server is that call's {@code STORE_CONNECTION_FAILED}
     * (transient: a later call connects once Redis is back). {@code build()} reports a missing
     * Lettuce ({@code STORE_NOT_AVAILABLE}), a provided connection that is not open
     * ({@code STORE_CONNECTION_FAILED}), and options that are malformed or conflict
     * ({@code STORE_INVALID_INPUT}).
     */
    public static RedisOptions.Builder<RedisAuthStore> builder() {
        return new RedisOptions.Builder<>(RedisAuthStore::new);
    }

    /**
     * Why this server may lose the session (persistence off, eviction), found at the first connect;
     * empty when it looks durable. Connects now if nothing has yet, so a down server is
     * {@code STORE_CONNECTION_FAILED} here.
     */
    public Optional<String> persistenceWarning() {
        return link.persistenceWarning();
    }

    public String namespace() {
        return keys.ns;
    }

    @Override
    protected Optional<byte[]> loadCreds() {
        return Optional.ofNullable(link.getBytes(keys.creds()));
    }

    @Override
    protected void storeCreds(byte[] data) {
        if (fenceEpoch() != 0) {
            applyFenced(data == null ? new Writes().del(keys.creds()) : new Writes().set(keys.creds(), data));
        } else if (data == null) {
            link.await(link.async().del(keys.creds()));
        } else {
            link.setBytes(keys.creds(), data);
        }
    }

    @Override
    protected Map<String, byte[]> loadKeys(String type, List<String> ids) {
        List<String> names = ids.stream().map(id -> keys.signal(type, id)).toList();
        Map<String, byte[]> out = new HashMap<>();
        var values = link.mget(names);
        for (int i = 0; i < values.size(); i++) {
            var kv = values.get(i);
            if (kv.hasValue()) {
                out.put(ids.get(i), bytes(kv.getValue()));
            }
        }
        return out;
    }

    @Override
    protected Map<String, ? extends Collection<String>> loadKeyIds() {
        List<String> indexKeys = link.scan(Keys.glob(keys.signalIndexPrefix()) + "*");
        List<io.lettuce.core.RedisFuture<java.util.Set<String>>> futures = new ArrayList<>();
        for (String k : indexKeys) {
            futures.add(link.async().smembers(k));
        }
        List<java.util.Set<String>> members = link.awaitAll(futures);
        Map<String, Collection<String>> out = new HashMap<>();
        for (int i = 0; i < indexKeys.size(); i++) {
            out.put(indexKeys.get(i).substring(keys.signalIndexPrefix().length()), members.get(i));
        }
        return out;
    }

    @Override
    protected void storeKeys(List<KeyWrite> writes) {
        Writes w = new Writes();
        for (KeyWrite kw : writes) {
            if (kw.data() == null) {
                w.del(keys.signal(kw.type(), kw.id())).srem(keys.signalIndex(kw.type()), kw.id());
            } else {
                w.set(keys.signal(kw.type(), kw.id()), kw.data()).sadd(keys.signalIndex(kw.type()), kw.id())
                        .saddOnce(keys.indexedSignalTypes(), kw.type());
            }
        }
        applyFenced(w);
    }

    /** Applies {@code w} in one script that first checks this store's lease epoch (when fenced). */
    private void applyFenced(Writes w) {
        if (!lease.fence(w, fenceEpoch()).apply(link)) {
            throw lease.refused(fenceEpoch());
        }
    }

    @Override
    protected void removeAll() {
        long mine = fenceEpoch();
        if (mine == 0) {
            link.scan(keys.authPattern(), link::unlink);
            return;
        }
        // Each batch's delete checks the epoch in its own script: a SCAN cannot run inside one,
        // and a check before the walk would let a writer that lost the lease meanwhile delete the
        // new holder's keys. What went before a takeover was deleted while the lease was ours.
        // With nothing to delete, the epoch is still checked: a fenced clear fails either way.
        java.util.concurrent.atomic.AtomicBoolean checked = new java.util.concurrent.atomic.AtomicBoolean();
        link.scan(keys.authPattern(), batch -> {
            Writes w = new Writes();
            batch.forEach(w::del);
            applyFenced(w);
            checked.set(true);
        });
        if (!checked.get()) {
            applyFenced(new Writes());
        }
    }

    @Override
    public Optional<dev.zaileys.store.SessionLease> lease() {
        return Optional.of(lease);
    }

    @Override
    protected void release() {
        link.close();
    }

    @Override
    protected String recordName(String type, String id) {
        return "Redis key " + (type == null ? keys.creds() : keys.signal(type, id));
    }

    @Override
    public String toString() {
        return "RedisAuthStore[" + link.where() + ", namespace=" + keys.ns + "]";
    }

    static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
