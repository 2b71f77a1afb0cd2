package dev.zaileys.store.memory;

import dev.zaileys.testkit.SessionLeaseContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("MemoryAuthStore lease")
class MemoryLeaseTest extends SessionLeaseContract<MemoryAuthStore> {
    @Override
    protected MemoryAuthStore newStore() {
        return new MemoryAuthStore();
    }

    @Override
    protected MemoryAuthStore reopen(MemoryAuthStore store) {
        return store;
    }

    @Override
    protected boolean separateInstances() {
        return false;
    }
}
