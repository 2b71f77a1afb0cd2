package dev.zaileys.store.sqlite;

import dev.zaileys.store.ZaileysStoreException;
import dev.zaileys.store.ZaileysStoreException.Code;
import dev.zaileys.store.jdbc.JdbcTables;

/**
 * The options both SQLite stores take, as in the seed: {@code database} (a file path, or
 * {@code :memory:}), {@code readonly}; plus {@code session} to keep several sessions in one file
 * (null or {@code "default"}: the Node original's tables).
 */
record SqliteOptions(String database, boolean readonly, String session) {

    static final String MEMORY = ":memory:";

    SqliteOptions {
        if (database == null || database.isBlank()) {
            throw new ZaileysStoreException(Code.STORE_INVALID_INPUT, "database is required: a file path or :memory:");
        }
        if (database.indexOf('\0') >= 0 || database.startsWith("file:") || database.contains("?")) {
            throw new ZaileysStoreException(Code.STORE_INVALID_INPUT, "database must be a plain file path or :memory:");
        }
        if (readonly && database.equals(MEMORY)) {
            throw new ZaileysStoreException(Code.STORE_INVALID_INPUT, "readonly needs a database file; :memory: starts empty");
        }
        session = JdbcTables.checkedSession(session);
    }

    JdbcTables tables() {
        return new JdbcTables(session, SqliteDialect.INSTANCE::defaultTableName);
    }
}
