package dev.zaileys.store.sqlite;

import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.internal.jdbc.JdbcTables;

/**
 * The options both SQLite stores take, as in the seed: {@code database} (a file path, or
 * {@code :memory:}), {@code readonly}; plus {@code session} to keep several sessions in one file
 * (null or {@code "default"}: the Node original's tables).
 */
public record SqliteOptions(String database, boolean readonly, String session) {

    /** The options both SQLite stores take, validated by {@link #build()}. */
    public static final class Builder<S> {
        private final java.util.function.Function<SqliteOptions, S> factory;
        private String database;
        private boolean readonly;
        private String session;

        Builder(java.util.function.Function<SqliteOptions, S> factory) {
            this.factory = factory;
        }

        /** The database file (created when missing, unless readonly), or {@code :memory:}. Required. */
        public Builder<S> database(String database) {
            this.database = database;
            return this;
        }

        /** Opens the file read-only: reads work, writes are refused. Default false. */
        public Builder<S> readonly(boolean readonly) {
            this.readonly = readonly;
            return this;
        }

        /**
         * Keeps this store's data apart from other sessions in the same file: {@code [a-z0-9_-]},
         * 1 to 32 characters, rows of the shared {@code zaileys_ms_*} tables. Default (null or {@code "default"}): the Node original's tables.
         */
        public Builder<S> session(String session) {
            this.session = session;
            return this;
        }

        /**
         * @throws dev.zaileys.model.ZaileysStoreException {@code STORE_INVALID_INPUT} for a missing
         *     or malformed database, a bad session name, or readonly on {@code :memory:}
         */
        public S build() {
            return factory.apply(new SqliteOptions(database, readonly, session));
        }
    }

    static final String MEMORY = ":memory:";

    public SqliteOptions {
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

    @Override
    public String toString() {
        return database + (readonly ? ", readonly" : "") + (session.equals("default") ? "" : ", session " + session);
    }

    JdbcTables tables() {
        return new JdbcTables(session, SqliteDialect.INSTANCE::defaultTableName);
    }
}
