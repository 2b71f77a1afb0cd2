package dev.zaileys.store.memory;

import dev.zaileys.testkit.BindingContract;
import dev.zaileys.testkit.MessageStoreContract;
import dev.zaileys.testkit.ScheduledJobStoreContract;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

@DisplayName("MemoryMessageStore")
class MemoryMessageStoreTest extends MessageStoreContract<MemoryMessageStore> {

    @Override
    protected MemoryMessageStore newStore() {
        return MemoryMessageStore.builder().build();
    }

    @Nested
    class ScheduledJobs extends ScheduledJobStoreContract<MemoryMessageStore> {
        ScheduledJobs() {
            super(MemoryMessageStoreTest.this);
        }
    }

    @Nested
    class SocketBinding extends BindingContract<MemoryMessageStore> {
        SocketBinding() {
            super(MemoryMessageStoreTest.this);
        }
    }
}
