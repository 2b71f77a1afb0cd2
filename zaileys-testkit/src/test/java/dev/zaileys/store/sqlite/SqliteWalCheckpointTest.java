package dev.zaileys.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zaileys.model.WAMessage;
import dev.zaileys.workload.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The WAL is copied back into the database by a background checkpoint, not left to SQLite's own
 * one inside a commit (set far above what these saves write): without it every page of these
 * saves would stay in the WAL and the database file would not grow.
 */
class SqliteWalCheckpointTest {

    @Test
    void singleSavesAreCheckpointedOffTheWriterThread() throws Exception {
        Path file = SqliteTesting.newFile();
        List<WAMessage> messages = Workload.asWAMessages(Workload.w1Messages(3 * WalCheckpointer.COMMITS_PER_CHECKPOINT));
        try (SqliteMessageStore store = SqliteMessageStore.builder().database(file.toString()).build()) {
            store.saveMessage(messages.get(0)); // the store opens the file at its first use
            long before = Files.size(file);
            for (WAMessage m : messages.subList(1, messages.size())) {
                store.saveMessage(m); // one commit each
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (Files.size(file) < before + 64 * 1024 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Files.size(file)).as("database file after %d single saves (was %d bytes)", messages.size(), before)
                    .isGreaterThanOrEqualTo(before + 64 * 1024);
            assertThat(store.getMessage(messages.get(messages.size() - 1).key())).isPresent();
        }
        // Reopened: every save is there, whatever the checkpoints did.
        try (SqliteMessageStore store = SqliteMessageStore.builder().database(file.toString()).build()) {
            for (WAMessage m : messages) {
                assertThat(store.getMessage(m.key())).as(m.key().toString()).isPresent();
            }
        }
    }

    /**
     * The last commits of a burst are copied in the pause after it (a follow-up checkpoint), so the
     * next write starts the WAL file over instead of growing it: the file keeps its size.
     */
    @Test
    void theWalStartsOverAfterAPause() throws Exception {
        Path file = SqliteTesting.newFile();
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        List<WAMessage> messages = Workload.asWAMessages(Workload.w1Messages(4 * WalCheckpointer.COMMITS_PER_CHECKPOINT));
        int burst = WalCheckpointer.COMMITS_PER_CHECKPOINT + WalCheckpointer.COMMITS_PER_CHECKPOINT / 2;
        try (SqliteMessageStore store = SqliteMessageStore.builder().database(file.toString()).build()) {
            for (WAMessage m : messages.subList(0, burst)) {
                store.saveMessage(m);
            }
            Thread.sleep(4 * WalCheckpointer.FOLLOW_UP_MS + 500);
            long size = Files.size(wal);
            for (WAMessage m : messages.subList(burst, burst + 8)) {
                store.saveMessage(m);
            }
            assertThat(Files.size(wal)).as("WAL bytes after a pause and 8 more saves").isEqualTo(size);
        }
    }
}
