package dev.zaileys.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zaileys.metrics.MeteredAuthStore;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.SessionLease;
import dev.zaileys.store.memory.MemoryAuthStore;
import dev.zaileys.testkit.AuthStoreContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The timing wrapper is a faithful auth store: the whole contract behind it. */
@DisplayName("MeteredAuthStore over memory")
class MeteredAuthStoreContractTest extends AuthStoreContract<MeteredAuthStore> {

    @Override
    protected MeteredAuthStore newStore() {
        return MeteredAuthStore.wrap(MemoryAuthStore.builder().build(), new SimpleMeterRegistry(), List.of());
    }

    /** A wrapper that hid the lease would let a Spring-made client run its session unfenced. */
    @Test
    void passesTheLeaseOfItsStoreThrough() {
        try (MeteredAuthStore store = newStore()) {
            SessionLease lease = store.lease().orElseThrow();
            try (SessionLease.Lease held = lease.acquire(Duration.ofSeconds(30), Duration.ZERO)) {
                assertThat(held.epoch()).isPositive();
                assertThat(store.delegate().lease().orElseThrow().holder()).isPresent();
                assertThatThrownBy(() -> lease.acquire(Duration.ofSeconds(30), Duration.ZERO))
                        .isInstanceOfSatisfying(ZaileysStoreException.class,
                                e -> assertThat(e.code()).isEqualTo(ZaileysStoreException.Code.STORE_LEASE_HELD));
            }
        }
    }
}
