package dev.zaileys.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.store.AuthStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded in-memory read cache in front of an {@link AuthStore}, as Baileys'
 * {@code makeCacheableSignalKeyStore}: Signal reads hit memory, writes go to the store first and
 * then to the cache (so the cache never holds what the store refused). Safe because one session
 * has one live client in a process (the client refuses a second one).
 */
final class CachingKeyStore implements KeyAccess {

    static final int MAX_ENTRIES = 20_000;

    private final AuthStore store;
    private final Map<String, JsonNode> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonNode> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    CachingKeyStore(AuthStore store) {
        this.store = store;
    }

    @Override
    public Map<String, JsonNode> get(String type, Collection<String> ids) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        synchronized (cache) {
            for (String id : ids) {
                JsonNode v = cache.get(key(type, id));
                if (v != null) {
                    out.put(id, v.deepCopy());
                } else {
                    missing.add(id);
                }
            }
        }
        if (!missing.isEmpty()) {
            Map<String, JsonNode> loaded = store.read(type, missing);
            synchronized (cache) {
                loaded.forEach((id, v) -> cache.put(key(type, id), v.deepCopy()));
            }
            out.putAll(loaded);
        }
        return out;
    }

    @Override
    public void set(Map<String, ? extends Map<String, ? extends JsonNode>> data) {
        store.write(data);
        synchronized (cache) {
            data.forEach((type, values) -> values.forEach((id, v) -> {
                if (v == null || v.isNull()) {
                    cache.remove(key(type, id));
                } else {
                    cache.put(key(type, id), v.deepCopy());
                }
            }));
        }
    }

    @Override
    public void invalidate() {
        synchronized (cache) {
            cache.clear();
        }
    }

    int size() {
        synchronized (cache) {
            return cache.size();
        }
    }

    private static String key(String type, String id) {
        return type + '\u0000' + id;
    }

    /** Plain access without a cache ({@code cacheSignal(false)}). */
    static KeyAccess direct(AuthStore store) {
        return new KeyAccess() {
            @Override
            public Map<String, JsonNode> get(String type, Collection<String> ids) {
                return new HashMap<>(store.read(type, ids));
            }

            @Override
            public void set(Map<String, ? extends Map<String, ? extends JsonNode>> data) {
                store.write(data);
            }

            @Override
            public void invalidate() {}
        };
    }
}
