package dev.zaileys.spring.boot;

import dev.zaileys.metrics.MeteredAuthStore;
import dev.zaileys.store.memory.MemoryAuthStore;
import dev.zaileys.testkit.AuthStoreContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/** The timing wrapper is a faithful auth store: the whole contract behind it. */
@DisplayName("MeteredAuthStore over memory")
class MeteredAuthStoreContractTest extends AuthStoreContract<MeteredAuthStore> {

    @Override
    protected MeteredAuthStore newStore() {
        return MeteredAuthStore.wrap(MemoryAuthStore.builder().build(), new SimpleMeterRegistry(), List.of());
    }
}
