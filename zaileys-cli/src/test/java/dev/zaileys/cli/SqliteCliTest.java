package dev.zaileys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sqlite:PATH in the CLI, on a copy of the Node original's database. */
class SqliteCliTest {

    @TempDir
    Path tmp;

    private Path nodeDb() throws Exception {
        return Fixtures.copyResource(Fixtures.SQLITE_DB, tmp.resolve("zaileys.db"));
    }

    /** inputs.jsonl after its overwrites: the last record of each creds / signal id / key / jid, deletes applied. */
    static List<JsonNode> expected() {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        for (ObjectNode r : Fixtures.records()) {
            String kind = r.get("kind").asText();
            String id = switch (kind) {
                case "creds" -> "";
                case "signal" -> r.get("type").asText() + "/" + r.get("id").asText();
                case "message" -> {
                    JsonNode k = r.get("value").get("key");
                    yield k.get("remoteJid").asText() + "/" + k.get("id").asText() + "/" + k.get("fromMe").asBoolean();
                }
                case "presence" -> r.get("jid").asText();
                case "job" -> null; // the Node original's SQLite store never persisted jobs
                default -> r.get("value").get("id").asText();
            };
            if (id == null) {
                continue;
            }
            if (kind.equals("signal") && r.get("value").isNull()) {
                latest.remove(kind + ":" + id);
            } else {
                latest.put(kind + ":" + id, r);
            }
        }
        return new ArrayList<>(latest.values());
    }

    @Test
    void exportOfTheNodeOriginalsDatabaseIsEveryRecordOfItsInputs() throws Exception {
        MainTest.Run r = MainTest.run("export", "--from", "sqlite:" + nodeDb());
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> got = r.lines().stream().map(BufferJson::decode).toList();
        assertThat(got).hasSameSizeAs(expected()).containsExactlyInAnyOrderElementsOf(expected());
    }

    @Test
    void migrateInspectAndImportWorkOnSqlite() throws Exception {
        Path node = nodeDb();
        Path copy = tmp.resolve("b.db");
        MainTest.Run m = MainTest.run("migrate", "--from", "sqlite:" + node, "--to", "sqlite:" + copy + "?session=bot-2");
        assertThat(m.code()).as(m.err()).isZero();
        assertThat(MainTest.run("export", "--from", "sqlite:" + copy + "?session=bot-2").out())
                .isEqualTo(MainTest.run("export", "--from", "sqlite:" + node).out());
        assertThat(MainTest.run("export", "--from", "sqlite:" + copy).out()).isEmpty();
        MainTest.Run inspect = MainTest.run("inspect", "sqlite:" + node + "?readonly=true");
        assertThat(inspect.code()).as(inspect.err()).isZero();
        assertThat(inspect.out()).containsPattern("creds +present").containsPattern("messages +118");
        MainTest.Run bad = MainTest.run("inspect", "sqlite:" + node + "?session=No Good");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("session must be");
    }
}
