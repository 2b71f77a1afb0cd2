package dev.zaileys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.WAMessage;
import dev.zaileys.testing.TestRedis;
import dev.zaileys.testkit.Fixtures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code redis://} URIs in the CLI, on the Node original's data: its dump loaded into an empty
 * server exports exactly the records it was written from.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisCliTest {

    private TestRedis server;

    @BeforeAll
    void loadTheNodeDumpIntoAnEmptyServer() {
        server = TestRedis.startDedicated(false);
        RedisClient client = RedisClient.create(server.url());
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            RedisCommands<String, String> r = conn.sync();
            assertThat(r.dbsize()).isZero();
            for (String line : Fixtures.redisDumpLines()) {
                JsonNode d = BufferJson.decode(line);
                String key = d.get("key").asText();
                JsonNode v = d.get("value");
                switch (d.get("type").asText()) {
                    case "string" -> {
                        long ttl = d.get("ttl_seconds").asLong();
                        if (ttl > 0) {
                            r.setex(key, ttl, v.asText());
                        } else {
                            r.set(key, v.asText());
                        }
                    }
                    case "hash" -> v.fields().forEachRemaining(f -> r.hset(key, f.getKey(), f.getValue().asText()));
                    case "set" -> v.forEach(m -> r.sadd(key, m.asText()));
                    case "zset" -> v.forEach(p -> r.zadd(key, p.get(1).asDouble(), p.get(0).asText()));
                    default -> throw new IllegalStateException("unexpected type in the dump: " + line);
                }
            }
        } finally {
            client.shutdown();
        }
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private String uri(String namespace) {
        return server.url() + "?namespace=" + namespace;
    }

    private static List<JsonNode> export(String uri) {
        MainTest.Run r = MainTest.run("export", "--from", uri);
        assertThat(r.code()).as(r.err()).isZero();
        return r.lines().stream().map(BufferJson::decode).toList();
    }

    @Test
    void exportOfTheAuthNamespaceIsTheInputsCredsAndSignalRecords() {
        List<JsonNode> expected = new ArrayList<>();
        ObjectNode creds = BufferJson.object().put("kind", "creds");
        creds.set("value", Fixtures.creds().toJson());
        expected.add(creds);
        new TreeMap<>(Fixtures.signalState()).forEach((type, values) -> new TreeMap<>(values).forEach((id, value) -> {
            ObjectNode r = BufferJson.object().put("kind", "signal").put("type", type).put("id", id);
            r.set("value", value);
            expected.add(r);
        }));
        assertThat(export(uri("fx-auth"))).isEqualTo(expected);
    }

    @Test
    void exportOfTheStoreNamespaceIsTheInputsHistoryRecords() {
        List<JsonNode> expected = new ArrayList<>();
        Fixtures.chats().stream().sorted(Comparator.comparing(c -> c.id()))
                .forEach(c -> expected.add(record("chat").set("value", c.toJson())));
        Fixtures.contacts().stream().sorted(Comparator.comparing(c -> c.id()))
                .forEach(c -> expected.add(record("contact").set("value", c.toJson())));
        Map<MessageKey, WAMessage> latest = Fixtures.latestMessages();
        latest.values().stream()
                .sorted(Comparator.comparing((WAMessage m) -> m.key().remoteJid())
                        .thenComparingLong(WAMessage::timestamp)
                        .thenComparing(m -> m.key().id())
                        .thenComparing(m -> m.key().fromMe()))
                .forEach(m -> expected.add(record("message").set("value", m.toJson())));
        new TreeMap<>(Fixtures.presences()).forEach((jid, p) -> {
            ObjectNode r = record("presence").put("jid", jid);
            r.set("value", p.toJson());
            expected.add(r);
        });
        // The Node original's Redis store keeps no scheduled jobs, so the inputs' jobs are not there.
        assertThat(export(uri("fx-store"))).isEqualTo(expected);
    }

    @Test
    void importThenExportRoundTripsThroughAnotherNamespace() {
        MainTest.Run out = MainTest.run("export", "--from", uri("fx-store"));
        MainTest.Run in = MainTest.runWithInput(out.out(), "import", "--to", uri("copy"));
        assertThat(in.code()).as(in.err()).isZero();
        assertThat(MainTest.run("export", "--from", uri("copy")).out()).isEqualTo(out.out());
    }

    @Test
    void aBadOrUnreachableRedisUriIsOneLine() {
        MainTest.Run bad = MainTest.run("export", "--from", "redis://localhost:1?namespace=");
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err().strip().lines()).hasSize(1);
        MainTest.Run down = MainTest.run("export", "--from", "redis://user:hunter2@127.0.0.1:1?namespace=x");
        assertThat(down.code()).isNotZero();
        assertThat(down.err()).contains("STORE_CONNECTION_FAILED").doesNotContain("hunter2", "\tat ");
        assertThat(down.err().strip().lines()).hasSize(1);
    }

    private static ObjectNode record(String kind) {
        return BufferJson.object().put("kind", kind);
    }

    @Test
    void oddIdsTheOriginalStoresMoveThroughRedisWhole() throws Exception {
        List<String> lines = Fixtures.resourceLines(MigrationCliTest.ODD + "/inputs.jsonl");
        java.nio.file.Path dump = java.nio.file.Files.createTempFile("odd", ".jsonl");
        try {
            java.nio.file.Files.write(dump, lines);
            MainTest.Run imp = MainTest.run("import", "--to", uri("odd-ids"), dump.toString());
            assertThat(imp.code()).as(imp.err()).isZero();
            assertThat(export(uri("odd-ids"))).containsExactlyInAnyOrderElementsOf(lines.stream().map(BufferJson::decode).toList());
        } finally {
            java.nio.file.Files.deleteIfExists(dump);
        }
    }

    @Test
    void persistenceWarningsPrintOncePerCommand() {
        // Eviction of any key makes every store on this server warn; a command opens several stores.
        try (TestRedis evicting = TestRedis.startDedicated(false, "maxmemory-policy allkeys-lru")) {
            MainTest.Run r = MainTest.run("migrate", "--from", uri("fx-store"), "--to", evicting.url() + "?namespace=copy");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err().lines().filter(l -> l.contains("allkeys-lru")).count()).as(r.err()).isEqualTo(1);
        }
    }

    @Test
    void aNamespaceWithNothingIsAMissingStoreForReadOnlyCommands() {
        MainTest.Run r = MainTest.run("inspect", uri("fx-stroe"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("zaileys: no store at").contains("fx-stroe").hasLineCount(1);
    }

    @Test
    void aWrongPasswordIsItsRootCauseOnOneLine() {
        try (TestRedis guarded = TestRedis.startDedicated(false, "requirepass right-one")) {
            String wrong = guarded.url().replace("redis://", "redis://:wrong-one@") + "?namespace=x";
            MainTest.Run r = MainTest.run("inspect", wrong);
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("STORE_CONNECTION_FAILED").contains("WRONGPASS").doesNotContain("wrong-one")
                    .hasLineCount(1);
        }
    }

}
