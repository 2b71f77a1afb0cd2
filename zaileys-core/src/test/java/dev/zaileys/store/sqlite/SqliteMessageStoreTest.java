package dev.zaileys.store.sqlite;

import dev.zaileys.store.contract.MessageStoreContract;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

@DisplayName("SqliteMessageStore")
class SqliteMessageStoreTest {

    @Nested
    @DisplayName("on a file")
    class OnFile extends MessageStoreContract<SqliteMessageStore> {
        private final Map<SqliteMessageStore, Path> files = new IdentityHashMap<>();

        @Override
        protected SqliteMessageStore newStore() {
            Path file = SqliteTesting.newFile();
            SqliteMessageStore s = SqliteMessageStore.open(file.toString());
            files.put(s, file);
            return s;
        }

        @Override
        protected SqliteMessageStore reopen(SqliteMessageStore store) {
            Path file = files.get(store);
            SqliteMessageStore s = SqliteMessageStore.open(file.toString());
            files.put(s, file);
            return s;
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
