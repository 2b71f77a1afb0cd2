package dev.zaileys.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.zaileys.store.memory.MemoryAuthStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyStoresTest {

    private static Map<String, Map<String, JsonNode>> one(String type, String id, JsonNode v) {
        Map<String, JsonNode> m = new HashMap<>();
        m.put(id, v);
        return Map.of(type, m);
    }

    @Test
    void transactionWritesReachTheStoreOnceAtTheEndAndSeeThemselves() {
        MemoryAuthStore store = new MemoryAuthStore();
        TransactionalKeyStore keys = new TransactionalKeyStore(new CachingKeyStore(store));
        keys.transaction(() -> {
            keys.set(one("session", "a.0", TextNode.valueOf("1")));
            assertThat(keys.get("session", List.of("a.0"))).containsEntry("a.0", TextNode.valueOf("1"));
            assertThat(store.read("session", List.of("a.0"))).isEmpty();
            keys.transaction(() -> {
                keys.set(one("session", "a.0", null));
                return null;
            });
            assertThat(keys.get("session", List.of("a.0"))).isEmpty();
            keys.set(one("session", "a.0", TextNode.valueOf("2")));
            assertThat(keys.isInTransaction()).isTrue();
            return null;
        });
        assertThat(keys.isInTransaction()).isFalse();
        assertThat(store.read("session", List.of("a.0"))).containsEntry("a.0", TextNode.valueOf("2"));
    }

    @Test
    void aFailedTransactionWritesNothing() {
        MemoryAuthStore store = new MemoryAuthStore();
        TransactionalKeyStore keys = new TransactionalKeyStore(CachingKeyStore.direct(store));
        assertThatThrownBy(() -> keys.transaction(() -> {
            keys.set(one("pre-key", "1", TextNode.valueOf("x")));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(store.read("pre-key", List.of("1"))).isEmpty();
    }

    @Test
    void theCacheServesReadsAndFollowsWritesAndDeletes() {
        MemoryAuthStore store = new MemoryAuthStore();
        CachingKeyStore cache = new CachingKeyStore(store);
        cache.set(one("session", "b.0", TextNode.valueOf("v1")));
        store.write(one("session", "b.0", TextNode.valueOf("behind the cache's back")));
        assertThat(cache.get("session", List.of("b.0", "missing"))).containsExactly(Map.entry("b.0", TextNode.valueOf("v1")));
        cache.set(one("session", "b.0", null));
        assertThat(cache.get("session", List.of("b.0"))).isEmpty();
        store.write(one("session", "c.0", TextNode.valueOf("c")));
        assertThat(cache.get("session", List.of("c.0"))).containsEntry("c.0", TextNode.valueOf("c"));
        cache.invalidate();
        assertThat(cache.size()).isZero();
    }

    @Test
    void aFencedViewDropsLateWritesAndCommitsButStillReads() {
        MemoryAuthStore store = new MemoryAuthStore();
        TransactionalKeyStore keys = new TransactionalKeyStore(new CachingKeyStore(store));
        java.util.concurrent.atomic.AtomicBoolean fence = new java.util.concurrent.atomic.AtomicBoolean();
        dev.zaileys.socket.SignalKeyStore view = keys.fencedBy(fence::get);
        view.set(one("session", "a.0", TextNode.valueOf("1")));
        assertThat(store.read("session", List.of("a.0"))).containsKey("a.0");

        // a transaction that began before the fence went up commits nothing after it
        view.transaction(() -> {
            view.set(one("pre-key", "1", TextNode.valueOf("k")));
            fence.set(true);
            return null;
        });
        view.set(one("session", "b.0", TextNode.valueOf("2")));
        keys.exclusive(store::clear);
        view.set(one("session", "c.0", TextNode.valueOf("3")));

        assertThat(store.listKeyIds()).isEmpty();
        keys.set(one("session", "d.0", TextNode.valueOf("4")));
        assertThat(view.get("session", List.of("d.0"))).containsKey("d.0");
    }
}
