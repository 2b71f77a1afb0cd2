package dev.zaileys.client;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.memory.MemoryAuthStore;
import dev.zaileys.store.memory.MemoryMessageStore;
import dev.zaileys.testkit.ClientContract;
import java.util.HashMap;
import java.util.Map;

/** The client contract on the memory stores (one shared instance stands for "the same data"). */
class MemoryClientTest extends ClientContract {

    private final Map<String, MemoryAuthStore> auth = new HashMap<>();
    private MemoryMessageStore messages;

    @Override
    protected AuthStoreBundle openAuth(String sessionId) {
        return auth.computeIfAbsent(sessionId, s -> new MemoryAuthStore());
    }

    @Override
    protected MessageStore openMessages() {
        if (messages == null) {
            messages = new MemoryMessageStore();
        }
        return messages;
    }
}
