package dev.zaileys.store.postgres;

import dev.zaileys.store.jdbc.JdbcAuthStore;
import javax.sql.DataSource;

/**
 * An auth store (creds and Signal keys) in PostgreSQL: tables {@code zaileys_auth_creds} (the
 * creds as jsonb in row {@code default}) and {@code zaileys_auth_signal} (values as bytea), the
 * Node original's layout, so either can open a database the other wrote.
 *
 * <p>Pass exactly one of {@code connectionString} (the store makes a HikariCP pool of at most
 * {@code max} connections, shared with other stores opened with the same string and max, and
 * closes it with the last of them) and {@code pool} (your DataSource; you close it). The tables
 * are created and migrated at the first call, which is also where an unreachable server or a
 * missing driver ({@code org.postgresql:postgresql}, {@code com.zaxxer:HikariCP}: both optional)
 * is reported. A Signal {@code write} is one transaction. While the server is down calls fail
 * with {@code STORE_CONNECTION_FAILED} after a few seconds, and work again once it is back.
 *
 * <pre>{@code
 * var auth = PostgresAuthStore.builder().connectionString(System.getenv("DATABASE_URL")).max(5).build();
 * }</pre>
 */
public final class PostgresAuthStore extends JdbcAuthStore {

    private final PostgresOptions options;

    private PostgresAuthStore(PostgresOptions options) {
        super(options::open, PostgresDialect.INSTANCE, options.tables());
        this.options = options;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of a {@link PostgresAuthStore}; validated by {@link #build()}. */
    public static final class Builder {
        private String connectionString;
        private DataSource pool;
        private Integer max;
        private String session;

        private Builder() {}

        /** {@code postgres://user:password@host:port/database?param=...}; the store owns its pool. */
        public Builder connectionString(String connectionString) {
            this.connectionString = connectionString;
            return this;
        }

        /** A DataSource you own and close (typically a pool shared by many stores). */
        public Builder pool(DataSource pool) {
            this.pool = pool;
            return this;
        }

        /** The most connections of the pool made from {@code connectionString}; default 10. */
        public Builder max(int max) {
            this.max = max;
            return this;
        }

        /**
         * Keeps this store's data apart from other sessions in the same database: {@code [a-z0-9_-]},
         * 1 to 32 characters, tables {@code zaileys_s_<session>__*}. Default (null or
         * {@code "default"}): the Node original's tables. See {@link PostgresSessions}.
         */
        public Builder session(String session) {
            this.session = session;
            return this;
        }

        /**
         * @throws dev.zaileys.store.ZaileysStoreException {@code STORE_CONNECTION_FAILED} when both
         *     or neither of connectionString and pool are set, or the string is malformed
         */
        public PostgresAuthStore build() {
            return new PostgresAuthStore(PostgresOptions.of(connectionString, pool, max, session));
        }
    }

    @Override
    public String toString() {
        return "PostgresAuthStore[" + options + "]";
    }
}
