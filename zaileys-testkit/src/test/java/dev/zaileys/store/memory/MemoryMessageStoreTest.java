package dev.zaileys.store.memory;

import dev.zaileys.testkit.MessageStoreContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("MemoryMessageStore")
class MemoryMessageStoreTest extends MessageStoreContract<MemoryMessageStore> {

    @Override
    protected MemoryMessageStore newStore() {
        return MemoryMessageStore.builder().build();
    }
}
