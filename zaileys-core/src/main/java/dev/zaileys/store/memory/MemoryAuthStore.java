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
 * tests, scratch scripts and ephemeral workers. Values are kept encoded, so callers never share
 * a tree with the store; each is decoded once, at its first read, and later reads hand out
 * copies of that tree (binary values copied too), which costs a fraction of a parse.
 */
public final class MemoryAuthStore extends AbstractAuthStore {

    private byte[] creds;
    private final Map<String, Map<String, byte[]>> keys = new HashMap<>();
    /** Decoded values, by the very byte array they were decoded from (a rewrite makes a new array). */
    private final Map<byte[], JsonNode> decoded = new java.util.IdentityHashMap<>();
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
        Map<String, byte[]> ofType = keys.getOrDefault(type, Map.of());
        Map<String, byte[]> out = new HashMap<>();
        for (String id : ids) {
            byte[] v = ofType.get(id);
            if (v != null) {
                out.put(id, v);
            }
        }
        return out;
    }

    @Override
    protected synchronized Map<String, JsonNode> loadKeyTrees(String type, List<String> ids) {
        Map<String, byte[]> ofType = keys.getOrDefault(type, Map.of());
        Map<String, JsonNode> out = new HashMap<>();
        for (String id : ids) {
            byte[] v = ofType.get(id);
            if (v != null) {
                // The store encoded these bytes itself: they always decode.
                out.put(id, copy(decoded.computeIfAbsent(v, BufferJson::decode)));
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
            ObjectNode c = o.objectNode();
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
    protected synchronized void storeKeys(List<KeyWrite> writes) {
        lease.check(fenceEpoch());
        for (KeyWrite w : writes) {
            byte[] old;
            if (w.data() == null) {
                Map<String, byte[]> ofType = keys.get(w.type());
                old = ofType == null ? null : ofType.remove(w.id());
            } else {
                old = keys.computeIfAbsent(w.type(), t -> new HashMap<>()).put(w.id(), w.data());
            }
            if (old != null) {
                decoded.remove(old);
            }
        }
    }

    @Override
    protected synchronized void removeAll() {
        lease.check(fenceEpoch());
        creds = null;
        keys.clear();
        decoded.clear();
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
