package dev.zaileys.store.postgres;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.internal.jdbc.JdbcSessions;
import javax.sql.DataSource;

/**
 * The sessions kept in one PostgreSQL database. The default session is the Node original's
 * {@code zaileys_*} tables; named sessions are rows of the shared {@code zaileys_ms_*} tables,
 * registered in {@code zaileys_sessions} by their first store. Sessions of the per-session layout
 * of older versions ({@code zaileys_s_<s>__*}) are moved into the shared tables at first use.
 *
 * <pre>{@code
 * try (var sessions = PostgresSessions.of(dataSource)) {
 *     sessions.list().forEach(System.out::println);
 * }
 * }</pre>
 */
public final class PostgresSessions extends JdbcSessions {

    private final PostgresOptions options;

    private PostgresSessions(PostgresOptions options) {
        super(options::open, PostgresDialect.INSTANCE);
        this.options = options;
    }

    /** A catalog on its own one-connection pool, closed with the catalog; connects at first use. */
    public static PostgresSessions of(String connectionString) {
        if (connectionString == null) {
            throw ZaileysStoreException.invalid("connectionString is required");
        }
        return new PostgresSessions(PostgresOptions.of(connectionString, null, 1, null));
    }

    /** A catalog on your DataSource (the stores' shared pool, say), which it never closes. */
    public static PostgresSessions of(DataSource pool) {
        if (pool == null) {
            throw ZaileysStoreException.invalid("pool is required");
        }
        return new PostgresSessions(PostgresOptions.of(null, pool, null, null));
    }

    @Override
    public String toString() {
        return "PostgresSessions[" + options + "]";
    }
}
