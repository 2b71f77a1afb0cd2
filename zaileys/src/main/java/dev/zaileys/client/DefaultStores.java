package dev.zaileys.client;

import dev.zaileys.store.AuthStoreBundle;
import java.lang.reflect.Method;
import java.nio.file.Path;

/** The client's default stores. */
final class DefaultStores {

    private DefaultStores() {}

    /** A file auth store at {@code dir} (looked up reflectively until the File adapter is merged). */
    static AuthStoreBundle fileAuth(Path dir) {
        try {
            Class<?> c = Class.forName("dev.zaileys.store.file.FileAuthStore");
            Object builder = c.getMethod("builder").invoke(null);
            Method basePath = builder.getClass().getMethod("basePath", Path.class);
            basePath.invoke(builder, dir);
            return (AuthStoreBundle) builder.getClass().getMethod("build").invoke(builder);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("no auth store was given and the default FileAuthStore is not available;"
                    + " pass one with Client.builder().auth(...)", e);
        }
    }
}
