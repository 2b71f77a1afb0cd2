package dev.zaileys.cli;

import dev.zaileys.stores.StoreUri;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.store.file.FileAuthStore;
import dev.zaileys.testkit.FileFixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    static Run runWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        int code = Main.execute(in, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run run(String... args) {
        return runWithInput("", args);
    }

    private Path nodeStore() {
        return FileFixtures.copyFileAuth(tmp.resolve("node"));
    }

    /** The creds and Signal records of inputs.jsonl after overwrites and deletes, in export order. */
    private static List<JsonNode> expectedAuthRecords() {
        List<JsonNode> out = new ArrayList<>();
        ObjectNode creds = BufferJson.object().put("kind", "creds");
        creds.set("value", FileFixtures.creds());
        out.add(creds);
        FileFixtures.signal().forEach((type, values) -> values.forEach((id, value) -> {
            ObjectNode r = BufferJson.object().put("kind", "signal").put("type", type).put("id", id);
            r.set("value", value);
            out.add(r);
        }));
        return out;
    }

    private static void assertOneLineError(Run r, int code, String contains) {
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.err()).startsWith("zaileys: ").contains(contains).doesNotContain("\tat ", "Exception:");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void exportOfTheNodeOriginalsFolderIsItsCredsAndSignalRecords() {
        Run r = run("export", "--from", "file:" + nodeStore());
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> got = r.lines().stream().map(BufferJson::decode).toList();
        assertThat(got).isEqualTo(expectedAuthRecords());
        assertThat(r.lines()).allSatisfy(l -> assertThat(l).doesNotContain("\n").startsWith("{\"kind\":"));
        assertThat(r.lines().get(1)).startsWith("{\"kind\":\"signal\",\"type\":\"app-state-sync-key\",\"id\":\"AAAAAE1a\",\"value\":");
    }

    @Test
    void importOfAnExportThenExportGivesTheSameLines() throws IOException {
        Run first = run("export", "--from", "file:" + nodeStore());
        Path dump = Files.writeString(tmp.resolve("dump.jsonl"), first.out());

        Run imp = run("import", "--to", "file:" + tmp.resolve("b"), dump.toString());
        assertThat(imp.code()).as(imp.err()).isZero();
        assertThat(imp.err()).contains("imported " + first.lines().size() + " records");
        Run second = run("export", "--from", "file:" + tmp.resolve("b"));
        assertThat(second.out()).isEqualTo(first.out());

        Run fromStdin = runWithInput(first.out(), "import", "--to", "file:" + tmp.resolve("c"));
        assertThat(fromStdin.code()).as(fromStdin.err()).isZero();
        assertThat(run("export", "--from", "file:" + tmp.resolve("c")).out()).isEqualTo(first.out());
    }

    @Test
    void anOlderCopyIsNotRestoredOverANewerSessionUnlessForced() throws IOException {
        Path dump = Files.writeString(tmp.resolve("old.jsonl"), run("export", "--from", "file:" + nodeStore()).out());
        Path live = tmp.resolve("live");
        assertThat(run("import", "--to", "file:" + live, dump.toString()).code()).isZero();
        try (var store = dev.zaileys.store.file.FileAuthStore.builder().basePath(live).build()) {
            ObjectNode creds = store.readCreds().orElseThrow().toJson();
            creds.put("nextPreKeyId", creds.get("nextPreKeyId").asLong() + 30);
            store.writeCreds(dev.zaileys.model.AuthCreds.of(creds));
        }
        String before = run("export", "--from", "file:" + live).out();

        Run refused = run("import", "--to", "file:" + live, dump.toString());
        assertOneLineError(refused, 1, "roll its Signal state back");
        assertThat(run("export", "--from", "file:" + live).out()).as("nothing written").isEqualTo(before);
        assertOneLineError(run("migrate", "--from", "file:" + FileFixtures.copyFileAuth(tmp.resolve("old")), "--to",
                "file:" + live), 1, "roll its Signal state back");
        Run forced = run("import", "--force", "--to", "file:" + live, dump.toString());
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(run("export", "--from", "file:" + live).out()).isEqualTo(Files.readString(dump));
    }

    @Test
    void migrateCopiesEverything() {
        Path a = nodeStore();
        Run m = run("migrate", "--from", "file:" + a, "--to", "file:" + tmp.resolve("b"), "--progress");
        assertThat(m.code()).as(m.err()).isZero();
        assertThat(m.err()).contains("100%").contains("migrated " + expectedAuthRecords().size() + " records");
        assertThat(run("export", "--from", "file:" + tmp.resolve("b")).out())
                .isEqualTo(run("export", "--from", "file:" + a).out());
        Run quiet = run("migrate", "--from", "file:" + a, "--to", "file:" + tmp.resolve("c"));
        assertThat(quiet.err()).doesNotContain("%");
    }

    @Test
    void inspectShowsCounts() {
        Run r = run("inspect", "file:" + nodeStore());
        assertThat(r.code()).as(r.err()).isZero();
        int keys = FileFixtures.signal().values().stream().mapToInt(Map::size).sum();
        assertThat(r.out()).containsPattern("creds +present")
                .containsPattern("signal keys +" + keys)
                .containsPattern("  pre-key +5")
                .contains("history");
        Run mem = run("inspect", "memory:");
        assertThat(mem.out()).containsPattern("creds +none").containsPattern("messages +0").containsPattern("jobs +0");
    }

    @Test
    void badUrisAreUsageErrorsOnOneLine() {
        assertOneLineError(run("inspect", "nope"), 2, "'nope' is not a store URI");
        assertOneLineError(run("export", "--from", "bogus:x"), 2, "unknown store URI scheme 'bogus:'");
        assertOneLineError(run("export", "--from", "file:"), 2, "file: needs a folder");
        assertOneLineError(run("export", "--from", "memory:x"), 2, "memory: takes nothing");
        assertOneLineError(run("export"), 2, "Missing required option");
        assertOneLineError(run(), 2, "no command given");
        assertOneLineError(run("frobnicate"), 2, "frobnicate");
    }

    @Test
    void anUnreachableServerIsOneLineWithoutThePassword() {
        Run pg = run("inspect", "postgres://bob:secret@127.0.0.1:1/db");
        assertOneLineError(pg, 1, "STORE_CONNECTION_FAILED");
        assertThat(pg.err()).doesNotContain("secret");
        Run redis = run("inspect", "redis://:secret@127.0.0.1:1?namespace=a");
        assertOneLineError(redis, 1, "STORE_CONNECTION_FAILED");
        // The CLI runs Lettuce on Netty's epoll, whose errors name the failing system call first.
        assertThat(redis.err()).contains("Connection refused").doesNotContain("failed with error", "secret");
        assertOneLineError(run("inspect", "convex:http://127.0.0.1:1?namespace=a"), 1, "STORE_CONNECTION_FAILED");
    }

    @Test
    void passwordsAreMaskedInMessages() {
        assertThat(StoreUri.redact("postgres://bob:secret@localhost/db")).isEqualTo("postgres://bob:***@localhost/db");
        assertThat(StoreUri.redact("redis://:pw@host:6379")).isEqualTo("redis://:***@host:6379");
        Run r = run("inspect", "nosuch://bob:secret@h/db");
        assertThat(r.err()).doesNotContain("secret").contains("***");
    }

    @Test
    void benchRefusesBadOptionsOnOneLine() {
        assertOneLineError(run("bench", "--store", "memory:", "--messages", "0"), 2, "--messages must be between 1 and 100000");
    }

    @Test
    void verboseAddsTheStackTrace() {
        Run r = run("export", "--from", "bogus:x", "--verbose");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("\tat ").contains("zaileys: unknown store URI scheme");
    }

    @Test
    void malformedImportNamesTheLineAndWritesNothing() throws IOException {
        String good = run("export", "--from", "file:" + nodeStore()).out();
        List<String> lines = new ArrayList<>(List.of(good.split("\n")));
        lines.add(3, "{\"kind\":\"signal\",\"type\":\"pre-key\",\"id\":\"9\",\"val");
        Path bad = Files.write(tmp.resolve("bad.jsonl"), lines);
        Path target = tmp.resolve("t");
        assertOneLineError(run("import", "--to", "file:" + target, bad.toString()), 1, "line 4: not valid JSON");
        assertThat(target).doesNotExist();

        lines.set(3, "{\"kind\":\"gossip\",\"value\":{}}");
        Files.write(bad, lines);
        assertOneLineError(run("import", "--to", "file:" + target, bad.toString()), 1, "line 4: unknown kind 'gossip'");

        // An empty id is data now (the Node original stores it); NUL is what every store refuses.
        lines.set(3, "{\"kind\":\"signal\",\"type\":\"pre-key\",\"id\":\"\\u0000\",\"value\":{}}");
        Files.write(bad, lines);
        assertOneLineError(run("import", "--to", "file:" + target, bad.toString()), 1, "line 4:");

        lines.set(3, "{\"kind\":\"chat\",\"value\":{\"id\":\"1@g.us\"}}");
        Files.write(bad, lines);
        assertOneLineError(run("import", "--to", "file:" + target, bad.toString()), 1, "line 4: a chat record, but file: holds no");
        assertThat(target).doesNotExist();

        assertOneLineError(run("import", "--to", "file:" + target, tmp.resolve("missing.jsonl").toString()), 2, "no such file");
    }

    @Test
    void storeErrorsAreOneLineWithTheirCode() throws IOException {
        Path dir = nodeStore();
        Files.writeString(dir.resolve("signal/pre-key/1.json"), "{\"private\":");
        Run r = run("export", "--from", "file:" + dir);
        assertOneLineError(r, 1, "STORE_CORRUPTED");
        assertThat(r.err()).contains(dir.resolve("signal/pre-key/1.json").toString());
    }

    @Test
    void everyKindRoundTripsInTheFixedOrder() {
        // memory: holds everything; one Backend instance stands for one process here.
        List<String> inputs = FileFixtures.inputs().stream().map(BufferJson::encodeToString).toList();
        List<String> first;
        try (Stores.Backend a = Stores.open("memory:")) {
            importLines(a, inputs);
            first = exportLines(a);
        }
        List<String> kinds = first.stream().map(l -> BufferJson.decode(l).get("kind").asText()).distinct().toList();
        assertThat(kinds).containsExactly("creds", "signal", "chat", "contact", "message", "presence", "job");
        assertThat(first.stream().filter(l -> l.startsWith("{\"kind\":\"message\"")).count()).isEqualTo(118);

        List<JsonNode> messages = first.stream().map(BufferJson::decode).filter(n -> n.get("kind").asText().equals("message"))
                .map(n -> n.get("value")).toList();
        for (int i = 1; i < messages.size(); i++) {
            JsonNode p = messages.get(i - 1).get("key");
            JsonNode c = messages.get(i).get("key");
            int byChat = p.get("remoteJid").asText().compareTo(c.get("remoteJid").asText());
            assertThat(byChat).isLessThanOrEqualTo(0);
            if (byChat == 0) {
                long pt = dev.zaileys.model.WAMessage.of((ObjectNode) messages.get(i - 1)).timestamp();
                long ct = dev.zaileys.model.WAMessage.of((ObjectNode) messages.get(i)).timestamp();
                assertThat(pt).isLessThanOrEqualTo(ct);
                if (pt == ct) {
                    assertThat(p.get("id").asText().compareTo(c.get("id").asText())).isLessThanOrEqualTo(0);
                }
            }
        }

        try (Stores.Backend b = Stores.open("memory:")) {
            importLines(b, first);
            assertThat(exportLines(b)).isEqualTo(first);
        }
    }

    /** What {@code import} does with each line, without a process or a file. */
    private static void importLines(Stores.Backend b, List<String> lines) {
        Importer imp = new Importer(b);
        long no = 0;
        for (String line : lines) {
            no++;
            imp.accept(Importer.check(Importer.parse(line, no), "line " + no, b));
        }
        imp.finish();
    }

    private static List<String> exportLines(Stores.Backend b) {
        List<String> out = new ArrayList<>();
        Exporter.export(b, r -> out.add(BufferJson.encodeToString(r)));
        return out;
    }

    @Test
    void migrateOfAnEmptyStoreWritesNothing() {
        Run r = run("migrate", "--from", "memory:", "--to", "file:" + tmp.resolve("x"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("migrated 0 records");
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void fileStoreWrittenByImportIsOwnerOnly() throws IOException {
        Run first = run("export", "--from", "file:" + nodeStore());
        runWithInput(first.out(), "import", "--to", "file:" + tmp.resolve("b"));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tmp.resolve("b/creds.json")))).isEqualTo("rw-------");
        try (FileAuthStore s = FileAuthStore.builder().basePath(tmp.resolve("b")).build()) {
            TreeMap<String, List<String>> ids = new TreeMap<>();
            FileFixtures.signal().forEach((type, values) -> ids.put(type, List.copyOf(values.keySet())));
            assertThat(s.listKeyIds()).isEqualTo(ids);
        }
    }
}
