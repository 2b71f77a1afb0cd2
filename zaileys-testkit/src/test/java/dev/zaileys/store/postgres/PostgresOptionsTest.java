package dev.zaileys.store.postgres;

import static dev.zaileys.testkit.Misconfigured.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zaileys.testkit.Misconfigured;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Configuration mistakes of both PostgreSQL stores: STORE_INVALID_INPUT from build(), none of them
 * retried as an outage. Every address here is a closed port, so none of this needs a server.
 */
class PostgresOptionsTest {

    private final String nowhere = "postgres://bot:hunter2@127.0.0.1:" + Misconfigured.closedPort() + "/db";

    private PGSimpleDataSource pool() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL("jdbc:postgresql://127.0.0.1:" + Misconfigured.closedPort() + "/db");
        return ds;
    }

    @Test
    @DisplayName("both or neither of connectionString and pool")
    void exactlyOneOfConnectionStringAndPool() {
        assertRefused(() -> PostgresAuthStore.builder().connectionString(nowhere).pool(pool()).build(), "not both", "hunter2");
        assertRefused(() -> PostgresMessageStore.builder().connectionString(nowhere).pool(pool()).build(), "not both");
        assertRefused(() -> PostgresAuthStore.builder().build(), "got neither");
        assertRefused(() -> PostgresMessageStore.builder().session("s1").max(3).build(), "got neither");
    }

    @Test
    @DisplayName("a malformed connectionString, never echoing its password")
    void malformedConnectionString() {
        assertRefused(() -> PostgresAuthStore.builder().connectionString("mysql://bot:hunter2@h/db").build(),
                "must start with postgres://", "hunter2");
        assertRefused(() -> PostgresMessageStore.builder().connectionString("  ").build(), "connectionString is empty");
        assertRefused(() -> PostgresAuthStore.builder().connectionString("postgres://bot:hun%zzter2@h/db").build(),
                "bad %-escape", "hun%zz");
    }

    @Test
    @DisplayName("bad values: max out of range or beside a pool, a bad session name")
    void badValues() {
        assertRefused(() -> PostgresAuthStore.builder().connectionString(nowhere).max(0).build(), "max must be between 1 and 10000");
        assertRefused(() -> PostgresMessageStore.builder().connectionString(nowhere).max(10_001).build(), "max must be");
        assertRefused(() -> PostgresAuthStore.builder().pool(pool()).max(5).build(), "a pool you pass is sized by you");
        assertRefused(() -> PostgresMessageStore.builder().connectionString(nowhere).session("Bad Name").build(), "session");
        assertRefused(() -> PostgresAuthStore.builder().pool(pool()).session("x".repeat(33)).build(), "session");
    }

    @Test
    @DisplayName("good options build without connecting; the server is reached at the first call")
    void goodOptionsDoNotConnect() {
        try (PostgresAuthStore a = PostgresAuthStore.builder().connectionString(nowhere).max(2).session("s1").build();
             PostgresMessageStore m = PostgresMessageStore.builder().pool(pool()).build()) {
            assertThat(a.toString()).contains("bot:***@").doesNotContain("hunter2");
            assertThat(m.toString()).contains("DataSource");
        }
    }

    @Test
    @DisplayName("PostgresSessions refuses a missing address the same way")
    void sessionsNeedAnAddress() {
        assertRefused(() -> PostgresSessions.of((String) null), "connectionString is required");
        assertRefused(() -> PostgresSessions.of((javax.sql.DataSource) null), "pool is required");
        // a bad name is refused before anything connects (nowhere is unreachable)
        assertRefused(() -> PostgresSessions.of(nowhere).drop("Bad Name"), "session");
    }
}
