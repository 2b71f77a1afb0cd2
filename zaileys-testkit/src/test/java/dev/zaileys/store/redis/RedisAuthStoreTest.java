package dev.zaileys.store.redis;

import dev.zaileys.testkit.DurableAuthStoreContract;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

@DisplayName("RedisAuthStore")
class RedisAuthStoreTest extends DurableAuthStoreContract<RedisAuthStore> {

    private final Map<RedisAuthStore, String> namespaces = new IdentityHashMap<>();

    @Override
    protected RedisAuthStore newStore() {
        String ns = RedisTesting.freshNamespace("auth");
        RedisAuthStore s = RedisAuthStore.builder().url(RedisTesting.url()).namespace(ns).build();
        namespaces.put(s, ns);
        return s;
    }

    @Override
    protected RedisAuthStore reopen(RedisAuthStore store) {
        RedisAuthStore s = RedisAuthStore.builder().url(RedisTesting.url()).namespace(store.namespace()).build();
        namespaces.put(s, store.namespace());
        return s;
    }

    @Override
    protected boolean corrupt(RedisAuthStore store, String type, String id) {
        Keys keys = new Keys(store.namespace());
        RedisTesting.raw().set(type == null ? keys.creds() : keys.signal(type, id), "{\"half\":");
        return true;
    }

    @Override
    protected void afterEach(RedisAuthStore store) {
        String ns = namespaces.remove(store);
        if (ns != null) {
            RedisTesting.dropNamespace(ns);
        }
    }
}
