package dev.zaileys.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Ids;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.internal.ModelAccess;
import dev.zaileys.model.internal.Unicode;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.SignalTypes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The behaviour every auth adapter shares: validation, encoding, the closed state, serialized
 * writes and error mapping. An adapter implements a few storage primitives on encoded bytes.
 */
public abstract class AbstractAuthStore implements AuthStoreBundle {

    /** One key write of an atomic set; {@code data == null} deletes. */
    protected record KeyWrite(String type, String id, byte[] data) {}

    /**
     * One key write of a store that keeps trees ({@link #keepsTrees}); {@code value == null}
     * deletes. The value is a checked private copy: the store may keep it as it is.
     */
    protected record KeyTreeWrite(String type, String id, JsonNode value) {}

    private final StoreState state = new StoreState(getClass().getSimpleName());

    /** Creds and the exact bytes they were read from or written as. */
    private record KnownCreds(byte[] bytes, AuthCreds creds) {}

    /**
     * The last creds seen, so a read of the same bytes is not decoded again: a bot reads its creds
     * far more often than they change, and a 4-5 KB document costs a parse (and a base64 decode
     * per key) each time. {@link AuthCreds} is immutable, so handing one instance to several
     * callers shares nothing they can change. The bytes are compared in full on every read, so
     * another writer (another process) is never hidden.
     */
    private volatile KnownCreds knownCreds;
    /** The lease epoch every write carries; 0 until this store's lease is acquired (writes unfenced). */
    private volatile long fenceEpoch;

    /** The stored creds, encoded. */
    protected abstract Optional<byte[]> loadCreds();

    /** Replaces the creds; {@code null} deletes them. */
    protected abstract void storeCreds(byte[] data);

    /** The stored values of {@code ids} that exist. */
    protected abstract Map<String, byte[]> loadKeys(String type, List<String> ids);

    /**
     * The stored values of {@code ids} that exist, already decoded, in a new mutable map, each a tree the caller owns
     * (no part of it shared with the store or another caller); null when the backend keeps only
     * bytes, and {@link #loadKeys} is decoded instead. A backend holding values in memory uses
     * it to skip the parse of every read.
     */
    protected Map<String, JsonNode> loadKeyTrees(String type, List<String> ids) {
        return null;
    }

    /**
     * True for a backend that keeps values as trees (in memory): {@link #write} then hands it
     * checked private copies through {@link #storeKeyTrees} and never encodes them, since the
     * encoding would only serve the checks. Deletes still go through {@link #storeKeys}.
     */
    protected boolean keepsTrees() {
        return false;
    }

