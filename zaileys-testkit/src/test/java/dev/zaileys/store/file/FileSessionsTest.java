package dev.zaileys.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.SessionCatalog;
import dev.zaileys.testkit.SessionCatalogContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("File: session catalog contract (a session is a folder)")
class FileSessionsTest extends SessionCatalogContract {

    @TempDir
    static Path base;

    @Override
    protected SessionCatalog newCatalog() {
        return FileSessions.of(base);
    }

    @Override
    protected AuthStoreBundle newAuth(String session) {
        return FileAuthStore.builder().basePath(base.resolve(session)).build();
    }

    @Override
    protected MessageStore newMessages(String session) {
        return null;
    }

    @Override
    protected String invalidName() {
        return "../escape";
    }

    @Test
    @DisplayName("a folder that holds no store is no session, and drop leaves it alone")
    void otherFolders() throws Exception {
        Path other = Files.createDirectories(base.resolve("photos"));
        Files.writeString(other.resolve("a.txt"), "keep");
        assertThat(catalog.list()).doesNotContain("photos");
        assertThat(catalog.drop("photos")).isFalse();
        assertThat(other.resolve("a.txt")).exists();
        assertThat(FileSessions.of(base.resolve("missing")).list()).isEmpty();
    }
}
