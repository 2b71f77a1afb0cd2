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
}