    /** Applies all writes atomically; called instead of {@link #storeKeys} when {@link #keepsTrees}. */
    protected void storeKeyTrees(List<KeyTreeWrite> writes) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps encoded values");
    }

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
        return Records.guarded(Code.STORE_READ_FAILED, "read creds", this::loadCreds).map(this::decodeCreds);
    }

    private AuthCreds decodeCreds(byte[] bytes) {
        KnownCreds known = knownCreds;
        if (known != null && (known.bytes() == bytes || java.util.Arrays.equals(known.bytes(), bytes))) {
            return known.creds();
        }
        AuthCreds creds = ModelAccess.get().creds(Records.asObject(Records.decodeStored(bytes, recordName(null, null)),
                recordName(null, null)));
        // A private copy: a backend may hand out a buffer it reuses or keeps (memory keeps it).
        knownCreds = new KnownCreds(bytes.clone(), creds);
        return creds;
    }

    @Override
    public final void writeCreds(AuthCreds creds) {
        if (creds == null) {
            throw ZaileysStoreException.invalid("creds must not be null (use deleteCreds to remove them)");
        }
        byte[] data = Records.checkedSize(creds.encode(), "creds");
        ensureOpen();
        locked(() -> storeCreds(data), "write creds");
        // What was just stored is what the next read will most likely find; the caller's creds are
        // immutable, so they can stand for those bytes. Not a copy: these bytes are this call's own
        // encoding, which no backend changes (the memory store keeps this very array, so its reads
        // are known by identity).
        knownCreds = new KnownCreds(data, creds);
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
        Map<String, JsonNode> trees = Records.guarded(Code.STORE_READ_FAILED, "read the Signal keys of type ", type, () -> loadKeyTrees(type, wanted));
        if (trees != null) {
            if (wanted.size() == 1) {
                // Already the caller's own map, and one entry has no order to restore.
                return trees;
            }
            Map<String, JsonNode> out = new LinkedHashMap<>();
            for (String id : wanted) {
                JsonNode v = trees.get(id);
                if (v != null) {
                    out.put(id, v);
                }
            }
            return out;
        }
        Map<String, byte[]> raw = Records.guarded(Code.STORE_READ_FAILED, "read the Signal keys of type ", type, () -> loadKeys(type, wanted));
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String id : wanted) {
            byte[] bytes = raw.get(id);
            if (bytes != null) {
                out.put(id, Records.decodeStored(bytes, recordName(type, id)));
            }
        }
        return out;
    }

    @Override
    public final java.util.SortedMap<String, List<String>> listKeyIds() {
        ensureOpen();
        java.util.SortedMap<String, List<String>> out = new java.util.TreeMap<>();
        Records.guarded(Code.STORE_READ_FAILED, "list Signal keys", this::loadKeyIds).forEach((type, ids) -> {
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
        boolean trees = keepsTrees();
        int count = 0;
        for (Map<String, ? extends JsonNode> values : data.values()) {
            count += values == null ? 0 : values.size();
        }
        // Sized once: a login writes 1,000 pre-keys in one call.
        List<KeyWrite> writes = trees ? new ArrayList<>() : new ArrayList<>(count);
        List<KeyTreeWrite> treeWrites = trees ? new ArrayList<>(count) : new ArrayList<>();
        data.forEach((type, values) -> {
            SignalTypes.require(type);
            if (values == null) {
                throw ZaileysStoreException.invalid("values of Signal type '" + type + "' must not be null");
            }
            values.forEach((id, value) -> {
                requireId(id, type);
                boolean delete = value == null || value.isNull() || value.isMissingNode();
                if (trees) {
                    treeWrites.add(new KeyTreeWrite(type, id, delete ? null : checkedCopy(value, type, id)));
                } else {
                    writes.add(new KeyWrite(type, id, delete ? null : checkedEncoding(value, type, id)));
                }
            });
        });
        ensureOpen();
        if (!writes.isEmpty()) {
            locked(() -> storeKeys(writes), "write Signal keys");
        }
        if (!treeWrites.isEmpty()) {
            locked(() -> storeKeyTrees(treeWrites), "write Signal keys");
        }
    }

    private static byte[] checkedEncoding(JsonNode value, String type, String id) {
        return Records.checkedSize(BufferJson.encode(value), type + " ", id);
    }

    /**
     * {@link Ids#require}, without building its message for every id that passes (nearly all):
     * a login writes 1,000 pre-keys in one call, on code the JIT has not compiled yet.
     */
    /** {@code id}, checked as {@link Ids#require} checks it; the message is built only on a refusal. */
    private static String requireId(String id, String type) {
        if (id == null || id.length() > Ids.MAX_ID_LENGTH || !Unicode.isStorableText(id)) {
            Ids.require(id, type + " id");
        }
        return id;
    }

    /** What the stored bytes would decode to, checked the same, mostly without encoding. */
    private static JsonNode checkedCopy(JsonNode value, String type, String id) {
        JsonNode copy = ModelAccess.get().checkedCopy(value, type, id);
        return copy != null ? copy : BufferJson.decode(checkedEncoding(value, type, id));
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

    /**
     * Binds this store's writes to a lease epoch; the adapter's lease calls it on acquisition.
     * From then on the adapter refuses, inside its own transaction or script, every creds and
     * key write when the backend holds a newer epoch.
     */
    protected final void fenceAt(long epoch) {
        fenceEpoch = epoch;
    }

    /** The epoch this store's writes carry; 0 when its lease was never acquired (no check). */
    protected final long fenceEpoch() {
        return fenceEpoch;
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


    private static List<String> distinctIds(Collection<String> ids) {
        if (ids == null) {
            throw ZaileysStoreException.invalid("ids must not be null");
        }
        if (ids.size() == 1) {
            // The common read of a bot (one session, one sender key) skips the set and its copy.
            return List.of(requireId(ids.iterator().next(), "Signal"));
        }
        LinkedHashSet<String> set = new LinkedHashSet<>();
        for (String id : ids) {
            set.add(requireId(id, "Signal"));
        }
        return new ArrayList<>(set);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
