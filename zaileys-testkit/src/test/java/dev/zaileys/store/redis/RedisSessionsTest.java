package dev.zaileys.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.SessionCatalog;
import dev.zaileys.testkit.SessionCatalogContract;
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
}
