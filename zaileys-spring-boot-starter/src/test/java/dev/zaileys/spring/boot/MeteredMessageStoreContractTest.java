package dev.zaileys.spring.boot;

import dev.zaileys.metrics.MeteredMessageStore;
import dev.zaileys.store.memory.MemoryMessageStore;
import dev.zaileys.testkit.BindingContract;
import dev.zaileys.testkit.MessageStoreContract;
import dev.zaileys.testkit.ScheduledJobStoreContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/** The timing wrapper is a faithful message store: the whole contract, on a memory store behind it. */
@DisplayName("MeteredMessageStore over memory")
class MeteredMessageStoreContractTest extends MessageStoreContract<MeteredMessageStore> {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Override
    protected MeteredMessageStore newStore() {
        return MeteredMessageStore.wrap(MemoryMessageStore.builder().build(), registry, List.of());
    }

    @Nested
    class ScheduledJobs extends ScheduledJobStoreContract<MeteredMessageStore> {
        ScheduledJobs() {
            super(MeteredMessageStoreContractTest.this);
        }
    }

    @Nested
    class SocketBinding extends BindingContract<MeteredMessageStore> {
        SocketBinding() {
            super(MeteredMessageStoreContractTest.this);
        }
    }
}
