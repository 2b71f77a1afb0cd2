package dev.zaileys.store.redis;

import dev.zaileys.model.MessageKey;
import dev.zaileys.testkit.BindingContract;
import dev.zaileys.testkit.ConcurrentMergeContract;
import dev.zaileys.testkit.DurableMessageStoreContract;
import dev.zaileys.testkit.ScheduledJobStoreContract;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

@DisplayName("RedisMessageStore")
class RedisMessageStoreTest extends DurableMessageStoreContract<RedisMessageStore> {

    private final Map<RedisMessageStore, String> namespaces = new IdentityHashMap<>();

    @Override
    protected RedisMessageStore newStore() {
        String ns = RedisTesting.freshNamespace("store");
        RedisMessageStore s = RedisMessageStore.builder().url(RedisTesting.url()).namespace(ns).build();
        namespaces.put(s, ns);
        return s;
    }

    @Override
    protected RedisMessageStore reopen(RedisMessageStore store) {
        RedisMessageStore s = RedisMessageStore.builder().url(RedisTesting.url()).namespace(store.namespace()).build();
        namespaces.put(s, store.namespace());
        return s;
    }

    @Override
    protected boolean corruptMessage(RedisMessageStore store, MessageKey key) {
        Keys keys = new Keys(store.namespace());
        RedisTesting.raw().hset(keys.messageData(key.remoteJid()), Keys.member(key), "{\"key\":");
        return true;
    }

    @Override
    protected RedisMessageStore unreachableStore() {
        return RedisMessageStore.builder().url("redis://127.0.0.1:" + dev.zaileys.testkit.Misconfigured.closedPort()).build();
    }

    @Override
    protected void afterEach(RedisMessageStore store) {
        String ns = namespaces.remove(store);
        if (ns != null) {
            RedisTesting.dropNamespace(ns);
        }
    }

    @Nested
    class ScheduledJobs extends ScheduledJobStoreContract<RedisMessageStore> {
        ScheduledJobs() {
            super(RedisMessageStoreTest.this);
        }
    }

    @Nested
    class SocketBinding extends BindingContract<RedisMessageStore> {
        SocketBinding() {
            super(RedisMessageStoreTest.this);
        }
    }

    @Nested
    @DisplayName("two stores, each with its own connection, on one namespace")
    class TwoStores extends ConcurrentMergeContract<RedisMessageStore> {
        @Override
        protected RedisMessageStore newStore() {
            return RedisMessageStoreTest.this.newStore();
        }

        @Override
        protected RedisMessageStore reopen(RedisMessageStore store) {
            return RedisMessageStoreTest.this.reopen(store);
        }

        @Override
        protected void afterEach(RedisMessageStore store) {
            RedisMessageStoreTest.this.afterEach(store);
        }
    }
}
