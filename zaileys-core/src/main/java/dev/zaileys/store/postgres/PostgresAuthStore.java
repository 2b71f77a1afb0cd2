package dev.zaileys.store.postgres;

import dev.zaileys.store.internal.jdbc.JdbcAuthStore;

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

    /**
     * The only way to make one. Options: exactly one of {@code connectionString} (with
     * {@code max}) and {@code pool}; {@code session}. {@code build()} throws
     * {@code STORE_INVALID_INPUT} for options that are malformed or conflict and connects to nothing.
     */
    public static PostgresOptions.Builder<PostgresAuthStore> builder() {
        return new PostgresOptions.Builder<>(PostgresAuthStore::new);
    }

    @Override
    public String toString() {
        return "PostgresAuthStore[" + options + "]";
    }
}
