package dev.zaileys.store.sqlite;

import dev.zaileys.testkit.AuthStoreContract;
import dev.zaileys.testkit.DurableAuthStoreContract;
import dev.zaileys.testkit.StoreHomes;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

@DisplayName("SqliteAuthStore")
class SqliteAuthStoreTest {

    @Nested
    @DisplayName("on a file")
    class OnFile extends DurableAuthStoreContract<SqliteAuthStore> {
        private final StoreHomes<SqliteAuthStore, Path> files = new StoreHomes<>(file -> SqliteAuthStore.builder().database(file.toString()).build());

        @Override
        protected SqliteAuthStore newStore() {
            return files.open(SqliteTesting.newFile());
        }

        @Override
        protected SqliteAuthStore reopen(SqliteAuthStore store) {
            return files.reopen(store);
        }

        @Override
        protected boolean corrupt(SqliteAuthStore store, String type, String id) {
            Path file = files.home(store);
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
            return SqliteAuthStore.builder().database(":memory:").build();
        }
    }
}
