package dev.zaileys.store.file;

import dev.zaileys.testkit.SessionLeaseContract;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("FileAuthStore lease (OS lock + epoch file)")
class FileLeaseTest extends SessionLeaseContract<FileAuthStore> {
    @TempDir
    Path tmp;
    private int seq;

    @Override
    protected FileAuthStore newStore() {
        return FileAuthStore.builder().basePath(tmp.resolve("s" + (++seq))).build();
    }

    @Override
    protected FileAuthStore reopen(FileAuthStore store) {
        return FileAuthStore.builder().basePath(store.basePath()).build();
    }

    @Override
    protected boolean expiresByTtl() {
        return false;
    }
}
