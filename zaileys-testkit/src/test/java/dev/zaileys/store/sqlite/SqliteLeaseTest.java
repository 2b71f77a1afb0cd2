package dev.zaileys.store.sqlite;

import dev.zaileys.testkit.SessionLeaseContract;
import dev.zaileys.testkit.StoreHomes;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;

@DisplayName("SqliteAuthStore lease")
class SqliteLeaseTest extends SessionLeaseContract<SqliteAuthStore> {
    private final StoreHomes<SqliteAuthStore, Path> files = new StoreHomes<>(file -> SqliteAuthStore.builder().database(file.toString()).build());

    @Override
    protected SqliteAuthStore newStore() {
        return files.open(SqliteTesting.newFile());
    }

    @Override
    protected SqliteAuthStore reopen(SqliteAuthStore store) {
        return files.reopen(store);
    }
}
