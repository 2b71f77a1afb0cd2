package dev.zaileys.cli;

import dev.zaileys.stores.StoreUri;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.cli.MainTest.Run;
import dev.zaileys.model.BufferJson;
import dev.zaileys.testkit.FileFixtures;
import dev.zaileys.testkit.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration as a new user tries it: odd ids the Node original stores, all-or-nothing imports,
 * damaged records, broken output, read-only commands, help and secrets.
 */
class MigrationCliTest {

    /** Written by the Node original's adapters with odd ids; see its README. */
    static final String ODD = "/fixtures/zaileys-node-odd-ids";

    @TempDir
    Path tmp;

    private static List<ObjectNode> oddInputs() {
        return Fixtures.resourceLines(ODD + "/inputs.jsonl").stream().map(l -> (ObjectNode) BufferJson.decode(l)).toList();
    }

    private static JsonNode oddExpected() {
        return BufferJson.decode(String.join("\n", Fixtures.resourceLines(ODD + "/expected.json")));
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void theOriginalsFileNamesOfNonAsciiAndOddIdsAreReadBackAndWrittenAlike() throws IOException {
        Path node = FileFixtures.copyFolder(ODD + "/file-auth", tmp.resolve("node"));
        Run r = MainTest.run("export", "--from", "file:" + node);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        Map<String, JsonNode> got = new TreeMap<>();
        for (String line : r.lines()) {
            JsonNode rec = BufferJson.decode(line);
            assertThat(rec.get("type").asText()).isEqualTo("session");
            got.put(rec.get("id").asText(), rec.get("value"));
        }
        Map<String, JsonNode> expected = new TreeMap<>();
        oddExpected().get("file").get("session").fields().forEachRemaining(e -> expected.put(e.getKey(), BufferJson.revive(e.getValue())));
        assertThat(got).isEqualTo(expected).containsKeys("", "caf\u00e9", "\ud83d\ude00", "status@broadcast::6281234500001::0");

        Path ours = tmp.resolve("ours");
        Path dump = Files.writeString(tmp.resolve("dump.jsonl"), r.out());
        Run imp = MainTest.run("import", "--to", "file:" + ours, dump.toString());
        assertThat(imp.code()).as(imp.err()).isZero();
        assertThat(names(ours.resolve("signal/session"))).isEqualTo(names(node.resolve("signal/session")));
    }

    /** What a store holding {@code inputs} exports, as a set of records (the order is the exporter's). */
    private static Set<JsonNode> latest(List<ObjectNode> inputs) {
        Set<JsonNode> out = new java.util.HashSet<>();
        for (ObjectNode r : inputs) {
            out.add(BufferJson.decode(BufferJson.encodeToString(r)));
        }
        return out;
    }

    private static Set<JsonNode> decoded(Run r) {
        return r.lines().stream().map(BufferJson::decode).collect(Collectors.toSet());
    }

    @Test
    void oddIdsMoveThroughImportExportAndMigrateWhole() throws IOException {
        List<ObjectNode> inputs = oddInputs();
        Path dump = Files.write(tmp.resolve("odd.jsonl"), inputs.stream().map(BufferJson::encodeToString).toList());
        String a = "sqlite:" + tmp.resolve("a.db");
        Run imp = MainTest.run("import", "--to", a, dump.toString());
        assertThat(imp.code()).as(imp.err()).isZero();
        Run exported = MainTest.run("export", "--from", a);
        assertThat(exported.code()).as(exported.err()).isZero();
        assertThat(decoded(exported)).isEqualTo(latest(inputs));
        assertThat(decoded(exported).stream().map(n -> n.path("id").asText(null)))
                .contains("", "tab\tid", "nl\nid", "\u0001", "caf\u00e9");

        String b = "sqlite:" + tmp.resolve("b.db") + "?session=copy";
        Run m = MainTest.run("migrate", "--from", a, "--to", b);
        assertThat(m.code()).as(m.err()).isZero();
        assertThat(MainTest.run("export", "--from", b).out()).isEqualTo(exported.out());
    }

    @Test
    void theOriginalsSqliteDatabaseWithOddIdsExportsWhole() throws IOException {
        Path db = Fixtures.copyResource(ODD + "/sqlite/zaileys.db", tmp.resolve("odd.db"));
        Run r = MainTest.run("export", "--from", "sqlite:" + db);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(decoded(r)).isEqualTo(latest(oddInputs()));
    }

    @Test
    void oneInvalidLineWritesNothingUnlessSkipInvalidWhichListsItAndFails() throws IOException {
        List<String> lines = new ArrayList<>(MainTest.run("export", "--from", "file:" + FileFixtures.copyFileAuth(tmp.resolve("n"))).lines());
        lines.add(2, "{\"kind\":\"signal\",\"type\":\"pre-key\",\"id\":\"a\\u0000b\",\"value\":{}}");
        Path input = Files.write(tmp.resolve("in.jsonl"), lines);
        Path target = tmp.resolve("t");

        Run refused = MainTest.run("import", "--to", "file:" + target, input.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("line 3: ").contains("NUL").contains("signal pre-key 'a\\u0000b'")
                .contains("nothing was written").hasLineCount(1);
        assertThat(target).doesNotExist();

        Run skipped = MainTest.run("import", "--skip-invalid", "--to", "file:" + target, input.toString());
        assertThat(skipped.code()).isEqualTo(1);
        assertThat(skipped.err()).contains("skipped line 3: ").contains("skipped 1 invalid line");
        List<String> good = new ArrayList<>(lines);
        good.remove(2);
        assertThat(MainTest.run("export", "--from", "file:" + target).lines()).isEqualTo(good);
    }

    @Test
    void aRecordThePostgresTargetWouldRefuseIsCaughtBeforeWriting() {
        ObjectNode r = (ObjectNode) BufferJson.decode("{\"kind\":\"contact\",\"value\":{\"id\":\"1@s.whatsapp.net\",\"name\":\"a\\u0000b\"}}");
        try (Stores.Backend pg = Stores.open("postgres://u@127.0.0.1:1/db"); Stores.Backend sqlite = Stores.open("memory:")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Importer.check(r, "line 9", pg))
                    .isInstanceOf(DataException.class).hasMessageStartingWith("line 9: ").hasMessageContaining("NUL");
            assertThat(Importer.check(r, "line 9", sqlite)).isSameAs(r);
        }
    }

    @Test
    void invalidUtf8IsReportedAtItsOwnLine() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 1; i <= 80; i++) {
            String line = "{\"kind\":\"signal\",\"type\":\"pre-key\",\"id\":\"" + i + "\",\"value\":\"v\"}\n";
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            if (i == 77) {
                b[b.length - 4] = (byte) 0xff;
            }
            bytes.write(b);
        }
        Path input = Files.write(tmp.resolve("bad.jsonl"), bytes.toByteArray());
        Run r = MainTest.run("import", "--to", "file:" + tmp.resolve("t"), input.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("line 77: not UTF-8 text");
        assertThat(tmp.resolve("t")).doesNotExist();
    }

