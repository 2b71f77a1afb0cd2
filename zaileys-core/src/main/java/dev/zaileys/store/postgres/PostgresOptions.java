package dev.zaileys.store.postgres;

import dev.zaileys.store.ZaileysStoreException;
import dev.zaileys.store.ZaileysStoreException.Code;
import dev.zaileys.store.jdbc.JdbcConnections;
import dev.zaileys.store.jdbc.JdbcTables;
import javax.sql.DataSource;

/**
 * The options both PostgreSQL stores take, as in the seed: exactly one of
 * {@code connectionString} (the store creates and closes a HikariCP pool of at most {@code max}
 * connections) and {@code pool} (a DataSource the caller owns); plus {@code session}.
 */
record PostgresOptions(PostgresUrl url, DataSource pool, int max, String session) {

    /** pg's default pool size. */
    static final int DEFAULT_MAX = 10;

    static PostgresOptions of(String connectionString, DataSource pool, Integer max, String session) {
        if (connectionString != null && pool != null) {
            throw new ZaileysStoreException(Code.STORE_CONNECTION_FAILED,
                    "pass exactly one of connectionString and pool, not both");
        }
        if (connectionString == null && pool == null) {
            throw new ZaileysStoreException(Code.STORE_CONNECTION_FAILED,
                    "pass exactly one of connectionString and pool; got neither");
        }
        if (pool != null && max != null) {
            throw new ZaileysStoreException(Code.STORE_CONNECTION_FAILED,
                    "max sizes the pool a connectionString makes; a pool you pass is sized by you");
        }
        if (max != null && (max < 1 || max > 10_000)) {
            throw new ZaileysStoreException(Code.STORE_INVALID_INPUT, "max must be between 1 and 10000; got " + max);
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
