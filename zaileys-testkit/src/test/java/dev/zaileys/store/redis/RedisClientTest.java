package dev.zaileys.store.redis;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.testkit.ClientContract;
import org.junit.jupiter.api.AfterEach;

/**
 * The client contract on Redis: auth and history in distinct namespaces of one server, every
 * open a new store with its own connection.
 */
class RedisClientTest extends ClientContract {

    private final String auth = RedisTesting.freshNamespace("client-auth");
    private final String store = RedisTesting.freshNamespace("client-store");

    @AfterEach
    void dropNamespaces() {
        RedisTesting.dropNamespace(auth);
        RedisTesting.dropNamespace(store);
    }

    @Override
    protected AuthStoreBundle openAuth(String sessionId) {
        return RedisAuthStore.builder().url(RedisTesting.url()).namespace(auth + "-" + sessionId).build();
    }

    @Override
    protected MessageStore openMessages() {
        return RedisMessageStore.builder().url(RedisTesting.url()).namespace(store).build();
    }
}
