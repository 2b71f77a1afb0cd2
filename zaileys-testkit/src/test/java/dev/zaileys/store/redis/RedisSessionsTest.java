package dev.zaileys.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Presence;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.SessionCatalog;
import dev.zaileys.testkit.SessionCatalogContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Redis: session catalog contract, and the registry set")
class RedisSessionsTest extends SessionCatalogContract {

    @Override
    protected SessionCatalog newCatalog() {
        return RedisSessions.of(RedisTesting.url());
    }

    @Override
    protected AuthStoreBundle newAuth(String session) {
        return RedisAuthStore.builder().url(RedisTesting.url()).namespace(session).build();
    }

    @Override
    protected MessageStore newMessages(String session) {
        return RedisMessageStore.builder().url(RedisTesting.url()).namespace(session).build();
    }

    @Override
    protected String invalidName() {
        return "has space";
    }

    @Override
    protected String sessionName(String base) {
        return RedisTesting.freshNamespace(base);
    }

    @Test
    @DisplayName("a store registers its namespace when it connects (listing reads the set, no SCAN); drop empties the prefix only")
    void registry() {
        String ns = RedisTesting.freshNamespace("reg:with%colon");
        String neighbour = ns + "x";
        try (RedisAuthStore a = RedisAuthStore.builder().url(RedisTesting.url()).namespace(ns).build();
             RedisAuthStore b = RedisAuthStore.builder().url(RedisTesting.url()).namespace(neighbour).build()) {
            assertThat(RedisTesting.raw().sismember(Keys.REGISTRY, ns)).isFalse();
            a.readCreds();
            b.writeCreds(dev.zaileys.testkit.Fixtures.creds());
            a.writeCreds(dev.zaileys.testkit.Fixtures.creds());
        }
        assertThat(RedisTesting.raw().sismember(Keys.REGISTRY, ns)).isTrue();
        assertThat(catalog.list()).contains(ns, neighbour);
        assertThat(catalog.drop(ns)).isTrue();
        assertThat(RedisTesting.keysOf(ns)).isEmpty();
        assertThat(RedisTesting.keysOf(neighbour)).isNotEmpty();
        assertThat(catalog.list()).doesNotContain(ns).contains(neighbour);
        catalog.drop(neighbour);
    }

    @Test
    @DisplayName("a summary walks the namespace once and counts only its own keys, not a neighbour's sharing its prefix")
    void summaryCountsOwnKeysOnly() {
        String ns = RedisTesting.freshNamespace("sum");
        String[] neighbours = {ns + "x", ns + ":msg", ns + ":auth"};
        for (String n : neighbours) {
            try (RedisMessageStore m = RedisMessageStore.builder().url(RedisTesting.url()).namespace(n).build()) {
                m.savePresence("9@s.whatsapp.net", Presence.of((ObjectNode)
                        BufferJson.decode("{\"lastKnownPresence\":\"available\"}")));
            }
            try (RedisAuthStore a = RedisAuthStore.builder().url(RedisTesting.url()).namespace(n).build()) {
                a.write(Map.of("session", Map.of("n", JsonNodeFactory.instance.objectNode().put("k", 1))));
            }
        }
        try (RedisAuthStore a = RedisAuthStore.builder().url(RedisTesting.url()).namespace(ns).build()) {
            a.write(Map.of("pre-key", Map.of("1", JsonNodeFactory.instance.objectNode().put("k", 1))));
        }
        var s = catalog.summary(ns).orElseThrow();
        assertThat(List.of(s.signalKeys(), s.messages(), s.presences())).containsExactly(1L, 0L, 0L);
        for (String n : neighbours) {
            var t = catalog.summary(n).orElseThrow();
            assertThat(List.of(t.signalKeys(), t.messages(), t.presences())).containsExactly(1L, 0L, 1L);
            catalog.drop(n);
        }
        catalog.drop(ns);
    }
}
