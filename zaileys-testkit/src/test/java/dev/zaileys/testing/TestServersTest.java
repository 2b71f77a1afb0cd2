package dev.zaileys.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Proves the test servers are real, isolated, and survive a stop/start with their data. */
class TestServersTest {

    // ------------------------------------------------------------------ PostgreSQL

    @Test
    @Timeout(90) // first run on a machine extracts the PostgreSQL binaries (~3 s here)
    void sharedPostgresGivesFreshDatabases() throws Exception {
        TestPostgres pg = TestPostgres.shared();
        String url = pg.createDatabase();
        String db = TestPostgres.databaseOf(url);
        assertThat(url).startsWith("postgres://").endsWith("/" + db);

        try (Connection c = pg.dataSource(db).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (k text PRIMARY KEY, v int)");
            s.execute("INSERT INTO t VALUES ('a', 1)");
            assertThat(count(s, "SELECT count(*) FROM t")).isEqualTo(1);
            // the restart test relies on acknowledged commits being flushed to WAL
            assertThat(count(s, "SELECT (current_setting('synchronous_commit') = 'on')::int")).isEqualTo(1);
        }
        // a second fresh database does not see the first one's table
        String other = TestPostgres.databaseOf(pg.createDatabase());
        try (Connection c = pg.dataSource(other).getConnection(); Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT count(*) FROM information_schema.tables WHERE table_name = 't'")).isZero();
        }
    }

    @Test
    @Timeout(90)
    void postgresStopFailsCallsAndStartKeepsCommittedData() throws Exception {
        try (TestPostgres pg = TestPostgres.startDedicated()) {
            String db = TestPostgres.databaseOf(pg.createDatabase("restart_test"));
            int port = pg.port();
            try (Connection c = connect(pg, db); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (k text PRIMARY KEY, v int)");
                s.execute("INSERT INTO t VALUES ('kept', 42)"); // autocommit: acknowledged = committed

                pg.stop();
                assertThat(pg.isRunning()).isFalse();
                // the open connection is dead ...
                assertThatThrownBy(() -> s.executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
            }
            // ... and a new one is refused
            assertThatThrownBy(() -> connect(pg, db)).isInstanceOf(SQLException.class);

            pg.start();
            assertThat(pg.port()).isEqualTo(port);
            try (Connection c = connect(pg, db); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT v FROM t WHERE k = 'kept'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }

    private static Connection connect(TestPostgres pg, String db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        p.setProperty("connectTimeout", "3");
        p.setProperty("socketTimeout", "5");
        return DriverManager.getConnection(pg.jdbcUrl(db), p);
    }

    private static int count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    // ------------------------------------------------------------------ Redis

    @Test
    @Timeout(30)
    void sharedRedisHasPersistenceOff() {
        TestRedis redis = TestRedis.shared();
        assertThat(redis.url()).startsWith("redis://");
        RedisClient client = client(redis);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().set("servers-test:k", "v");
            assertThat(c.sync().get("servers-test:k")).isEqualTo("v");
            if (redis.isEmbedded()) {
                assertThat(c.sync().configGet("appendonly")).containsEntry("appendonly", "no");
                assertThat(c.sync().configGet("save")).containsEntry("save", "");
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    @Timeout(30)
    void appendOnlyRedisKeepsDataAcrossStopAndStart() {
        try (TestRedis redis = TestRedis.startDedicated(true)) {
            int port = redis.port();
            RedisClient client = client(redis);
            try {
                try (StatefulRedisConnection<String, String> c = client.connect()) {
                    assertThat(c.sync().configGet("appendonly")).containsEntry("appendonly", "yes");
                    assertThat(c.sync().configGet("appendfsync")).containsEntry("appendfsync", "always");
                    assertThat(c.sync().set("k", "survives")).isEqualTo("OK");
                }
                redis.stop();
                assertThat(redis.isRunning()).isFalse();
                assertThatThrownBy(client::connect).isInstanceOf(io.lettuce.core.RedisConnectionException.class);

                redis.start();
                assertThat(redis.port()).isEqualTo(port);
                try (StatefulRedisConnection<String, String> c = client.connect()) {
                    assertThat(c.sync().get("k")).isEqualTo("survives");
                    assertThat(c.sync().set("k2", "after-crash")).isEqualTo("OK");
                }
                // a crash (SIGKILL) loses nothing acknowledged either, with appendfsync always
                redis.kill();
                redis.start();
                try (StatefulRedisConnection<String, String> c = client.connect()) {
                    assertThat(c.sync().get("k2")).isEqualTo("after-crash");
                }
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    @Timeout(30)
    void dedicatedRedisTakesExtraConfig() {
        try (TestRedis redis = TestRedis.startDedicated(false, "maxmemory-policy allkeys-lru")) {
            RedisClient client = client(redis);
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                assertThat(c.sync().configGet("maxmemory-policy")).containsEntry("maxmemory-policy", "allkeys-lru");
                assertThat(c.sync().configGet("appendonly")).containsEntry("appendonly", "no");
            } finally {
                client.shutdown();
            }
        }
    }

    private static RedisClient client(TestRedis redis) {
        RedisURI uri = RedisURI.create(redis.url());
        uri.setTimeout(Duration.ofSeconds(3));
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
                .build());
        return client;
    }
}
