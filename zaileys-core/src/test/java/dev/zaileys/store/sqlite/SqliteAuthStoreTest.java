package dev.zaileys.store.sqlite;

import dev.zaileys.store.contract.AuthStoreContract;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

@DisplayName("SqliteAuthStore")
class SqliteAuthStoreTest {

    @Nested
    @DisplayName("on a file")
    class OnFile extends AuthStoreContract<SqliteAuthStore> {
        private final Map<SqliteAuthStore, Path> files = new IdentityHashMap<>();

        @Override
        protected SqliteAuthStore newStore() {
            Path file = SqliteTesting.newFile();
            SqliteAuthStore s = SqliteAuthStore.open(file.toString());
            files.put(s, file);
            return s;
        }

        @Override
        protected SqliteAuthStore reopen(SqliteAuthStore store) {
            Path file = files.get(store);
            SqliteAuthStore s = SqliteAuthStore.open(file.toString());
            files.put(s, file);
            return s;
        }

        @Override
        protected boolean corrupt(SqliteAuthStore store, String type, String id) {
            Path file = files.get(store);
            int n = type == null
                    ? SqliteTesting.exec(file, "UPDATE auth_creds SET data = X'7B7B' WHERE id = 'default'")
                    : SqliteTesting.exec(file, "UPDATE auth_signal SET data = X'7B7B' WHERE type = ? AND id = ?", type, id);
            return n == 1;
        }
    }

    @Nested
    @DisplayName("in :memory:")
    class InMemory extends AuthStoreContract<SqliteAuthStore> {
        @Override
        protected SqliteAuthStore newStore() {
            return SqliteAuthStore.open(":memory:");
        }
    }
}
