package dev.zaileys.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.store.ZaileysStoreException.Code;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The behaviour every auth adapter shares: validation, encoding, the closed state, serialized
 * writes and error mapping. An adapter implements a few storage primitives on encoded bytes.
 */
public abstract class AbstractAuthStore implements AuthStoreBundle {

    /** One key write of an atomic set; {@code data == null} deletes. */
    protected record KeyWrite(String type, String id, byte[] data) {}

    private final StoreState state = new StoreState(getClass().getSimpleName());

    /** The stored creds, encoded. */
    protected abstract Optional<byte[]> loadCreds();

    /** Replaces the creds; {@code null} deletes them. */
    protected abstract void storeCreds(byte[] data);

    /** The stored values of {@code ids} that exist. */
    protected abstract Map<String, byte[]> loadKeys(String type, List<String> ids);

    /** Every stored (type, id) pair: type -> ids, in any order. */
    protected abstract Map<String, ? extends Collection<String>> loadKeyIds();

    /** Applies all writes atomically (as far as the backend allows). */
    protected abstract void storeKeys(List<KeyWrite> writes);

    /** Removes creds and keys of this store's scope only. */
    protected abstract void removeAll();

    /** Releases what the adapter created. Called once. */
    protected abstract void release();

    /** How a record is named in a {@code STORE_CORRUPTED} message (a file, a row, a key). */
    protected String recordName(String type, String id) {
        return type == null ? "creds" : type + "/" + id;
    }

    @Override
    public final Optional<AuthCreds> readCreds() {
        ensureOpen();
        return guarded(Code.STORE_READ_FAILED, "read creds", this::loadCreds)
                .map(bytes -> AuthCreds.adopt(asObject(decodeStored(bytes, recordName(null, null)), recordName(null, null))));
    }

    @Override
    public final void writeCreds(AuthCreds creds) {
        if (creds == null) {
            throw ZaileysStoreException.invalid("creds must not be null (use deleteCreds to remove them)");
        }
        byte[] data = checkedSize(creds.encode(), "creds");
        ensureOpen();
        locked(() -> storeCreds(data), "write creds");
    }

    @Override
    public final void deleteCreds() {
        ensureOpen();
        locked(() -> storeCreds(null), "delete creds");
    }

    @Override
    public final Map<String, JsonNode> read(String type, Collection<String> ids) {
        SignalTypes.require(type);
        List<String> wanted = distinctIds(ids);
        ensureOpen();
        if (wanted.isEmpty()) {
            return new LinkedHashMap<>();
        }
        Map<String, byte[]> raw = guarded(Code.STORE_READ_FAILED, "read " + type + " keys", () -> loadKeys(type, wanted));
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String id : wanted) {
            byte[] bytes = raw.get(id);
            if (bytes != null) {
                out.put(id, decodeStored(bytes, recordName(type, id)));
            }
        }
        return out;
    }

    @Override
    public final java.util.SortedMap<String, List<String>> listKeyIds() {
        ensureOpen();
        java.util.SortedMap<String, List<String>> out = new java.util.TreeMap<>();
        guarded(Code.STORE_READ_FAILED, "list Signal keys", this::loadKeyIds).forEach((type, ids) -> {
            if (!ids.isEmpty()) {
                out.put(type, ids.stream().sorted().toList());
            }
        });
        return out;
    }

    @Override
    public final void write(Map<String, ? extends Map<String, ? extends JsonNode>> data) {
        if (data == null) {
            throw ZaileysStoreException.invalid("Signal data must not be null");
        }
        List<KeyWrite> writes = new ArrayList<>();
        data.forEach((type, values) -> {
            SignalTypes.require(type);
            if (values == null) {
                throw ZaileysStoreException.invalid("values of Signal type '" + type + "' must not be null");
            }
            values.forEach((id, value) -> {
                Ids.require(id, type + " id");
                byte[] encoded = value == null || value.isNull() || value.isMissingNode()
                        ? null
                        : checkedSize(BufferJson.encode(value), type + " " + id);
                writes.add(new KeyWrite(type, id, encoded));
            });
        });
        ensureOpen();
        if (!writes.isEmpty()) {
            locked(() -> storeKeys(writes), "write Signal keys");
        }
    }

    @Override
    public final void delete(String type, Collection<String> ids) {
        SignalTypes.require(type);
        List<KeyWrite> writes = distinctIds(ids).stream().map(id -> new KeyWrite(type, id, null)).toList();
        ensureOpen();
        if (!writes.isEmpty()) {
            locked(() -> storeKeys(writes), "delete Signal keys");
        }
    }

    @Override
    public final void clear() {
        ensureOpen();
        locked(this::removeAll, "clear");
    }

    @Override
    public final void close() {
        state.closeOnce(this::release);
    }

    /** Throws {@code STORE_CLOSED} once {@link #close()} ran. */
    protected final void ensureOpen() {
        state.ensureOpen();
    }

    private void locked(Runnable action, String what) {
        state.locked(what, () -> {
            action.run();
            return null;
        });
    }

    /** Runs a backend call, turning anything that is not already typed into {@code code}. */
    static <T> T guarded(Code code, String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (ZaileysStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ZaileysStoreException(code, what + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())), e);
        }
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static JsonNode decodeStored(byte[] bytes, String record) {
        try {
            return BufferJson.decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new ZaileysStoreException(Code.STORE_CORRUPTED, "record " + record + " is damaged: " + e.getMessage(), e);
        }
    }

    static ObjectNode asObject(JsonNode node, String record) {
        if (!node.isObject()) {
            throw new ZaileysStoreException(Code.STORE_CORRUPTED, "record " + record + " is not a JSON object");
        }
        return (ObjectNode) node;
    }

    static byte[] checkedSize(byte[] encoded, String what) {
        if (encoded.length > BufferJson.MAX_DOCUMENT_BYTES) {
            throw ZaileysStoreException.invalid(what + " is " + encoded.length + " bytes encoded; the limit is "
                    + BufferJson.MAX_DOCUMENT_BYTES);
        }
        return encoded;
    }

    private static List<String> distinctIds(Collection<String> ids) {
        if (ids == null) {
            throw ZaileysStoreException.invalid("ids must not be null");
        }
        LinkedHashSet<String> set = new LinkedHashSet<>();
        for (String id : ids) {
            set.add(Ids.require(id, "Signal id"));
        }
        return new ArrayList<>(set);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
