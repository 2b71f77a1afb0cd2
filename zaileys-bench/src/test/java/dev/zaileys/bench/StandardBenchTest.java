package dev.zaileys.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.store.memory.MemoryAuthStore;
import dev.zaileys.store.memory.MemoryMessageStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the whole procedure on small data: every op reported, every check passing (no timing asserted). */
class StandardBenchTest {

    private static final List<String> RAW = List.of("W1-raw", "W3-raw", "W2-raw", "W1-raw-single", "A1-raw-prekeys",
            "A1-raw-sessions-write", "A1-raw-sessions-read", "A1-raw-creds-write", "A1-raw-creds-read");

    private static final List<String> STORE_OPS = List.of("W1", "W3", "W1b", "W2", "W2-before", "A1-prekeys",
            "A1-sessions-write", "A1-sessions-read", "A1-creds-write", "A1-creds-read");

    private static final List<String> OPS = java.util.stream.Stream.concat(RAW.stream(), STORE_OPS.stream()).toList();

    @Test
    void memoryJsonLines() {
        List<String> lines = run("memory:", true).lines().toList();
        JsonNode dataset = BufferJson.decode(lines.get(0)).get("dataset");
        assertThat(dataset.get("w2_sha256").asText())
                .isEqualTo("72ea931a2cbe3eeddf6f86a5b0aa7a9a86734d3e06936d49c1f1ad69bef239b9");
        assertThat(dataset.get("creds_sha256").asText())
                .isEqualTo("b05421921af60397f1ed9ee6635ceb5272115365aabdb55b12dea203a94ce4ab");
        assertThat(dataset.get("w1_messages").asInt()).isEqualTo(10_000);
        List<JsonNode> ops = lines.subList(1, lines.size()).stream().map(BufferJson::decode).toList();
        assertThat(ops).extracting(o -> o.get("op").asText()).containsExactlyElementsOf(OPS);
        for (JsonNode o : ops) {
            assertThat(o.get("adapter").asText()).isEqualTo("memory");
            assertThat(o.get("ok").asBoolean()).as(o.toString()).isTrue();
            for (String f : List.of("n", "seconds", "ops_per_s", "p50_us", "p99_us", "checks")) {
                assertThat(o.has(f)).as(f + " in " + o).isTrue();
            }
        }
        JsonNode w2 = ops.get(OPS.indexOf("W2"));
        assertThat(w2.path("checks").path("distinct").asInt()).isEqualTo(10_000);
        assertThat(ops.get(OPS.indexOf("W2-before")).path("checks").path("distinct").asInt()).isEqualTo(9_814);
        assertThat(ops.get(OPS.indexOf("W3")).path("checks").path("equal").asInt()).isEqualTo(10_000);
        // every store op has its raw limit measured in the same run, except the walk by `before`
        // alone, which exists to show what it skips
        for (String op : STORE_OPS) {
            JsonNode o = ops.get(OPS.indexOf(op));
            assertThat(o.has("ratio_to_raw")).as(op + " has store/raw").isEqualTo(!op.equals("W2-before"));
        }
        for (String op : RAW) {
            assertThat(ops.get(OPS.indexOf(op)).has("ratio_to_raw")).as(op).isFalse();
        }
        // store/raw is the two rates of the run divided, not a number made up on the side
        JsonNode w3 = ops.get(OPS.indexOf("W3"));
        JsonNode w3raw = ops.get(OPS.indexOf("W3-raw"));
        assertThat(w3.get("ratio_to_raw").asDouble())
                .isCloseTo(w3.get("ops_per_s").asDouble() / w3raw.get("ops_per_s").asDouble(), org.assertj.core.data.Percentage.withPercentage(1));
    }

