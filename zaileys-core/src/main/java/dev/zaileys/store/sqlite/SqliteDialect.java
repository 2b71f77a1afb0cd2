package dev.zaileys.store.sqlite;

import dev.zaileys.store.internal.jdbc.SqlDialect;

/** SQLite: the Node original's table names, BLOB payloads. */
final class SqliteDialect extends SqlDialect {

    static final SqliteDialect INSTANCE = new SqliteDialect();

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public String defaultTableName(String base) {
        return base.equals("jobs") ? "zaileys_jobs" : base;
    }

    @Override
    public String tableExistsQuery() {
        return "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?";
    }
}