    @Test
    void anOverlongLineIsReportedWithoutBeingHeld() throws IOException {
        String text = "{\"a\":1}\n" + "x".repeat(1000) + "\n\n{\"b\":2}";
        List<String> seen = new ArrayList<>();
        JsonLines.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 100,
                (no, line, problem) -> seen.add(no + ":" + (problem != null ? problem : line)));
        assertThat(seen).containsExactly("1:{\"a\":1}", "2:longer than 100 bytes (the largest record a store takes)", "4:{\"b\":2}");
    }

    @Test
    void aDamagedRecordStopsTheExportNamingItUnlessSkipDamaged() throws IOException {
        Path dir = FileFixtures.copyFileAuth(tmp.resolve("n"));
        int all = MainTest.run("export", "--from", "file:" + dir).lines().size();
        Files.writeString(dir.resolve("signal/pre-key/1.json"), "{\"private\":");

        Run stopped = MainTest.run("export", "--from", "file:" + dir);
        assertThat(stopped.code()).isEqualTo(1);
        assertThat(stopped.err()).contains("STORE_CORRUPTED").contains(dir.resolve("signal/pre-key/1.json").toString())
                .contains("--skip-damaged").hasLineCount(1);

        Run skipped = MainTest.run("export", "--skip-damaged", "--progress", "--from", "file:" + dir);
        assertThat(skipped.code()).isEqualTo(1);
        assertThat(skipped.lines()).hasSize(all - 1);
        assertThat(skipped.err()).contains("skipped damaged signal pre-key '1'").contains("1 damaged record was left out");
        // Never inside a progress line: the bar is cleared first and redrawn after.
        assertThat(Stream.of(skipped.err().split("\n")).filter(l -> l.contains("skipped damaged")))
                .singleElement().satisfies(l -> assertThat(l.substring(l.lastIndexOf('\r') + 1))
                        .startsWith("zaileys: skipped damaged signal pre-key '1': STORE_CORRUPTED"));
    }

    @Test
    void outputThatCannotBeWrittenIsAFailure() {
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(new ByteArrayInputStream(new byte[0]), new PrintStream(full), new PrintStream(err, true, StandardCharsets.UTF_8),
                "export", "--from", "file:" + FileFixtures.copyFileAuth(tmp.resolve("n")));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot write to stdout");
    }

    @Test
    void readOnlyCommandsNeverCreateAStore() {
        Path typo = tmp.resolve("typo.db");
        for (String[] args : List.of(new String[] {"inspect", "sqlite:" + typo}, new String[] {"verify", "sqlite:" + typo},
                new String[] {"export", "--from", "sqlite:" + typo}, new String[] {"migrate", "--from", "sqlite:" + typo, "--to", "memory:"},
                new String[] {"inspect", "file:" + tmp.resolve("nope")}, new String[] {"verify", "file:" + tmp.resolve("nope")})) {
            Run r = MainTest.run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(r.err()).as(String.join(" ", args)).startsWith("zaileys: no store at ").contains("does not exist").hasLineCount(1);
        }
        assertThat(typo).doesNotExist();
        assertThat(tmp.resolve("nope")).doesNotExist();
    }

    @Test
    void readOnlyCommandsLeaveAnExistingSqliteFileUnchanged() throws IOException {
        Path db = Fixtures.copyResource(Fixtures.SQLITE_DB, tmp.resolve("node.db"));
        byte[] before = Files.readAllBytes(db);
        Run typo = MainTest.run("inspect", "sqlite:" + db + "?session=typo");
        assertThat(typo.code()).isEqualTo(1);
        assertThat(typo.err()).contains("no store at").contains("no session 'typo'").hasLineCount(1);
        assertThat(MainTest.run("inspect", "sqlite:" + db).code()).isZero();
        assertThat(MainTest.run("export", "--from", "sqlite:" + db).code()).isZero();
        Path notSqlite = Files.writeString(tmp.resolve("notes.txt"), "not a database");
        assertThat(MainTest.run("inspect", "sqlite:" + notSqlite).err()).contains("cannot read").hasLineCount(1);
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
    }

    @Test
    void everyCommandHasHelpListingEveryScheme() {
        for (String sub : List.of("inspect", "verify", "export", "import", "migrate", "bench")) {
            for (String flag : List.of("--help", "-h")) {
                Run r = MainTest.run(sub, flag);
                assertThat(r.code()).as(sub + " " + flag + ": " + r.err()).isZero();
                assertThat(r.out()).contains("Usage: zaileys " + sub).contains("memory:").contains("file:").contains("sqlite:")
                        .contains("postgres://").contains("redis://").contains("convex:");
            }
        }
        assertThat(MainTest.run("--help").out()).contains("postgres://").contains("convex:");
    }

    @Test
    void passwordsNeverPrintInAnyFormOfUri() {
        assertThat(StoreUri.redact("postgres://bot:p@ss/w0rd@db:5432/wa")).isEqualTo("postgres://bot:***@db:5432/wa");
        assertThat(StoreUri.redact("redis://host:6379?password=s3cret&namespace=a")).isEqualTo("redis://host:6379?password=***&namespace=a");
        assertThat(StoreUri.redact("in 'redis://h?password=s3cret' (known")).isEqualTo("in 'redis://h?password=***' (known");
        assertThat(StoreUri.redact("failed for postgres://u:x@y/z@h/db and redis://:q@h")).isEqualTo("failed for postgres://u:***@h/db and redis://:***@h");
        assertThat(StoreUri.encodeUserInfo("postgres://bot:p@ss/w0rd@db/wa")).isEqualTo("postgres://bot:p%40ss%2Fw0rd@db/wa");
        for (String[] args : List.of(new String[] {"inspect", "postgres://bot:p@ss/w0rd@127.0.0.1:1/db"},
                new String[] {"inspect", "redis://127.0.0.1:1?password=p@ss/w0rd"},
                new String[] {"inspect", "redis://:p@ss/w0rd@127.0.0.1:1"})) {
            Run r = MainTest.run(args);
            assertThat(r.code()).as(args[1]).isNotZero();
            assertThat(r.err()).as(args[1]).doesNotContain("w0rd").doesNotContain("p@ss").hasLineCount(1);
        }
    }

    @Test
    void unknownUriOptionsAreRefusedWithTheKnownOnes() {
        Run redis = MainTest.run("inspect", "redis://127.0.0.1:6379?nmespace=wa");
        assertThat(redis.code()).isEqualTo(2);
        assertThat(redis.err()).contains("unknown redis: option 'nmespace'").contains("known: namespace");
        Run pg = MainTest.run("inspect", "postgres://u@127.0.0.1:1/db?sesion=x");
        assertThat(pg.code()).isEqualTo(2);
        assertThat(pg.err()).contains("unknown postgres: option 'sesion'").contains("known: session");
    }
}
