package dev.zaileys.store.sqlite;

import dev.zaileys.store.internal.jdbc.JdbcMessageStore;

/**
 * A message store (messages, chats, contacts, presence, scheduled jobs) in a SQLite file:
 * tables {@code messages}, {@code chats}, {@code contacts}, {@code presence} (the Node original's
 * layout) and {@code zaileys_jobs}. Each batch of writes is one transaction.
 *
 * <p>WAL mode, prepared statements, a busy timeout of 10 s and {@code BEGIN IMMEDIATE} write
 * transactions, so many stores (and processes) on one file take turns instead of failing with
 * "database is locked". Both SQLite stores may point at one file. The driver,
 * {@code org.xerial:sqlite-jdbc}, is optional: without it the first call throws
 * {@code STORE_NOT_AVAILABLE}. The file is opened and migrated at the first call; a readonly store
 * refuses every write with {@code STORE_INVALID_INPUT} and never creates a missing file.
 *
 * <pre>{@code
 * var store = SqliteMessageStore.builder().database("./zaileys.db").build();
 * }</pre>
 */
public final class SqliteMessageStore extends JdbcMessageStore {

    private final SqliteOptions options;

    private SqliteMessageStore(SqliteOptions options) {
        super(() -> SqliteConnections.open(options.database(), options.readonly(), false), SqliteDialect.INSTANCE, options.tables());
        this.options = options;
    }

    /**
     * The only way to make one. Options: {@code database} (required), {@code readonly},
     * {@code session}; {@code build()} throws {@code STORE_INVALID_INPUT} for a missing or
     * malformed one and opens nothing (the file is opened at the first call).
     */
    public static SqliteOptions.Builder<SqliteMessageStore> builder() {
        return new SqliteOptions.Builder<>(SqliteMessageStore::new);
    }

    @Override
    public String toString() {
        return "SqliteMessageStore[" + options + "]";
    }
}
