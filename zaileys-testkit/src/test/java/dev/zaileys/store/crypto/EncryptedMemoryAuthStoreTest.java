package dev.zaileys.store.crypto;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.memory.MemoryAuthStore;
import org.junit.jupiter.api.DisplayName;

@DisplayName("EncryptedAuthStore over MemoryAuthStore")
class EncryptedMemoryAuthStoreTest extends EncryptedAuthStoreTest {

    @Override
    protected AuthStoreBundle newInner() {
        return new MemoryAuthStore();
    }

    /** A second decorator over the same memory store (which keeps nothing beyond its instance). */
    @Override
    protected AuthStoreBundle reopenInner(AuthStoreBundle inner) {
        return inner;
    }
}
