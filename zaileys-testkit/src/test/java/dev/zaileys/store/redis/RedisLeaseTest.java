package dev.zaileys.store.redis;

import dev.zaileys.testkit.SessionLeaseContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("RedisAuthStore lease")
class RedisLeaseTest extends SessionLeaseContract<RedisAuthStore> {
    @Override
    protected RedisAuthStore newStore() {
        return RedisAuthStore.builder().url(RedisTesting.url()).namespace(RedisTesting.freshNamespace("lease")).build();
    }

    @Override
    protected RedisAuthStore reopen(RedisAuthStore store) {
        return RedisAuthStore.builder().url(RedisTesting.url()).namespace(store.namespace()).build();
    }
}
