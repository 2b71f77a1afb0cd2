package dev.zaileys.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.store.SessionLease;
import dev.zaileys.testkit.Fixtures;
import dev.zaileys.testkit.SessionLeaseContract;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

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

    @Test
    @DisplayName("a stale owner's clear is fenced even when it finds no auth key to delete")
    void staleClearOfNothingIsFenced() {
        try (RedisAuthStore old = newStore(); RedisAuthStore fresh = reopen(old)) {
            old.lease().orElseThrow().acquire(TTL, Duration.ZERO).close();
            try (SessionLease.Lease now = fresh.lease().orElseThrow().acquire(TTL, Duration.ZERO)) {
                assertThatThrownBy(old::clear).isInstanceOfSatisfying(ZaileysStoreException.class,
                        e -> assertThat(e.code()).isEqualTo(Code.STORE_FENCED));
                fresh.writeCreds(Fixtures.creds());
                assertThatThrownBy(old::clear).isInstanceOfSatisfying(ZaileysStoreException.class,
                        e -> assertThat(e.code()).isEqualTo(Code.STORE_FENCED));
                try (RedisAuthStore reader = reopen(old)) {
                    assertThat(reader.readCreds()).isPresent();
                }
            }
        }
    }
}
