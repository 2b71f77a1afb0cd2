package dev.zaileys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zaileys.store.postgres.PostgresAuthStore;
import dev.zaileys.store.redis.RedisAuthStore;
import dev.zaileys.store.sqlite.SqliteAuthStore;
import dev.zaileys.store.sqlite.SqliteMessageStore;
import dev.zaileys.testing.TestPostgres;
import dev.zaileys.testing.TestRedis;
import dev.zaileys.testkit.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zaileys sessions list|drop over SQLite, PostgreSQL and Redis, and its refusals. */
class SessionsCliTest {

    @TempDir
    Path tmp;

    private Path twoSessions() {
        Path db = tmp.resolve("s.db");
        for (String s : new String[] {"bot-1", "bot-2"}) {
            try (var a = SqliteAuthStore.builder().database(db.toString()).session(s).build();
                 var m = SqliteMessageStore.builder().database(db.toString()).session(s).build()) {
                a.writeCreds(Fixtures.creds());
                m.saveMessages(Fixtures.messages());
            }
        }
        return db;
    }

    @Test
    void listShowsEverySessionWithItsCounts() {
        Path db = twoSessions();
        MainTest.Run r = MainTest.run("sessions", "list", "sqlite:" + db);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.lines()).hasSize(3);
        assertThat(r.lines().get(1)).startsWith("bot-1").contains("yes", " " + Fixtures.latestMessages().size() + " ");
        MainTest.Run json = MainTest.run("sessions", "list", "--json", "sqlite:" + db);
        assertThat(json.lines()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("{\"session\":\"bot-").contains("\"creds\":true"));
        assertThat(MainTest.run("sessions", "list", "--names", "sqlite:" + db).lines()).containsExactly("bot-1", "bot-2");
    }

    @Test
    void dropAsksUnlessYesAndRefusesWithoutATerminal() {
        Path db = twoSessions();
        MainTest.Run refused = MainTest.run("sessions", "drop", "sqlite:" + db, "bot-2");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("--yes");
        assertThat(MainTest.run("sessions", "list", "--names", "sqlite:" + db).lines()).containsExactly("bot-1", "bot-2");

        MainTest.Run dropped = MainTest.run("sessions", "drop", "--yes", "sqlite:" + db, "bot-2");
        assertThat(dropped.code()).as(dropped.err()).isZero();
        assertThat(dropped.out()).contains("dropped session bot-2");
        assertThat(MainTest.run("sessions", "list", "--names", "sqlite:" + db).lines()).containsExactly("bot-1");

        MainTest.Run again = MainTest.run("sessions", "drop", "--yes", "sqlite:" + db, "bot-2");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("no session 'bot-2'", "bot-1");
        MainTest.Run bad = MainTest.run("sessions", "drop", "--yes", "sqlite:" + db, "Bad Name");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err().strip().lines()).hasSize(1);
        assertThat(bad.err()).contains("session must be");
    }

    @Test
    void dropRefusesASessionInUse() {
        Path db = twoSessions();
        try (var a = SqliteAuthStore.builder().database(db.toString()).session("bot-1").build();
             var lease = a.lease().orElseThrow().acquire(Duration.ofSeconds(30), Duration.ZERO)) {
            MainTest.Run refused = MainTest.run("sessions", "drop", "--yes", "sqlite:" + db, "bot-1");
            assertThat(refused.code()).isEqualTo(1);
            assertThat(refused.err().strip().lines()).hasSize(1);
            assertThat(refused.err()).contains("STORE_LEASE_HELD", "pid " + ProcessHandle.current().pid());
        }
        assertThat(MainTest.run("sessions", "drop", "--yes", "sqlite:" + db, "bot-1").code()).isZero();
    }

    @Test
    void wrongUrisAreOneLineErrors() {
        assertThat(MainTest.run("sessions", "list", "memory:").code()).isEqualTo(2);
        MainTest.Run withSession = MainTest.run("sessions", "list", "sqlite:" + tmp.resolve("x.db") + "?session=a");
        assertThat(withSession.code()).isEqualTo(2);
        assertThat(withSession.err()).contains("sessions takes the backend alone");
        MainTest.Run missing = MainTest.run("sessions", "list", "sqlite:" + tmp.resolve("none.db"));
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("does not exist");
        assertThat(tmp.resolve("none.db")).doesNotExist();
        MainTest.Run noFolder = MainTest.run("sessions", "list", "file:" + tmp.resolve("no-folder"));
        assertThat(noFolder.code()).isEqualTo(1);
        assertThat(noFolder.err()).contains("the folder").contains("does not exist");
        assertThat(noFolder.out()).isEmpty();
        assertThat(tmp.resolve("no-folder")).doesNotExist();
        String secret = "S3cret-" + UUID.randomUUID();
        MainTest.Run down = MainTest.run("sessions", "list", "postgres://bot:" + secret + "@127.0.0.1:"
                + dev.zaileys.testkit.Misconfigured.closedPort() + "/db");
        assertThat(down.code()).isEqualTo(1);
        assertThat(down.err().strip().lines()).hasSize(1);
        assertThat(down.err()).contains("cannot reach PostgreSQL").doesNotContain(secret);
        assertThat(MainTest.run("sessions").code()).isEqualTo(2);
    }

    @Test
    void postgresAndRedis() {
        TestPostgres pg = TestPostgres.shared();
        String url = pg.createDatabase();
        try (var a = PostgresAuthStore.builder().connectionString(url).session("pg-one").build()) {
            a.writeCreds(Fixtures.creds());
        }
        MainTest.Run r = MainTest.run("sessions", "list", "--names", url);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.lines()).containsExactly("pg-one");
        assertThat(MainTest.run("sessions", "drop", "--yes", url, "pg-one").code()).isZero();
        assertThat(MainTest.run("sessions", "list", "--names", url).lines()).isEmpty();

        String redis = TestRedis.shared().url();
        String ns = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        try (var a = RedisAuthStore.builder().url(redis).namespace(ns).build()) {
            a.writeCreds(Fixtures.creds());
        }
        MainTest.Run list = MainTest.run("sessions", "list", "--json", redis);
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("{\"session\":\"" + ns + "\",\"creds\":true");
        assertThat(MainTest.run("sessions", "drop", "-y", redis, ns).code()).isZero();
        assertThat(MainTest.run("sessions", "list", "--names", redis).lines()).doesNotContain(ns);
    }

    @Test
    void benchSessions() {
        MainTest.Run r = MainTest.run("bench", "--sessions", "6", "--threads", "2", "--legacy-sessions", "3",
                "--store", "sqlite:" + tmp.resolve("bench.db"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("legacy open (per-session tables)", "open (shared layout)", "reopen (registered session)",
                "messages written/s", "drop");
        MainTest.Run bad = MainTest.run("bench", "--sessions", "0", "--store", "sqlite:" + tmp.resolve("b2.db"));
        assertThat(bad.code()).isEqualTo(2);
        assertThat(MainTest.run("bench", "--sessions", "2", "--store", "memory:").code()).isEqualTo(2);
    }
}