    /**
     * On PostgreSQL every procedure starts from a vacuumed table: the bench's clears leave dead rows
     * that would otherwise be walked by the next procedure's index scans.
     */
    @Test
    void postgresVacuumsAfterEachClear() throws Exception {
        dev.zaileys.testing.TestPostgres pg = dev.zaileys.testing.TestPostgres.shared();
        String url = pg.createDatabase();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        StandardBench.run(url, () -> dev.zaileys.store.postgres.PostgresMessageStore.builder().connectionString(url).build(),
                () -> dev.zaileys.store.postgres.PostgresAuthStore.builder().connectionString(url).build(),
                new StandardBench.Options(true, 300, false), new PrintStream(buf, true, StandardCharsets.UTF_8));
        List<JsonNode> ops = buf.toString(StandardCharsets.UTF_8).lines().skip(1).map(BufferJson::decode).toList();
        assertThat(ops).extracting(o -> o.get("op").asText()).containsExactlyElementsOf(STORE_OPS);
        assertThat(ops).allSatisfy(o -> assertThat(o.get("ok").asBoolean()).as(o.toString()).isTrue());
        try (java.sql.Connection c = pg.dataSource(dev.zaileys.testing.TestPostgres.databaseOf(url)).getConnection();
                java.sql.Statement st = c.createStatement()) {
            long deadline = System.nanoTime() + 15_000_000_000L;
            long vacuums = 0;
            while (vacuums < 3 && System.nanoTime() < deadline) {
                try (java.sql.ResultSet rs = st.executeQuery(
                        "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'zaileys_messages'")) {
                    vacuums = rs.next() ? rs.getLong(1) : 0;
                }
                Thread.sleep(100);
            }
            // W1 + W3, W1b and W2 each start from a clear; the warm-up's clear too.
            assertThat(vacuums).as("VACUUMs of zaileys_messages").isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void fileHasRawKeyLimits() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        StandardBench.run("file:/unused", null, MemoryAuthStore::new, new StandardBench.Options(true, 2000, true),
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        List<JsonNode> ops = buf.toString(StandardCharsets.UTF_8).lines().skip(1).map(BufferJson::decode).toList();
        assertThat(ops).extracting(o -> o.get("op").asText()).containsExactlyElementsOf(java.util.stream.Stream.concat(
                RAW.subList(RAW.indexOf("A1-raw-prekeys"), RAW.size()).stream(),
                STORE_OPS.subList(STORE_OPS.indexOf("A1-prekeys"), STORE_OPS.size()).stream()).toList());
        assertThat(ops).allSatisfy(o -> assertThat(o.get("ok").asBoolean()).as(o.toString()).isTrue());
    }

    @Test
    void sqliteRawBaselineWritesEveryRow() throws Exception {
        List<RawBaseline.Row> rows = List.of(new RawBaseline.Row("a@s.whatsapp.net", "X1", false, 1, new byte[] {1}),
                new RawBaseline.Row("a@s.whatsapp.net", "X1", true, 2, new byte[] {2}));
        try (RawBaseline b = RawBaselines.open("sqlite:./ignored.db").orElseThrow()) {
            b.insertAll(rows);
            assertThat(b.name()).contains("sqlite");
            assertThat(b.readOne("a@s.whatsapp.net", "X1", true)).containsExactly(2);
            assertThat(b.readOne("a@s.whatsapp.net", "X2", true)).isNull();
            b.insertOne(new RawBaseline.Row("a@s.whatsapp.net", "X0", false, 0, new byte[] {3}));
            List<RawBaseline.Row> page = b.readPage("a@s.whatsapp.net", null, 2);
            assertThat(page).extracting(RawBaseline.Row::timestamp).containsExactly(2L, 1L);
            assertThat(b.readPage("a@s.whatsapp.net", page.get(1), 2)).extracting(RawBaseline.Row::id).containsExactly("X0");
            b.putKeys("session", java.util.Map.of("s1", new byte[] {4}));
            b.putKey("creds", "creds", new byte[] {5});
            assertThat(b.getKey("session", "s1")).containsExactly(4);
            assertThat(b.getKey("creds", "creds")).containsExactly(5);
            assertThat(b.getKey("session", "nope")).isNull();
            b.clearKeys("session");
            assertThat(b.getKey("session", "s1")).isNull();
            assertThat(b.getKey("creds", "creds")).as("another type stays").containsExactly(5);
        }
        assertThat(RawBaselines.open("nosuch:x")).isEmpty();
    }

    /** A1 clears before each pre-key call, so the raw call must start from no keys too (fresh rows, not updates). */
    @Test
    void memoryAndFileRawBaselinesClearOneType() throws Exception {
        for (String uri : List.of("memory:", "file:./ignored")) {
            try (RawBaseline b = RawBaselines.open(uri).orElseThrow()) {
                b.putKeys("pre-key", java.util.Map.of("1", new byte[] {1}, "2", new byte[] {2}));
                b.putKey("creds", "creds", new byte[] {5});
                b.clearKeys("pre-key");
                assertThat(b.getKey("pre-key", "1")).as(uri).isNull();
                assertThat(b.getKey("pre-key", "2")).as(uri).isNull();
                assertThat(b.getKey("creds", "creds")).as(uri).containsExactly(5);
            }
        }
    }

    @Test
    void aReducedRunWalksTheFirstMessagesOfW2AndSaysSo() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        StandardBench.run("memory:", MemoryMessageStore::new, MemoryAuthStore::new, new StandardBench.Options(true, 1_000, false),
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        JsonNode w2 = buf.toString(StandardCharsets.UTF_8).lines().skip(1).map(BufferJson::decode)
                .filter(o -> o.get("op").asText().equals("W2")).findFirst().orElseThrow();
        assertThat(w2.path("checks").path("distinct").asInt()).isEqualTo(1_000);
        assertThat(w2.toString()).contains("REDUCED");
        JsonNode dataset = BufferJson.decode(buf.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow()).get("dataset");
        assertThat(dataset.get("w1_messages").asInt()).isEqualTo(1_000);
        assertThat(dataset.get("w2_messages").asInt()).as("the header states the counts the run uses").isEqualTo(1_000);
        assertThat(dataset.get("note").asText()).contains("W2 walks the first 1000 of 10000");
    }

    @Test
    void aReducedTableHeaderStatesTheRealCounts() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        StandardBench.run("memory:", MemoryMessageStore::new, MemoryAuthStore::new, new StandardBench.Options(false, 500, false),
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        String header = buf.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        assertThat(header).contains("W1 500 messages").contains("W2 500 messages").doesNotContain("10000").doesNotContain("100000");
    }

    @Test
    void anAuthOnlyBackendRunsA1Alone() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        StandardBench.run("file:/unused", null, MemoryAuthStore::new, new StandardBench.Options(true, 2000, false),
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        List<String> ops = buf.toString(StandardCharsets.UTF_8).lines().skip(1)
                .map(l -> BufferJson.decode(l).get("op").asText()).toList();
        assertThat(ops).containsExactlyElementsOf(OPS.subList(OPS.indexOf("A1-prekeys"), OPS.size()));
    }

    @Test
    void tableRows() {
        BenchOp ok = new BenchOp("sqlite", "W1", 100_000, 12.5, 80.0, 900.25,
                java.util.Map.of("stored", 100_000), true, 0.25, null);
        BenchOp bad = new BenchOp("sqlite", "W2-before", 198, 0.5, null, null,
                java.util.Map.of("distinct", 9_000), false, null, "walk");
        assertThat(BenchReport.tableHeader(true)).contains("adapter", "op", "ops/s", "p50 µs", "p99 µs", "ratio", "check");
        assertThat(BenchReport.tableRow(ok, true)).matches("sqlite +W1 +100000 +12\\.500 +8,000 +80\\.0 +900\\.3 +0\\.250  ok stored=100000");
        assertThat(BenchReport.tableRow(bad, false)).contains("FAIL distinct=9000 (walk)").doesNotContain("ratio");
    }

    @Test
    void nearestRank() {
        long[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
        assertThat(BenchMath.nearestRank(sorted, 50)).isEqualTo(50);
        assertThat(BenchMath.nearestRank(sorted, 99)).isEqualTo(100);
        assertThat(BenchMath.nearestRank(new long[] {7}, 99)).isEqualTo(7);
    }

    private static String run(String uri, boolean json) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        StandardBench.run(uri, MemoryMessageStore::new, MemoryAuthStore::new,
                new StandardBench.Options(json, 10_000, true), out);
        return buf.toString(StandardCharsets.UTF_8);
    }
}
