package dev.zaileys.store.memory;

import dev.zaileys.store.internal.AbstractAuthStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An auth store in process memory: gone on exit, so every restart pairs again (a new QR). For
 * tests, scratch scripts and ephemeral workers. Values are kept encoded, so callers never share
 * a tree with the store.
 */
public final class MemoryAuthStore extends AbstractAuthStore {

    private byte[] creds;
    private final Map<String, Map<String, byte[]>> keys = new HashMap<>();
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
    protected synchronized Map<String, List<String>> loadKeyIds() {
        Map<String, List<String>> out = new HashMap<>();
        keys.forEach((type, ofType) -> out.put(type, new java.util.ArrayList<>(ofType.keySet())));
        return out;
    }

    @Override
    protected synchronized void storeKeys(List<KeyWrite> writes) {
        lease.check(fenceEpoch());
        for (KeyWrite w : writes) {
            if (w.data() == null) {
                Map<String, byte[]> ofType = keys.get(w.type());
                if (ofType != null) {
                    ofType.remove(w.id());
                }
            } else {
                keys.computeIfAbsent(w.type(), t -> new HashMap<>()).put(w.id(), w.data());
            }
        }
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
