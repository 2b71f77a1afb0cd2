package dev.zaileys.store.sqlite;

import dev.zaileys.model.MessageKey;
import dev.zaileys.testkit.BindingContract;
import dev.zaileys.testkit.ConcurrentMergeContract;
import dev.zaileys.testkit.DurableMessageStoreContract;
import dev.zaileys.testkit.MessageStoreContract;
import dev.zaileys.testkit.ScheduledJobStoreContract;
import dev.zaileys.testkit.StoreHomes;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

@DisplayName("SqliteMessageStore")
class SqliteMessageStoreTest {

    @Nested
    @DisplayName("on a file")
    class OnFile extends DurableMessageStoreContract<SqliteMessageStore> {
        private final StoreHomes<SqliteMessageStore, Path> files = new StoreHomes<>(file -> SqliteMessageStore.builder().database(file.toString()).build());

        @Override
        protected SqliteMessageStore newStore() {
            return files.open(SqliteTesting.newFile());
        }

        @Override
        protected SqliteMessageStore reopen(SqliteMessageStore store) {
            return files.reopen(store);
        }

        @Override
        protected SqliteMessageStore unreachableStore() {
            // SQLite's "server" is its file: one in a folder that is not there (yet) cannot open
            return SqliteMessageStore.builder().database(SqliteTesting.newFile().resolveSibling("missing-folder")
                    .resolve("x.db").toString()).build();
        }

        @Override
        protected boolean corruptMessage(SqliteMessageStore store, MessageKey key) {
            return SqliteTesting.exec(files.home(store), "UPDATE messages SET data = X'7B7B' WHERE remote_jid = ? AND id = ?"
                    + " AND from_me = ?", key.remoteJid(), key.id(), key.fromMe() ? 1 : 0) == 1;
        }

        @Nested
        class ScheduledJobs extends ScheduledJobStoreContract<SqliteMessageStore> {
            ScheduledJobs() {
                super(OnFile.this);
            }
        }

        @Nested
        class SocketBinding extends BindingContract<SqliteMessageStore> {
            SocketBinding() {
                super(OnFile.this);
            }
        }
    }

    @Nested
    @DisplayName("in :memory:")
    class InMemory extends MessageStoreContract<SqliteMessageStore> {
        @Override
        protected SqliteMessageStore newStore() {
            return SqliteMessageStore.builder().database(":memory:").build();
        }

        @Nested
        class ScheduledJobs extends ScheduledJobStoreContract<SqliteMessageStore> {
            ScheduledJobs() {
                super(InMemory.this);
            }
        }

        @Nested
        class SocketBinding extends BindingContract<SqliteMessageStore> {
            SocketBinding() {
                super(InMemory.this);
            }
        }
    }

    @Nested
    @DisplayName("two stores on one file")
    class TwoStores extends ConcurrentMergeContract<SqliteMessageStore> {
        private final StoreHomes<SqliteMessageStore, Path> files = new StoreHomes<>(file -> SqliteMessageStore.builder().database(file.toString()).build());

        @Override
        protected SqliteMessageStore newStore() {
            return files.open(SqliteTesting.newFile());
        }

        @Override
        protected SqliteMessageStore reopen(SqliteMessageStore store) {
            return files.reopen(store);
        }
    }
}
