package dev.zaileys.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.testing.TestPostgres;
import dev.zaileys.testkit.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PostgreSQL: sessions, pools, migrations, options")
class PostgresSessionsTest {

    private static final TestPostgres PG = TestPostgres.shared();

    private static WAMessage message(String id, String text) {
        return WAMessage.of((com.fasterxml.jackson.databind.node.ObjectNode) BufferJson.decode(
                "{\"key\":{\"remoteJid\":\"6281234500001@s.whatsapp.net\",\"fromMe\":false,\"id\":\"" + id
                        + "\"},\"messageTimestamp\":1700000000,\"message\":{\"conversation\":\"" + text + "\"}}"));
    }

    @Test
    @DisplayName("two sessions in one database, on one shared pool, never see each other; list and drop")
    void twoSessionsIsolated() throws Exception {
        String url = PG.createDatabase();
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(PG.jdbcUrl(TestPostgres.databaseOf(url)));
        cfg.setUsername(PG.user());
        cfg.setPassword(PG.password());
        cfg.setMaximumPoolSize(4);
        try (HikariDataSource pool = new HikariDataSource(cfg)) {
            PostgresAuthStore authA = PostgresAuthStore.builder().pool(pool).session("alpha").build();
            PostgresAuthStore authB = PostgresAuthStore.builder().pool(pool).session("beta").build();
            PostgresMessageStore msgA = PostgresMessageStore.builder().pool(pool).session("alpha").build();
            PostgresMessageStore msgB = PostgresMessageStore.builder().pool(pool).session("beta").build();

            AuthCreds creds = Fixtures.creds();
            authA.writeCreds(creds);
            authA.write(Map.of("pre-key", Map.of("1", BufferJson.decode("{\"a\":1}"))));
            msgA.saveMessage(message("SAME", "from alpha"));
            msgB.saveMessage(message("SAME", "from beta"));
            msgB.saveMessage(message("ONLYB", "b"));

            assertThat(authB.readCreds()).isEmpty();
            assertThat(authB.listKeyIds()).isEmpty();
            MessageKey same = MessageKey.of("6281234500001@s.whatsapp.net", false, "SAME");
            assertThat(msgA.getMessage(same).orElseThrow().text()).contains("from alpha");
            assertThat(msgB.getMessage(same).orElseThrow().text()).contains("from beta");
            assertThat(msgA.listMessages("6281234500001@s.whatsapp.net")).hasSize(1);

            msgA.clear();
            authA.clear();
            assertThat(msgB.listMessages("6281234500001@s.whatsapp.net")).hasSize(2);
            authA.writeCreds(creds);

            try (PostgresSessions onPool = PostgresSessions.of(pool); PostgresSessions onUrl = PostgresSessions.of(url)) {
                assertThat(onPool.list()).containsExactly("alpha", "beta");
                assertThat(onUrl.list()).containsExactly("alpha", "beta");
                for (var s : List.of(authA, authB, msgA, msgB)) {
                    s.close();
                }
                assertThat(onUrl.drop("alpha")).isTrue();
                assertThat(onPool.drop("alpha")).isFalse();
                assertThat(onPool.list()).containsExactly("beta");
            }
            try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM zaileys_ms_messages WHERE session = 'alpha') "
                         + "+ (SELECT count(*) FROM zaileys_ms_auth_creds WHERE session = 'alpha') "
                         + "+ (SELECT count(*) FROM pg_tables WHERE tablename LIKE 'zaileys\\_s\\_%')")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
            try (PostgresMessageStore again = PostgresMessageStore.builder().pool(pool).session("beta").build()) {
                assertThat(again.getMessage(same).orElseThrow().text()).contains("from beta");
            }
            // the caller's pool is the caller's: closing stores left it open
            assertThat(pool.isClosed()).isFalse();
        }
    }

    @Test
    @DisplayName("several processes opening one empty database at once: one migrates, the others wait")
    void concurrentMigration() throws Exception {
        String url = PG.createDatabase();
        int n = 6;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                int max = i + 1; // a pool of its own each, as separate processes would have
                String session = i % 2 == 0 ? null : "s" + (i % 3);
                done.add(pool.submit(() -> {
                    start.await();
                    try (PostgresMessageStore s = PostgresMessageStore.builder().connectionString(url).max(max)
                            .session(session).build()) {
                        s.open();
                        s.saveMessage(message("M" + max, "hi"));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = PG.dataSource(TestPostgres.databaseOf(url)).getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT scope, count(*) FROM zaileys_schema_version GROUP BY scope ORDER BY scope")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + "=" + rs.getInt(2));
            }
            // the default session's Node tables, and the shared tables all named sessions use
            assertThat(rows).containsExactly("(shared)=2", "default=2"); // V002 shared, V001 node, V003 (the lease table) both
        }
        try (PostgresSessions sessions = PostgresSessions.of(url)) {
            assertThat(sessions.list()).containsExactly("default", "s0", "s1", "s2");
        }
    }

    @Test
    @DisplayName("exactly one of connectionString and pool")
    void exactlyOne() {
        assertThatThrownBy(() -> PostgresAuthStore.builder().connectionString(PG.url()).pool(PG.dataSource()).build())
                .isInstanceOfSatisfying(ZaileysStoreException.class, e -> assertThat(e.code()).isEqualTo(Code.STORE_INVALID_INPUT))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> PostgresMessageStore.builder().build())
                .isInstanceOfSatisfying(ZaileysStoreException.class, e -> assertThat(e.code()).isEqualTo(Code.STORE_INVALID_INPUT))
                .hasMessageContaining("neither");
        assertThatThrownBy(() -> PostgresMessageStore.builder().connectionString(PG.url()).session("Bad Name").build())
                .isInstanceOfSatisfying(ZaileysStoreException.class, e -> assertThat(e.code()).isEqualTo(Code.STORE_INVALID_INPUT));
    }

    @Test
    @DisplayName("an unreachable server is STORE_CONNECTION_FAILED at first use; the password is in no message or log line")
    void passwordNeverShown() {
        String secret = "Sup3r-S3cret-pw";
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (String url : List.of("postgres://bot:" + secret + "@127.0.0.1:" + closedPort + "/x",
                    "postgresql://127.0.0.1:" + PG.port() + "/no_such_db?user=bot&password=" + secret)) {
                PostgresAuthStore store = PostgresAuthStore.builder().connectionString(url).build();
                assertThat(store.toString()).doesNotContain(secret);
                Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(store::readCreds);
                assertThat(thrown).isInstanceOfSatisfying(ZaileysStoreException.class,
                        e -> assertThat(e.code()).isEqualTo(Code.STORE_CONNECTION_FAILED));
                for (Throwable t = thrown; t != null; t = t.getCause()) {
                    assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
                    assertThat(t.toString()).doesNotContain(secret);
                }
                assertThat(thrown.getMessage()).contains("***");
                store.close();
            }
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(secret);
    }
}
