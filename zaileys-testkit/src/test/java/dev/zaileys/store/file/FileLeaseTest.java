package dev.zaileys.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zaileys.crash.LeaseChild;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.SessionLease;
import dev.zaileys.testing.ChildJvm;
import dev.zaileys.testkit.SessionLeaseContract;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
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

    @Test
    @DisplayName("F1 other stores of this JVM asking about a held lock never drop it (closing a channel drops a process's POSIX locks): another process is still refused")
    void inProcessProbesKeepTheLock() {
        FileAuthStore owner = newStore();
        FileAuthStore other = reopen(owner);
        try (SessionLease.Lease lease = owner.lease().orElseThrow().acquire(Duration.ofSeconds(30), Duration.ZERO)) {
            for (int i = 0; i < 3; i++) {
                assertThat(other.lease().orElseThrow().holder()).isPresent();
                assertThatThrownBy(() -> other.lease().orElseThrow().acquire(Duration.ofSeconds(30), Duration.ZERO))
                        .isInstanceOf(ZaileysStoreException.class);
            }
            Path base = owner.basePath();
            try (ChildJvm child = ChildJvm.start(LeaseChild.class, List.of("FILE", base.getParent().toString(),
                    base.getFileName().toString(), "2000", "0", "-"))) {
                String line = child.awaitLine(l -> l.startsWith("refused ") || l.equals("connected"), Duration.ofSeconds(60));
                assertThat(line).startsWith("refused ").contains("pid " + ProcessHandle.current().pid());
            }
            assertThat(lease.held()).isTrue();
        }
    }
}
