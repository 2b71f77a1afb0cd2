package dev.zaileys.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.testkit.DurableAuthStoreContract;
import dev.zaileys.testkit.FileFixtures;
import dev.zaileys.testkit.Misconfigured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("FileAuthStore")
class FileAuthStoreTest extends DurableAuthStoreContract<FileAuthStore> {

    @TempDir
    Path root;

    /** A fresh folder for each file-specific test (the contract runs with one instance per class). */
    Path tmp;

    private final List<FileAuthStore> opened = new ArrayList<>();

    @Override
    protected FileAuthStore newStore() {
        try {
            return FileAuthStore.builder().basePath(Files.createTempDirectory(root, "contract-")).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected FileAuthStore reopen(FileAuthStore store) {
        return FileAuthStore.builder().basePath(store.basePath()).build();
    }

    @Override
    protected boolean corrupt(FileAuthStore store, String type, String id) {
        Path file = type == null
                ? store.basePath().resolve("creds.json")
                : store.basePath().resolve("signal").resolve(type).resolve(FileNames.encode(id) + ".json");
        try {
            Files.writeString(file, "{\"private\":{\"type\":\"Buffer\",\"da");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    /** Every write fsyncs: the contract's concurrency loops run at a tenth of their size. */
    @Override
    protected int scale() {
        return 10;
    }

    @BeforeEach
    void freshFolder() throws IOException {
        tmp = Files.createTempDirectory(root, "t-");
    }

    @AfterEach
    void closeOpened() {
        opened.forEach(FileAuthStore::close);
        opened.clear();
    }

    private FileAuthStore open(Path dir) {
        FileAuthStore s = FileAuthStore.builder().basePath(dir).build();
        opened.add(s);
        return s;
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void roundTripsCredsAndKeysAcrossReopen() {
        Path dir = tmp.resolve("s");
        FileAuthStore s = open(dir);
        ObjectNode creds = BufferJson.object();
        creds.set("noiseKey", keyPair(1));
        creds.put("registered", true);
        s.writeCreds(AuthCreds.of(creds));
        s.write(Map.of("pre-key", Map.of("1", keyPair(2), "2", keyPair(3)), "session", Map.of("6281.0", keyPair(4))));
        s.close();

        FileAuthStore again = open(dir);
        assertThat(again.readCreds()).hasValueSatisfying(c -> assertThat(c.toJson()).isEqualTo(creds));
        assertThat(again.read("pre-key", List.of("1", "2", "3"))).containsOnlyKeys("1", "2")
                .containsEntry("2", keyPair(3));
        assertThat(again.listKeyIds()).isEqualTo(new TreeMap<>(Map.of("pre-key", List.of("1", "2"), "session", List.of("6281.0"))));
        assertThat(dir.resolve("creds.json")).isRegularFile();
        assertThat(dir.resolve("signal/pre-key/1.json")).isRegularFile();
        assertThat(dir.resolve("signal/session/6281.0.json")).isRegularFile();
    }

    @Test
    void valuesAreBufferJson() throws IOException {
        Path dir = tmp.resolve("s");
        open(dir).write(set("pre-key", "7", keyPair(7)));
        String text = Files.readString(dir.resolve("signal/pre-key/7.json"));
        assertThat(text).isEqualTo(BufferJson.encodeToString(keyPair(7))).contains("{\"type\":\"Buffer\",\"data\":\"");
    }

    @Test
    void nullDeletesAndDeleteCredsRemovesTheFile() {
        Path dir = tmp.resolve("s");
        FileAuthStore s = open(dir);
        s.write(set("pre-key", "1", keyPair(1)));
        s.writeCreds(AuthCreds.of(BufferJson.object().put("a", 1)));
        s.write(set("pre-key", "1", null));
        s.deleteCreds();
        assertThat(s.read("pre-key", List.of("1"))).isEmpty();
        assertThat(s.readCreds()).isEmpty();
        assertThat(dir.resolve("signal/pre-key/1.json")).doesNotExist();
        assertThat(dir.resolve("creds.json")).doesNotExist();
        s.deleteCreds();
        s.delete("pre-key", List.of("1", "nope"));
    }

    @Test
    void filesAreOwnerOnly() throws IOException {
        Path dir = tmp.resolve("a/b/s");
        FileAuthStore s = open(dir);
        s.writeCreds(AuthCreds.of(BufferJson.object().put("a", 1)));
        s.write(set("sender-key", "g@g.us::1::0", keyPair(1)));
        for (Path d : List.of(tmp.resolve("a"), tmp.resolve("a/b"), dir, dir.resolve("signal"), dir.resolve("signal/sender-key"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).as(d.toString()).isEqualTo("rwx------");
        }
        for (Path f : filesUnder(dir)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------");
        }
    }

    @Test
    void hostileIdsStayInsideTheStoreFolder() throws IOException {
        Path dir = tmp.resolve("s");
        FileAuthStore s = open(dir);
        List<String> ids = List.of("../../x", "a/b", "..", ".", "..\\..\\y", "/etc/passwd", "CON", "nul\\z",
                "e\u0301mo\u00ea\u4e2d\uD83D\uDE00", "quote'\"`;DROP", " space ", "x".repeat(60) + "/" + "..");
        Map<String, JsonNode> values = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            values.put(ids.get(i), TextNode.valueOf("v" + i));
        }
        s.write(Map.of("session", values));
        try (Stream<Path> all = Files.walk(tmp)) {
            assertThat(all.filter(Files::isRegularFile)).allSatisfy(p -> assertThat(p.getParent()).isEqualTo(dir.resolve("signal/session")));
        }
        assertThat(filesUnder(dir)).hasSize(ids.size());
        assertThat(s.listKeyIds().get("session")).containsExactlyInAnyOrderElementsOf(ids);
        s.close();
        FileAuthStore again = open(dir);
        assertThat(again.read("session", ids)).isEqualTo(values);
        assertThat(dir.resolve("signal/session/_2e_2e_2f_2e_2e_2fx.json")).doesNotExist();
        assertThat(dir.resolve("signal/session/..-.-x.json")).doesNotExist();
        assertThat(dir.resolve("signal/session/.._2f.._2fx.json")).isRegularFile();
        assertThat(dir.resolve("signal/session/a_2fb.json")).isRegularFile();
    }

    @Test
    void encodingIsOneToOne() {
        Path dir = tmp.resolve("s");
        FileAuthStore s = open(dir);
        s.write(Map.of("lid-mapping", Map.of("x:y", TextNode.valueOf("colon"), "x_3ay", TextNode.valueOf("underscore"),
                "x_3Ay", TextNode.valueOf("upper"), "x__3a", TextNode.valueOf("double"), "x_", TextNode.valueOf("trailing"))));
        assertThat(s.read("lid-mapping", List.of("x:y", "x_3ay", "x_3Ay", "x__3a", "x_")))
                .containsEntry("x:y", TextNode.valueOf("colon"))
                .containsEntry("x_3ay", TextNode.valueOf("underscore"))
                .containsEntry("x_3Ay", TextNode.valueOf("upper"))
                .containsEntry("x__3a", TextNode.valueOf("double"))
                .containsEntry("x_", TextNode.valueOf("trailing"));
        assertThat(s.listKeyIds().get("lid-mapping")).containsExactlyInAnyOrder("x:y", "x_3ay", "x_3Ay", "x__3a", "x_");
        assertThat(dir.resolve("signal/lid-mapping/x_3ay.json")).isRegularFile();
        // The original's name x_3ay reads as x:y; the literal id gets a name the original never writes.
        assertThat(dir.resolve("signal/lid-mapping/x+005f3ay.json")).isRegularFile();
    }

    @Test
    void namesOfRealIdsMatchTheOriginal() {
        assertThat(FileNames.encode("120363000000000001@g.us::628579388796::0")).isEqualTo("120363000000000001_40g.us_3a_3a628579388796_3a_3a0");
        assertThat(FileNames.encode("6281234500001@s.whatsapp.net")).isEqualTo("6281234500001_40s.whatsapp.net");
        assertThat(FileNames.encode("190000000000070_reverse")).isEqualTo("190000000000070_reverse");
        assertThat(FileNames.encode("critical_unblock_low")).isEqualTo("critical_unblock_low");
        assertThat(FileNames.encode("6281234500001.12")).isEqualTo("6281234500001.12");
        assertThat(FileNames.encode("AAAAAE1a")).isEqualTo("AAAAAE1a");
        assertThat(FileNames.encode("ab+/c=")).isEqualTo("ab_2b_2fc_3d");
        for (String id : List.of("a_bc", "a_b", "_", "__", "_ab", "a_5f", "x@_1", "\u00e9_e9", "z_ff_", "_0_0", "a_aa_aa")) {
            assertThat(FileNames.decode(FileNames.encode(id))).as(id).hasValue(id);
        }
        assertThat(FileNames.decode("has space")).isEmpty();
        assertThat(FileNames.decode("+0041")).as("non-canonical escape of A").isEmpty();
        assertThat(FileNames.decode("_e9+0041")).as("mixed escapes").isEmpty();
        assertThat(FileNames.decode("+00e")).as("short escape").isEmpty();
    }

    @Test
    void nonAsciiIdsGetTheOriginalsNames() {
        // The original escapes UTF-16 code units, unpadded.
        assertThat(FileNames.encode("caf\u00e9")).isEqualTo("caf_e9");
        assertThat(FileNames.encode("\ud83d\ude00")).isEqualTo("_d83d_de00");
        assertThat(FileNames.encode("\u65e5\u672c")).isEqualTo("_65e5_672c");
        assertThat(FileNames.encode("status@broadcast::1")).isEqualTo("status_40broadcast_3a_3a1");
        assertThat(FileNames.encode("\u00ff")).isEqualTo("_ff");
        assertThat(FileNames.encode("")).isEqualTo("");
        assertThat(FileNames.encode("..")).isEqualTo("..");
        for (String name : List.of("caf_e9", "_d83d_de00", "AAA_e9_e9", "_65e5_672c", "status_40broadcast", "critical_block",
                "190000000000070_reverse", "_41", "_0abc", "")) {
            assertThat(FileNames.decode(name)).as(name).isPresent();
            assertThat(FileNames.encode(FileNames.decode(name).get())).as(name).isEqualTo(name);
        }
        assertThat(FileNames.decode("caf_e9")).hasValue("caf\u00e9");
        assertThat(FileNames.decode("critical_block")).hasValue("critical_block");
    }

    @Test
    void idsWhoseOriginalNameIsAmbiguousGetTheirOwnName() {
        // tab_9id is both "tab\tid" and "tab_9id" to the original; a control character is never read from a name.
        assertThat(FileNames.encode("tab\tid")).isEqualTo("tab+0009id");
        assertThat(FileNames.encode("tab_9id")).isEqualTo("tab_9id");
        assertThat(FileNames.encode("\u00e9a")).as("_e9a would read as U+0E9A").isEqualTo("+00e9a");
        assertThat(FileNames.encode("\u0e9a")).isEqualTo("_e9a");
        List<String> ids = List.of("", "\t", "tab\tid", "nl\nid", "x_3ay", "x:y", "\u00e9a", "\u0e9a", "@b", "\u040b", "_", "+", "+0041",
                "a_bc", "\u00bc", "_0", "\u0001", "\ud83d", "\ude00x", "..", ".", "~", "a~b");
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String id : ids) {
            String name = FileNames.encode(id);
            assertThat(names.add(name)).as("name of %s is unique", id).isTrue();
            assertThat(FileNames.decode(name)).as(id).hasValue(id);
        }
    }

    @Test
    void longIdsGetHashedNamesAndRoundTrip() throws IOException {
        Path dir = tmp.resolve("s");
        FileAuthStore s = open(dir);
        List<String> ids = List.of("@".repeat(80), "@".repeat(81), "x".repeat(512), "\u4e2d".repeat(512), "x".repeat(511) + "y");
        Map<String, JsonNode> values = new HashMap<>();
        ids.forEach(id -> values.put(id, keyPair(id.length())));
        s.write(Map.of("session", values));
        assertThat(filesUnder(dir)).hasSize(ids.size()).allSatisfy(f -> {
            assertThat(f.getFileName().toString().length()).isLessThanOrEqualTo(245);
            assertThat(f.getParent()).isEqualTo(dir.resolve("signal/session"));
        });
        assertThat(dir.resolve("signal/session/" + "_40".repeat(80) + ".json")).isRegularFile();
        s.close();
        FileAuthStore again = open(dir);
        assertThat(again.listKeyIds().get("session")).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(again.read("session", ids)).isEqualTo(values);
        Path longFile = dir.resolve("signal/session/" + FileNames.encode("x".repeat(512)) + ".json");
        assertThat(BufferJson.decode(Files.readAllBytes(longFile)).get("id").asText()).isEqualTo("x".repeat(512));
        again.delete("session", ids);
        assertThat(again.listKeyIds()).isEmpty();
        again.write(set("session", "x".repeat(512), keyPair(1)));
        Files.writeString(longFile, "{\"id\":");
        assertThatThrownBy(() -> again.read("session", List.of("x".repeat(512))))
                .isInstanceOfSatisfying(ZaileysStoreException.class, e -> assertThat(e.code()).isEqualTo(Code.STORE_CORRUPTED))
                .hasMessageContaining(longFile.toString());
    }

    @Test
    void damagedFilesAreCorruptedNamingTheFile() throws IOException {
        Path dir = tmp.resolve("s");
        FileAuthStore s = open(dir);
        s.writeCreds(AuthCreds.of(BufferJson.object().put("a", 1)));
        s.write(Map.of("pre-key", Map.of("1", keyPair(1), "2", keyPair(2))));
        Path pre1 = dir.resolve("signal/pre-key/1.json");
        Path pre2 = dir.resolve("signal/pre-key/2.json");
        Path creds = dir.resolve("creds.json");
        Files.writeString(pre1, "{\"private\":{\"type\":\"Buf");
        Files.write(pre2, new byte[0]);
        Files.writeString(creds, "[1,2]");
        assertThatThrownBy(() -> s.read("pre-key", List.of("1")))
                .isInstanceOfSatisfying(ZaileysStoreException.class, e -> assertThat(e.code()).isEqualTo(Code.STORE_CORRUPTED))
                .hasMessageContaining(pre1.toString());
        assertThatThrownBy(() -> s.read("pre-key", List.of("2")))
                .isInstanceOfSatisfying(ZaileysStoreException.class, e -> assertThat(e.code()).isEqualTo(Code.STORE_CORRUPTED))
                .hasMessageContaining(pre2.toString());
        assertThatThrownBy(s::readCreds)
                .isInstanceOfSatisfying(ZaileysStoreException.class, e -> assertThat(e.code()).isEqualTo(Code.STORE_CORRUPTED))
                .hasMessageContaining(creds.toString());
    }

    @Test
    void leftoverTempFilesAreIgnoredAndRemovedOnOpen() throws IOException {
        Path dir = tmp.resolve("s");
        FileAuthStore s = open(dir);
        s.writeCreds(AuthCreds.of(BufferJson.object().put("a", 1)));
        s.write(set("pre-key", "1", keyPair(1)));
        Path leftover = Files.writeString(dir.resolve("signal/pre-key/.zaileys-123.tmp"), "{\"half");
        Path leftoverTop = Files.writeString(dir.resolve(".zaileys-456.tmp"), "{\"half");
        // Left by a writer that died long ago: only then is a temp file provably abandoned.
        abandon(leftover);
        abandon(leftoverTop);
        assertThat(s.listKeyIds()).isEqualTo(new TreeMap<>(Map.of("pre-key", List.of("1"))));
        assertThat(s.read("pre-key", List.of("1"))).containsOnlyKeys("1");
        s.close();
        FileAuthStore again = open(dir);
        assertThat(leftover).doesNotExist();
        assertThat(leftoverTop).doesNotExist();
        assertThat(again.readCreds()).isPresent();
        assertThat(filesUnder(dir)).hasSize(2);
    }

    private static void abandon(Path file) throws IOException {
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofHours(2))));
    }

    @Test
    @DisplayName("Opening a folder keeps young temp files: another writer may be about to rename one")
    void openKeepsTempFilesOfLiveWriters() throws IOException {
        Path dir = tmp.resolve("s");
        FileAuthStore s = open(dir);
        s.write(set("pre-key", "1", keyPair(1)));
        Path inFlightTop = Files.writeString(dir.resolve(".zaileys-789.tmp"), "{\"creds\":1}");
        Path inFlight = Files.writeString(dir.resolve("signal/pre-key/.zaileys-790.tmp"), "{\"k\":1}");
        Path old = Files.writeString(dir.resolve("signal/pre-key/.zaileys-791.tmp"), "{\"half");
        abandon(old);
        open(dir).close();
        assertThat(inFlightTop).exists();
        assertThat(inFlight).exists();
        assertThat(old).doesNotExist();
        // The in-flight writer can still finish its rename.
        Files.move(inFlightTop, dir.resolve("creds.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        assertThat(s.readCreds()).isPresent();
    }

    @Test
    @DisplayName("Stores opened over and over on a folder never fail another store's concurrent writes")
    void concurrentOpensDoNotBreakWrites() throws Exception {
        Path dir = tmp.resolve("s");
        FileAuthStore writer = open(dir);
        writer.writeCreds(AuthCreds.of(BufferJson.object().put("n", 0)));
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread opener = new Thread(() -> {
            while (!done.get()) {
                FileAuthStore.builder().basePath(dir).build().close();
            }
        });
        opener.start();
        try {
            for (int i = 1; i <= 1500; i++) {
                writer.writeCreds(AuthCreds.of(BufferJson.object().put("n", i)));
            }
        } finally {
            done.set(true);
            opener.join();
        }
        assertThat(writer.readCreds()).isPresent();
    }

    @Test
    void foreignFilesAreNotListedAndSurviveClear() throws IOException {
        Path dir = tmp.resolve("s");
        FileAuthStore s = open(dir);
        s.writeCreds(AuthCreds.of(BufferJson.object().put("a", 1)));
        s.write(Map.of("pre-key", Map.of("1", keyPair(1)), "session", Map.of("x", keyPair(2))));
        Path notes = Files.writeString(dir.resolve("notes.txt"), "mine");
        Path otherJson = Files.writeString(dir.resolve("settings.json"), "{}");
        Path readme = Files.writeString(dir.resolve("signal/pre-key/README.txt"), "mine");
        Files.createDirectories(dir.resolve("signal/Not_A_Type"));
        Path foreignDirFile = Files.writeString(dir.resolve("signal/Not_A_Type/k.json"), "{}");
        Path badName = Files.writeString(dir.resolve("signal/session/has space.json"), "{}");
        assertThat(s.listKeyIds()).isEqualTo(new TreeMap<>(Map.of("pre-key", List.of("1"), "session", List.of("x"))));

        s.clear();

        assertThat(s.readCreds()).isEmpty();
        assertThat(s.listKeyIds()).isEmpty();
        assertThat(List.of(notes, otherJson, readme, foreignDirFile)).allSatisfy(p -> assertThat(p).exists());
        assertThat(badName).doesNotExist();
        assertThat(dir.resolve("signal/session")).doesNotExist();
        assertThat(dir.resolve("signal/pre-key")).isDirectory();
        assertThat(dir).isDirectory();
    }

    @Test
    void clearOfAFreshFolderRemovesTheSignalTree() {
        Path dir = tmp.resolve("s");
        FileAuthStore s = open(dir);
        s.writeCreds(AuthCreds.of(BufferJson.object().put("a", 1)));
        s.write(set("pre-key", "1", keyPair(1)));
        s.clear();
        assertThat(dir.resolve("signal")).doesNotExist();
        assertThat(dir.resolve("creds.json")).doesNotExist();
        s.write(set("pre-key", "1", keyPair(1)));
        assertThat(s.read("pre-key", List.of("1"))).hasSize(1);
    }

    @Test
    void readsOfAMissingFolderAreEmptyAndCreateNothing() {
        Path dir = tmp.resolve("never");
        FileAuthStore s = open(dir);
        assertThat(s.readCreds()).isEmpty();
        assertThat(s.read("pre-key", List.of("1"))).isEmpty();
        assertThat(s.listKeyIds()).isEmpty();
        s.clear();
        assertThat(dir).doesNotExist();
    }

    @Test
    void basePathThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        // A configuration mistake, not an outage: STORE_INVALID_INPUT, and the file is left as it was.
        Misconfigured.assertRefused(() -> FileAuthStore.builder().basePath(file).build(), "is not a directory");
        assertThat(Files.readString(file)).isEqualTo("x");
        Misconfigured.assertRefused(() -> FileAuthStore.builder().basePath(null).build(), "basePath");
        Misconfigured.assertRefused(() -> FileAuthStore.builder().basePath(Path.of("")).build(), "basePath");
        assertThat(FileAuthStore.builder().build().basePath()).isEqualTo(Path.of(".zaileys/auth").toAbsolutePath());
    }

    @Test
    void closedStoreRefusesCalls() {
        FileAuthStore s = open(tmp.resolve("s"));
        s.close();
        s.close();
        assertThatThrownBy(s::readCreds)
                .isInstanceOfSatisfying(ZaileysStoreException.class, e -> assertThat(e.code()).isEqualTo(Code.STORE_CLOSED));
    }

    @Test
    void readsWhatTheNodeOriginalWrote() {
        Path dir = FileFixtures.copyFileAuth(tmp.resolve("node"));
        FileAuthStore s = open(dir);
        assertThat(s.readCreds()).hasValueSatisfying(c -> assertThat(c.toJson()).isEqualTo(FileFixtures.creds()));
        TreeMap<String, TreeMap<String, JsonNode>> expected = FileFixtures.signal();
        TreeMap<String, List<String>> expectedIds = new TreeMap<>();
        expected.forEach((type, values) -> expectedIds.put(type, List.copyOf(values.keySet())));
        assertThat(s.listKeyIds()).isEqualTo(expectedIds);
        expected.forEach((type, values) -> assertThat(s.read(type, values.keySet())).as(type).isEqualTo(values));
        assertThat(s.read("pre-key", List.of("6"))).isEmpty();
    }

    @Test
    void writesWhatTheNodeOriginalReads() throws IOException {
        // Written by this store from the same inputs, every file has the original's name and bytes.
        Path node = FileFixtures.copyFileAuth(tmp.resolve("node"));
        Path ours = tmp.resolve("ours");
        FileAuthStore s = open(ours);
        s.writeCreds(AuthCreds.of(FileFixtures.creds()));
        for (ObjectNode r : FileFixtures.inputs()) {
            if ("signal".equals(r.path("kind").asText())) {
                s.write(set(r.get("type").asText(), r.get("id").asText(), r.get("value")));
            }
        }
        List<String> nodeFiles = filesUnder(node).stream().map(p -> node.relativize(p).toString()).toList();
        List<String> ourFiles = filesUnder(ours).stream().map(p -> ours.relativize(p).toString()).toList();
        assertThat(ourFiles).isEqualTo(nodeFiles);
        for (String f : ourFiles) {
            if (!f.equals("creds.json")) {
                assertThat(Files.readString(ours.resolve(f), StandardCharsets.UTF_8)).as(f)
                        .isEqualTo(Files.readString(node.resolve(f), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void overwritingAnOriginalFileKeepsItsName() {
        Path dir = FileFixtures.copyFileAuth(tmp.resolve("node"));
        FileAuthStore s = open(dir);
        s.write(set("lid-mapping", "190000000000070_reverse", TextNode.valueOf("6281234599999")));
        assertThat(dir.resolve("signal/lid-mapping/190000000000070_reverse.json")).isRegularFile();
        assertThat(s.read("lid-mapping", List.of("190000000000070_reverse")))
                .containsEntry("190000000000070_reverse", TextNode.valueOf("6281234599999"));
        assertThat(s.listKeyIds().get("lid-mapping")).doesNotHaveDuplicates().hasSize(4);
        Set<String> before = Set.copyOf(s.listKeyIds().get("session"));
        s.delete("session", List.of("6281234500001.0"));
        assertThat(Set.copyOf(s.listKeyIds().get("session"))).hasSize(before.size() - 1);
    }
}
