package dev.zaileys.store.memory;

import dev.zaileys.testkit.AuthStoreContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("MemoryAuthStore")
class MemoryAuthStoreTest extends AuthStoreContract<MemoryAuthStore> {

    @Override
    protected MemoryAuthStore newStore() {
        return MemoryAuthStore.builder().build();
    }
}
