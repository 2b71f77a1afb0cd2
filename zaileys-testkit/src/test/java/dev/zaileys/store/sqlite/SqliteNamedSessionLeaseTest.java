package dev.zaileys.store.sqlite;

import dev.zaileys.testkit.SessionLeaseContract;
import dev.zaileys.testkit.StoreHomes;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;

/**
 * A named session lives in the shared tables: its lease table must come with them even in a file
 * that never held the default session (the lease migration runs for both layouts).
 */
@DisplayName("SqliteAuthStore lease, named session in a new file")
class SqliteNamedSessionLeaseTest extends SessionLeaseContract<SqliteAuthStore> {
    private final StoreHomes<SqliteAuthStore, Path> files = new StoreHomes<>(
            file -> SqliteAuthStore.builder().database(file.toString()).session("bot-1").build());

    @Override
    protected SqliteAuthStore newStore() {
        return files.open(SqliteTesting.newFile());
    }

    @Override
    protected SqliteAuthStore reopen(SqliteAuthStore store) {
        return files.reopen(store);
    }
}
