package dev.zaileys.store.postgres;

import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.internal.OwnedOrProvided;
import dev.zaileys.store.internal.jdbc.JdbcConnections;
import dev.zaileys.store.internal.jdbc.JdbcTables;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The options both PostgreSQL stores take, as in the seed: exactly one of
 * {@code connectionString} (the store creates and closes a HikariCP pool of at most {@code max}
 * connections) and {@code pool} (a DataSource the caller owns); plus {@code session}.
 */
public final class PostgresOptions {

    /** Options of a PostgreSQL store; {@link #build()} validates them and builds the store. */
    public static final class Builder<S> {
        private final Function<PostgresOptions, S> factory;
        private String connectionString;
        private DataSource pool;
        private Integer max;
        private String session;

        Builder(Function<PostgresOptions, S> factory) {
            this.factory = factory;
        }

        /** {@code postgres://user:password@host:port/database?param=...}; the store owns its pool. */
        public Builder<S> connectionString(String connectionString) {
            this.connectionString = connectionString;
            return this;
        }

        /** A DataSource you own and close (typically a pool shared by many stores). */
        public Builder<S> pool(DataSource pool) {
            this.pool = pool;
            return this;
        }

        /** The most connections of the pool made from {@code connectionString}; default 10. */
        public Builder<S> max(int max) {
            this.max = max;
            return this;
        }

        /**
         * Keeps this store's data apart from other sessions in the same database: {@code [a-z0-9_-]},
         * 1 to 32 characters, rows of the shared {@code zaileys_ms_*} tables. Default (null or
         * {@code "default"}): the Node original's tables. See {@link PostgresSessions}.
         */
        public Builder<S> session(String session) {
            this.session = session;
            return this;
        }

        /**
         * Validates the options and builds the store; nothing connects before its first call.
         *
         * @throws dev.zaileys.model.ZaileysStoreException {@code STORE_INVALID_INPUT} when both or
         *     neither of connectionString and pool are set, the string is malformed, max is out of
         *     range or set beside a pool, or the session name is bad
         */
        public S build() {
            return factory.apply(PostgresOptions.of(connectionString, pool, max, session));
        }
    }

    private final PostgresUrl url;
    private final DataSource pool;
    private final int max;
    private final String session;

    PostgresOptions(PostgresUrl url, DataSource pool, int max, String session) {
        this.url = url;
        this.pool = pool;
        this.max = max;
        this.session = session;
    }

    /** pg's default pool size. */
    static final int DEFAULT_MAX = 10;

    static PostgresOptions of(String connectionString, DataSource pool, Integer max, String session) {
        boolean owned = OwnedOrProvided.owned("connectionString", connectionString, "pool", pool);
        if (!owned && max != null) {
            throw ZaileysStoreException.invalid("max sizes the pool a connectionString makes; a pool you pass is sized by you");
        }
        if (max != null && (max < 1 || max > 10_000)) {
            throw ZaileysStoreException.invalid("max must be between 1 and 10000; got " + max);
        }
        PostgresUrl url = connectionString == null ? null : PostgresUrl.parse(connectionString);
        return new PostgresOptions(url, pool, max == null ? DEFAULT_MAX : max, JdbcTables.checkedSession(session));
    }

    JdbcTables tables() {
        return new JdbcTables(session, PostgresDialect.INSTANCE::defaultTableName);
    }

    /** What the store is connected to, for messages and toString; never a password. */
    String where() {
        return url != null ? url.masked : "a DataSource (" + pool.getClass().getSimpleName() + ")";
    }

    /** Connections for one store: the caller's DataSource, or a lease on a shared HikariCP pool. */
    JdbcConnections open() {
        if (pool != null) {
            return new PostgresConnections(pool, where(), null, () -> {});
        }
        PgPools.Lease lease;
        try {
            Class.forName("org.postgresql.Driver");
            lease = PgPools.acquire(url, max);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ZaileysStoreException(Code.STORE_NOT_AVAILABLE, "PostgreSQL stores opened from a connectionString "
                    + "need org.postgresql:postgresql and com.zaxxer:HikariCP on the classpath (missing: "
                    + missingClass(e) + ")", e);
        } catch (RuntimeException e) {
            throw PgErrors.map(e, Code.STORE_CONNECTION_FAILED, "open", where(), url.password);
        }
        return new PostgresConnections(lease.dataSource(), where(), url.password, lease.release());
    }

    private static String missingClass(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.replace('/', '.');
    }

    @Override
    public String toString() {
        return where() + (session.equals(JdbcTables.DEFAULT_SCOPE) ? "" : ", session " + session);
    }
}
