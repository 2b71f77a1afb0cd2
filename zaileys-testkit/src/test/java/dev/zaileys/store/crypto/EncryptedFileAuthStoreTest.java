package dev.zaileys.store.crypto;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.file.FileAuthStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("EncryptedAuthStore over FileAuthStore")
class EncryptedFileAuthStoreTest extends EncryptedAuthStoreTest {

    @TempDir
    Path root;

    @Override
    protected AuthStoreBundle newInner() {
        try {
            return FileAuthStore.builder().basePath(Files.createTempDirectory(root, "enc-")).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected AuthStoreBundle reopenInner(AuthStoreBundle inner) {
        return FileAuthStore.builder().basePath(((FileAuthStore) inner).basePath()).build();
    }

    /** The bytes of every file under the store's folder. */
    @Override
    protected String rawText(AuthStoreBundle inner) {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.walk(((FileAuthStore) inner).basePath())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                sb.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    /** Every write fsyncs: the contract's concurrency loops run at a tenth of their size. */
    @Override
    protected int scale() {
        return 10;
    }
}
