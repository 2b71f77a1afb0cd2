package dev.zaileys.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The HikariCP pools that stores create from a connectionString. Stores opened with the same
 * address, credentials and {@code max} share one pool (an auth store and a message store of a
 * session, or many sessions of one process), which closes when its last store closes. The only
 * class that touches HikariCP, loaded at first use, so a missing HikariCP is a typed error of
 * that use.
 */
final class PgPools {

    /** How long a call waits for a connection before failing with STORE_CONNECTION_FAILED. */
    static final long CONNECTION_TIMEOUT_MS = 3_000;

    private record Key(String jdbcUrl, String user, String password, int max) {}

    private static final class Entry {
        final HikariDataSource pool;
        int users;

        Entry(HikariDataSource pool) {
            this.pool = pool;
        }
    }

    private static final Map<Key, Entry> POOLS = new HashMap<>();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private PgPools() {}

    /** A pool lease: the DataSource and the action that gives it back. */
    record Lease(DataSource dataSource, Runnable release) {}

    static Lease acquire(PostgresUrl url, int max) {
        Key key = new Key(url.jdbcUrl, url.user, url.password, max);
        synchronized (POOLS) {
            Entry e = POOLS.get(key);
            if (e == null || e.pool.isClosed()) {
                e = new Entry(create(url, max));
                POOLS.put(key, e);
            }
            e.users++;
            Entry leased = e;
            AtomicInteger once = new AtomicInteger();
            return new Lease(leased.pool, () -> {
                if (once.getAndIncrement() == 0) {
                    giveBack(key, leased);
                }
            });
        }
    }

    private static void giveBack(Key key, Entry e) {
        synchronized (POOLS) {
            if (--e.users > 0) {
                return;
            }
            if (Objects.equals(POOLS.get(key), e)) {
                POOLS.remove(key);
            }
        }
        e.pool.close();
    }

    private static HikariDataSource create(PostgresUrl url, int max) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("zaileys-pg-" + COUNTER.incrementAndGet());
        c.setDriverClassName("org.postgresql.Driver");
        c.setJdbcUrl(url.jdbcUrl);
        if (url.user != null) {
            c.setUsername(url.user);
        }
        if (url.password != null) {
            c.setPassword(url.password);
        }
        c.setMaximumPoolSize(max);
        c.setMinimumIdle(Math.min(1, max));
        c.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        // Driver defaults; parameters in the connection string win over them.
        c.addDataSourceProperty("connectTimeout", "5");
        c.addDataSourceProperty("tcpKeepAlive", "true");
        c.addDataSourceProperty("ApplicationName", "zaileys");
        // The first connection is made lazily by the first call, which reports an unreachable
        // server itself; a pool that cannot connect yet must not fail its construction.
        c.setInitializationFailTimeout(-1);
        return new HikariDataSource(c);
    }
}
