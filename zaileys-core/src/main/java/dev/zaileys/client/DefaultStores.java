package dev.zaileys.client;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.file.FileAuthStore;
import java.nio.file.Path;

/** The client's default stores. */
final class DefaultStores {

    private DefaultStores() {}

    /** The default auth: a file store in the session's own folder. */
    static AuthStoreBundle fileAuth(Path dir) {
        return FileAuthStore.builder().basePath(dir).build();
    }
}
