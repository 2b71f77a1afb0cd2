package dev.zaileys.client;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.file.FileAuthStore;
import dev.zaileys.store.memory.MemoryMessageStore;
import dev.zaileys.testkit.ClientContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The client contract with File auth (a new store on the session's folder per open) and memory history. */
class FileAuthClientTest extends ClientContract {

    @TempDir
    Path dir;

    private MemoryMessageStore messages;

    @Override
    protected AuthStoreBundle openAuth(String sessionId) {
        return FileAuthStore.builder().basePath(dir.resolve("auth").resolve(sessionId)).build();
    }

    @Override
    protected MessageStore openMessages() {
        if (messages == null) {
            messages = new MemoryMessageStore();
        }
        return messages;
    }
}
