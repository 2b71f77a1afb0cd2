package dev.zaileys.store.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.store.internal.AbstractAuthStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An auth store in process memory: gone on exit, so every restart pairs again (a new QR). For
 * tests, scratch scripts and ephemeral workers. Signal values are kept as trees: a write keeps a
 * checked private copy (checked as every store checks its encoding, without encoding) and a read
 * hands out a copy (binary values copied too), so callers never share a tree with the store and
 * no value is encoded or parsed on the way. Creds are kept encoded.
 */
public final class MemoryAuthStore extends AbstractAuthStore {

    private byte[] creds;
    /** Values as checked private copies (the base class makes them); reads hand out copies. */
    private final Map<String, Map<String, JsonNode>> keys = new HashMap<>();
    private final MemoryLease lease = new MemoryLease(this::fenceAt);

    /**
     * The builder every store has, for code that builds stores from configuration; there is
     * nothing to set, so {@code build()} is {@code new MemoryAuthStore()}.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link MemoryAuthStore}; it has no options. */
    public static final class Builder {

        private Builder() {}

        public MemoryAuthStore build() {
            return new MemoryAuthStore();
        }
    }

    /**
     * The same as {@link #builder()}{@code .build()}: a memory store has no options, so nothing
     * can be misconfigured and an empty builder would add only ceremony to the common case.
     */
    public MemoryAuthStore() {}

    @Override
    protected synchronized Optional<byte[]> loadCreds() {
        return Optional.ofNullable(creds);
    }

    @Override
    protected synchronized void storeCreds(byte[] data) {
        lease.check(fenceEpoch());
        creds = data;
    }

    @Override
    protected synchronized Map<String, byte[]> loadKeys(String type, List<String> ids) {
        // Not on the read path (loadKeyTrees answers); kept for the contract of the base class.
        Map<String, JsonNode> ofType = keys.getOrDefault(type, Map.of());
        Map<String, byte[]> out = new HashMap<>();
        for (String id : ids) {
            JsonNode v = ofType.get(id);
            if (v != null) {
                out.put(id, BufferJson.encode(v));
            }
        }
        return out;
    }

    @Override
    protected synchronized Map<String, JsonNode> loadKeyTrees(String type, List<String> ids) {
        Map<String, JsonNode> ofType = keys.getOrDefault(type, Map.of());
        Map<String, JsonNode> out = new HashMap<>();
        for (String id : ids) {
            JsonNode v = ofType.get(id);
            if (v != null) {
                out.put(id, copy(v));
            }
        }
        return out;
    }

    /** A deep copy that shares nothing, byte arrays included ({@code JsonNode.deepCopy} shares those). */
    private static JsonNode copy(JsonNode n) {
        if (n instanceof BinaryNode b) {
            return BinaryNode.valueOf(b.binaryValue().clone());
        }
        if (n instanceof ObjectNode o) {
            // Sized to the source: most values are small (key pairs), not the default 16 slots.
            ObjectNode c = new ObjectNode(BufferJson.mapper().getNodeFactory(), new java.util.LinkedHashMap<>(o.size() * 4 / 3 + 1));
            o.fields().forEachRemaining(e -> c.set(e.getKey(), copy(e.getValue())));
            return c;
        }
        if (n instanceof ArrayNode a) {
            ArrayNode c = a.arrayNode(a.size());
            a.forEach(v -> c.add(copy(v)));
            return c;
        }
        return n; // the other value nodes are immutable
    }

    @Override
    protected synchronized Map<String, List<String>> loadKeyIds() {
        Map<String, List<String>> out = new HashMap<>();
        keys.forEach((type, ofType) -> out.put(type, new java.util.ArrayList<>(ofType.keySet())));
        return out;
    }

    @Override
    protected boolean keepsTrees() {
        return true;
    }

    @Override
    protected synchronized void storeKeyTrees(List<KeyTreeWrite> writes) {
        lease.check(fenceEpoch());
        // A call writes mostly one type (a login's 1,000 pre-keys): its map is looked up once per
        // run of that type, and made at its final size when the call creates it (no rehashing).
        String type = null;
        Map<String, JsonNode> ofType = null;
        for (KeyTreeWrite w : writes) {
            if (w.value() == null) {
                put(w.type(), w.id(), null);
                continue;
            }
            if (!w.type().equals(type)) {
                type = w.type();
                ofType = ofType(type, writes.size());
            }
            ofType.put(w.id(), w.value());
        }
    }

    /** Deletes (the base class encodes no value for a store that keeps trees). */
    @Override
    protected synchronized void storeKeys(List<KeyWrite> writes) {
        lease.check(fenceEpoch());
        for (KeyWrite w : writes) {
            put(w.type(), w.id(), w.data() == null ? null : BufferJson.decode(w.data()));
        }
    }

    private void put(String type, String id, JsonNode value) {
        if (value == null) {
            Map<String, JsonNode> ofType = keys.get(type);
            if (ofType != null) {
                ofType.remove(id);
            }
        } else {
            ofType(type, 0).put(id, value);
        }
    }

    /** The map of {@code type}, made for {@code expected} keys when it does not exist yet. */
    private Map<String, JsonNode> ofType(String type, int expected) {
        return keys.computeIfAbsent(type, t -> new HashMap<>(Math.max(16, expected * 4 / 3 + 1)));
    }

    @Override
    protected synchronized void removeAll() {
        lease.check(fenceEpoch());
        creds = null;
        keys.clear();
    }

    @Override
    public java.util.Optional<dev.zaileys.store.SessionLease> lease() {
        return java.util.Optional.of(lease);
    }

    @Override
    protected synchronized void release() {
        creds = null;
        keys.clear();
    }
}
