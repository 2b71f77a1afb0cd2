package dev.zaileys.store.sqlite;

import dev.zaileys.store.contract.MessageStoreContract;
import dev.zaileys.store.contract.StoreHomes;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

@DisplayName("SqliteMessageStore")
class SqliteMessageStoreTest {

    @Nested
    @DisplayName("on a file")
    class OnFile extends MessageStoreContract<SqliteMessageStore> {
        private final StoreHomes<SqliteMessageStore, Path> files = new StoreHomes<>(file -> SqliteMessageStore.open(file.toString()));

        @Override
        protected SqliteMessageStore newStore() {
            return files.open(SqliteTesting.newFile());
        }

        @Override
        protected SqliteMessageStore reopen(SqliteMessageStore store) {
            return files.reopen(store);
        }
    }

    @Nested
    @DisplayName("in :memory:")
    class InMemory extends MessageStoreContract<SqliteMessageStore> {
        @Override
        protected SqliteMessageStore newStore() {
            return SqliteMessageStore.open(":memory:");
        }
    }
}
