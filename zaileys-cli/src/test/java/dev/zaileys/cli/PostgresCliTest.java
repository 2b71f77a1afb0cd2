package dev.zaileys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.testing.TestPostgres;
import dev.zaileys.testkit.PgFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** postgres:// in the CLI, on the Node original's pg_dump loaded into a fresh database. */
class PostgresCliTest {

    private static final TestPostgres PG = TestPostgres.shared();

    @TempDir
    Path tmp;

    private static String nodeDatabase() {
        String url = PG.createDatabase();
        PgFixture.load(PG.dataSource(TestPostgres.databaseOf(url)));
        return url;
    }

    @Test
    void exportOfTheNodeOriginalsDatabaseIsEveryRecordOfItsInputs() {
        MainTest.Run r = MainTest.run("export", "--from", nodeDatabase());
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> got = r.lines().stream().map(BufferJson::decode).toList();
        // compared as JSON: jsonb reorders object keys
        assertThat(got).hasSameSizeAs(SqliteCliTest.expected()).containsExactlyInAnyOrderElementsOf(SqliteCliTest.expected());
    }

    @Test
    void everyCommandTakesPostgresUris() throws Exception {
        String node = nodeDatabase();
        String target = PG.createDatabase().replace("postgres://", "postgresql://") + "?session=bot-2";
        MainTest.Run m = MainTest.run("migrate", "--from", node, "--to", target);
        assertThat(m.code()).as(m.err()).isZero();
        assertThat(MainTest.run("export", "--from", target).lines().stream().map(BufferJson::decode).toList())
                .containsExactlyInAnyOrderElementsOf(SqliteCliTest.expected());
        MainTest.Run inspect = MainTest.run("inspect", node);
        assertThat(inspect.code()).as(inspect.err()).isZero();
        assertThat(inspect.out()).containsPattern("creds +present").containsPattern("messages +118");

        Path dump = tmp.resolve("dump.jsonl");
        Files.writeString(dump, MainTest.run("export", "--from", node).out());
        String fresh = PG.createDatabase();
        MainTest.Run imp = MainTest.run("import", "--to", fresh, dump.toString());
        assertThat(imp.code()).as(imp.err()).isZero();
        assertThat(MainTest.run("export", "--from", fresh).lines().stream().map(BufferJson::decode).toList())
                .containsExactlyInAnyOrderElementsOf(SqliteCliTest.expected());

        MainTest.Run bad = MainTest.run("inspect", node + "?session=No Good");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("session must be");
        MainTest.Run secret = MainTest.run("inspect", "postgres://u:TopSecret99@127.0.0.1:1/db");
        assertThat(secret.code()).isNotZero();
        assertThat(secret.err() + secret.out()).doesNotContain("TopSecret99");
    }

    @Test
    void readOnlyCommandsNeverCreateTablesAndSayWhatIsMissing() {
        String node = nodeDatabase();
        List<String> before = sessionsOf(node);
        for (String cmd : List.of("inspect", "verify")) {
            MainTest.Run r = MainTest.run(cmd, node + "?session=typo");
            assertThat(r.code()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("no store at").contains("no session 'typo'").contains("default").hasLineCount(1);
        }
        assertThat(sessionsOf(node)).isEqualTo(before);

        String empty = PG.createDatabase();
        MainTest.Run r = MainTest.run("export", "--from", empty);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no zaileys tables");
        assertThat(sessionsOf(empty)).isEmpty();
    }

    @Test
    void aMissingDatabaseIsItsRootCauseOnOneLine() {
        String url = PG.createDatabase();
        String missing = url.substring(0, url.lastIndexOf('/') + 1) + "no_such_db";
        MainTest.Run r = MainTest.run("inspect", missing);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("STORE_CONNECTION_FAILED").contains("\"no_such_db\" does not exist")
                .doesNotContain("Connection is not available").hasLineCount(1);
    }

    @Test
    void oddIdsMoveIntoPostgresWholeAndNulIsRefusedBeforeAnythingIsWritten() throws Exception {
        List<String> lines = new java.util.ArrayList<>(
                dev.zaileys.testkit.Fixtures.resourceLines(MigrationCliTest.ODD + "/inputs.jsonl"));
        String target = PG.createDatabase();
        Path dump = Files.write(tmp.resolve("odd.jsonl"), lines);
        MainTest.Run imp = MainTest.run("import", "--to", target, dump.toString());
        assertThat(imp.code()).as(imp.err()).isZero();
        assertThat(MainTest.run("export", "--from", target).lines().stream().map(BufferJson::decode).toList())
                .containsExactlyInAnyOrderElementsOf(lines.stream().map(BufferJson::decode).toList());

        lines.add("{\"kind\":\"contact\",\"value\":{\"id\":\"n@s.whatsapp.net\",\"name\":\"a\\u0000b\"}}");
        Files.write(dump, lines);
        String fresh = PG.createDatabase();
        MainTest.Run refused = MainTest.run("import", "--to", fresh, dump.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("line " + lines.size() + ": ").contains("NUL").hasLineCount(1);
        assertThat(sessionsOf(fresh)).isEmpty();
    }

    private static java.util.List<String> sessionsOf(String url) {
        try (var sessions = dev.zaileys.store.postgres.PostgresSessions.of(url)) {
            return sessions.list();
        }
    }
}
