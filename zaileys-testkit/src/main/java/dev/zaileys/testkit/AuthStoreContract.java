package dev.zaileys.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Ids;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.SignalTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every auth store shares (DESIGN section 3 and 9, the seed's AuthStore). An adapter
 * test extends this class and provides {@link #newStore()}; durable adapters also override
 * {@link #reopen} so the suite checks that data outlives an instance.
 *
 * <p>Longer than a main class should be, on purpose: it is a test suite of independent
 * {@code @Nested} groups (A1 to A8), each one area a reader takes alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AuthStoreContract<S extends AuthStoreBundle> extends StoreContract<S> {


    // ---- helpers ----

    protected static Map<String, Map<String, JsonNode>> set(String type, String id, JsonNode value) {
        Map<String, JsonNode> ofType = new HashMap<>();
        ofType.put(id, value);
        Map<String, Map<String, JsonNode>> out = new HashMap<>();
        out.put(type, ofType);
        return out;
    }

    protected static BinaryNode bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return BinaryNode.valueOf(b);
    }

    protected static ObjectNode keyPair(long seed) {
        ObjectNode n = BufferJson.object();
        n.set("private", bytes(32, seed));
        n.set("public", bytes(33, seed + 1));
        return n;
    }

    /** Everything the store holds, as seen through its API: creds, then every key. */
    protected static Map<String, Object> snapshot(AuthStoreBundle s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("creds", s.readCreds().map(AuthCreds::toJsonString).orElse(null));
        SortedMap<String, List<String>> ids = s.listKeyIds();
        ids.forEach((type, list) -> {
            Map<String, String> values = new TreeMap<>();
            s.read(type, list).forEach((id, v) -> values.put(id, BufferJson.encodeToString(v)));
            out.put(type, values);
        });
        return out;
    }

    void writeFixtureSignal(AuthStoreBundle s) {
        for (ObjectNode line : Fixtures.signalLines()) {
            s.write(set(line.get("type").asText(), line.get("id").asText(), line.get("value")));
        }
    }

    private static void assertInvalid(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ZaileysStoreException.class,
                e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(Code.STORE_INVALID_INPUT));
    }

    // ---- creds ----

    @Nested
    @DisplayName("A1: creds")
    class Creds {

        @Test
        @DisplayName("A1.1 readCreds is empty when none were written")
        void emptyWhenNone() {
            assertThat(store.readCreds()).isEmpty();
        }

        @Test
        @DisplayName("A1.2 the fixture creds round-trip: JSON-equal, binary byte for byte, key order kept")
        void roundTrip() {
            AuthCreds creds = Fixtures.creds();
            store.writeCreds(creds);
            AuthCreds back = store.readCreds().orElseThrow();
            assertThat(back).isEqualTo(creds);
            if (keepsKeyOrder()) {
                assertThat(back.toJsonString()).isEqualTo(creds.toJsonString());
            }
            assertThat(back.toJson().get("noiseKey").get("private").isBinary()).isTrue();
            assertThat(back.meId()).isEqualTo(creds.meId());
        }

        @Test
        @DisplayName("A1.3 writeCreds replaces the whole document")
        void overwrite() {
            store.writeCreds(Fixtures.creds());
            ObjectNode second = BufferJson.object();
            second.put("registered", true);
            second.set("advSecretKey", bytes(32, 7));
            store.writeCreds(AuthCreds.of(second));
            assertThat(store.readCreds().orElseThrow().toJson()).isEqualTo(second);
        }

        @Test
        @DisplayName("A1.4 deleteCreds removes them; deleting twice is a no-op; keys stay")
        void delete() {
            store.writeCreds(Fixtures.creds());
            store.write(set("pre-key", "1", keyPair(1)));
            store.deleteCreds();
            assertThat(store.readCreds()).isEmpty();
            store.deleteCreds();
            assertThat(store.readCreds()).isEmpty();
            assertThat(store.read("pre-key", List.of("1"))).containsOnlyKeys("1");
        }

        @Test
        @DisplayName("A1.5 no aliasing: changing the written or the returned tree changes nothing stored")
        void noAliasing() {
            ObjectNode tree = Fixtures.creds().toJson();
            AuthCreds creds = AuthCreds.of(tree);
            store.writeCreds(creds);
            tree.put("registered", "mutated");
            ObjectNode returned = store.readCreds().orElseThrow().toJson();
            returned.removeAll();
            assertThat(store.readCreds().orElseThrow()).isEqualTo(Fixtures.creds());
        }

        @Test
        @DisplayName("A1.6 creds()/signal() views are the same store")
        void views() {
            store.creds().writeCreds(Fixtures.creds());
            store.signal().write(set("pre-key", "1", keyPair(1)));
            assertThat(store.readCreds()).isPresent();
            assertThat(store.read("pre-key", List.of("1"))).hasSize(1);
        }
    }

    // ---- signal keys ----

    @Nested
    @DisplayName("A2: Signal keys")
    class Signal {

        @Test
        @DisplayName("A2.1 every fixture Signal type round-trips JSON-equal, binary byte for byte")
        void fixtureRoundTrip() {
            writeFixtureSignal(store);
            Map<String, Map<String, JsonNode>> expected = Fixtures.signalState();
            assertThat(expected.keySet()).containsAll(SignalTypes.KNOWN);
            expected.forEach((type, values) -> {
                Map<String, JsonNode> got = store.read(type, values.keySet());
                assertThat(got).as(type).containsOnlyKeys(values.keySet());
                values.forEach((id, v) -> {
                    assertThat(got.get(id)).as(type + "/" + id).isEqualTo(v);
                    assertThat(BufferJson.encodeToString(got.get(id))).isEqualTo(BufferJson.encodeToString(v));
                });
            });
        }

        @Test
        @DisplayName("A2.2 a type name Baileys may add later is stored like the known ones")
        void unknownType() {
            ObjectNode v = BufferJson.object();
            v.set("blob", bytes(100, 3));
            v.put("n", 12345678901234L);
            store.write(set("future-type", "x:1", v));
            assertThat(store.read("future-type", List.of("x:1"))).containsEntry("x:1", v);
            assertThat(store.listKeyIds()).containsEntry("future-type", List.of("x:1"));
        }

        @Test
        @DisplayName("A2.3 read returns only ids found, never null values; empty ids give an empty map")
        void readOnlyFound() {
            writeFixtureSignal(store);
            Map<String, JsonNode> got = store.read("pre-key", List.of("1", "6", "no-such-id", "1"));
            assertThat(got).containsOnlyKeys("1");
            assertThat(got.values()).doesNotContainNull();
            assertThat(store.read("pre-key", List.of())).isEmpty();
            assertThat(store.read("never-written", List.of("1"))).isEmpty();
        }

        @Test
        @DisplayName("A2.4 binary values: random, empty and large (1 MiB) round-trip byte for byte")
        void binaryValues() {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            values.put("empty", BinaryNode.valueOf(new byte[0]));
            values.put("small", bytes(1, 1));
            values.put("random", bytes(4096, 2));
            values.put("large", bytes(1 << 20, 3));
            ArrayNode arr = BufferJson.mapper().createArrayNode();
            arr.add(bytes(16, 4)).add("text").add(42);
            values.put("array", arr);
            store.write(Map.of("session", values));
            Map<String, JsonNode> got = store.read("session", values.keySet());
            values.forEach((id, v) -> assertThat(got.get(id)).as(id).isEqualTo(v));
            assertThat(((BinaryNode) got.get("large")).binaryValue()).isEqualTo(((BinaryNode) values.get("large")).binaryValue());
        }

        @Test
        @DisplayName("A2.5 a later write of an id replaces its value")
        void overwrite() {
            store.write(set("session", "a.0", bytes(10, 1)));
            store.write(set("session", "a.0", bytes(10, 2)));
            assertThat(store.read("session", List.of("a.0")).get("a.0")).isEqualTo(bytes(10, 2));
        }

        @Test
        @DisplayName("A2.6 no aliasing: changing the written or the returned tree changes nothing stored")
        void noAliasing() throws Exception {
            ObjectNode v = keyPair(5);
            store.write(set("pre-key", "9", v));
            v.put("private", "mutated");
            JsonNode got = store.read("pre-key", List.of("9")).get("9");
            ((ObjectNode) got).removeAll();
            assertThat(store.read("pre-key", List.of("9")).get("9")).isEqualTo(keyPair(5));
            // The bytes inside a returned binary value are the caller's too (a store that keeps
            // decoded values must not hand out its own arrays).
            store.write(set("session", "s.0", bytes(16, 7)));
            for (int i = 0; i < 2; i++) {
                java.util.Arrays.fill(store.read("session", List.of("s.0")).get("s.0").binaryValue(), (byte) 0);
                java.util.Arrays.fill(((ObjectNode) store.read("pre-key", List.of("9")).get("9")).get("private").binaryValue(), (byte) 0);
            }
            assertThat(store.read("session", List.of("s.0")).get("s.0")).isEqualTo(bytes(16, 7));
            assertThat(store.read("pre-key", List.of("9")).get("9")).isEqualTo(keyPair(5));
        }

        @Test
        @DisplayName("A2.7 values of every JSON kind: string, array, number, boolean, nested object")
        void jsonKinds() {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            values.put("s", TextNode.valueOf("190000000000070"));
            values.put("a", BufferJson.decode("[\"0\",\"12\"]"));
            values.put("n", BufferJson.decode("1.5"));
            values.put("big", BufferJson.decode("123456789012345678901234567890"));
            values.put("b", BufferJson.decode("true"));
            values.put("o", BufferJson.decode("{\"z\":1,\"a\":{\"y\":[1,2,{\"type\":\"Buffer\",\"data\":\"AQID\"}]}}"));
            store.write(Map.of("future-type", values));
            Map<String, JsonNode> got = store.read("future-type", values.keySet());
            values.forEach((id, v) -> {
                assertThat(got.get(id)).as(id).isEqualTo(v);
                assertThat(BufferJson.encodeToString(got.get(id))).as(id).isEqualTo(BufferJson.encodeToString(v));
            });
        }
    }

    // ---- deletes ----

    @Nested
    @DisplayName("A3: deletes and no-ops")
    class Deletes {

        @Test
        @DisplayName("A3.1 a null value in write deletes that key (Java null and JSON null)")
        void nullAsDelete() {
            store.write(Map.of("pre-key", Map.of("1", keyPair(1), "2", keyPair(2), "3", keyPair(3))));
            Map<String, JsonNode> dels = new HashMap<>();
            dels.put("1", null);
            dels.put("2", NullNode.getInstance());
            store.write(Map.of("pre-key", dels));
            assertThat(store.read("pre-key", List.of("1", "2", "3"))).containsOnlyKeys("3");
            assertThat(store.listKeyIds()).containsEntry("pre-key", List.of("3"));
        }

        @Test
        @DisplayName("A3.2 the fixture's delete of pre-key 6 leaves it out")
        void fixtureDelete() {
            writeFixtureSignal(store);
            assertThat(store.read("pre-key", List.of("6"))).isEmpty();
            assertThat(store.listKeyIds().get("pre-key")).doesNotContain("6");
        }

        @Test
        @DisplayName("A3.3 delete(type, ids) removes those ids only; unknown ids are ignored")
        void delete() {
            store.write(Map.of("session", Map.of("a.0", bytes(8, 1), "b.0", bytes(8, 2))));
            store.delete("session", List.of("a.0", "zzz", "a.0"));
            store.delete("session", List.of());
            store.delete("other-type", List.of("a.0"));
            assertThat(store.read("session", List.of("a.0", "b.0"))).containsOnlyKeys("b.0");
        }

        @Test
        @DisplayName("A3.4 writing an empty map, or a type with no ids, is a no-op")
        void emptyWrite() {
            writeFixtureSignal(store);
            Map<String, Object> before = snapshot(store);
            store.write(Map.of());
            store.write(Map.of("pre-key", Map.of()));
            assertThat(snapshot(store)).isEqualTo(before);
        }

        @Test
        @DisplayName("A3.5 writing null for an id that does not exist is a no-op")
        void deleteUnknownByWrite() {
            store.write(set("pre-key", "404", null));
            assertThat(store.listKeyIds()).isEmpty();
        }

        @Test
        @DisplayName("A3.6 clear removes creds and every key; the store stays usable")
        void clear() {
            store.writeCreds(Fixtures.creds());
            writeFixtureSignal(store);
            store.clear();
            assertThat(store.readCreds()).isEmpty();
            assertThat(store.listKeyIds()).isEmpty();
            Fixtures.signalState().forEach((type, values) -> assertThat(store.read(type, values.keySet())).isEmpty());
            store.write(set("pre-key", "1", keyPair(1)));
            assertThat(store.read("pre-key", List.of("1"))).hasSize(1);
            store.clear();
            store.clear();
            assertThat(store.listKeyIds()).isEmpty();
        }
    }

    // ---- atomic multi-type write ----

    @Nested
    @DisplayName("A4: atomic writes")
    class Atomic {

        @Test
        @DisplayName("A4.1 one write of several types with puts and deletes applies as a whole")
        void multiType() {
            store.write(set("pre-key", "1", keyPair(1)));
            Map<String, Map<String, JsonNode>> data = new HashMap<>();
            Map<String, JsonNode> preKeys = new HashMap<>();
            preKeys.put("1", null);
            preKeys.put("2", keyPair(2));
            data.put("pre-key", preKeys);
            data.put("session", Map.of("6281234500001.0", bytes(200, 3)));
            data.put("sender-key-memory", Map.of("120363000000000001@g.us",
                    BufferJson.decode("{\"628579388796@s.whatsapp.net\":true}")));
            data.put("future-type", Map.of("k", TextNode.valueOf("v")));
            store.write(data);
            assertThat(store.listKeyIds()).containsOnlyKeys("pre-key", "session", "sender-key-memory", "future-type");
            assertThat(store.listKeyIds().get("pre-key")).containsExactly("2");
        }

        @Test
        @DisplayName("A4.2 a set with one bad entry changes nothing (validation before any write)")
        void badEntryChangesNothing() {
            writeFixtureSignal(store);
            Map<String, Object> before = snapshot(store);
            Map<String, Map<String, JsonNode>> data = new LinkedHashMap<>();
            data.put("pre-key", Map.of("100", keyPair(100)));
            data.put("Pre Key", Map.of("101", keyPair(101)));
            assertInvalid(() -> store.write(data));
            Map<String, JsonNode> badId = new LinkedHashMap<>();
            badId.put("102", keyPair(102));
            badId.put("a\u0000b", keyPair(103));
            assertInvalid(() -> store.write(Map.of("pre-key", badId)));
            assertThat(snapshot(store)).isEqualTo(before);
        }

        @Test
        @DisplayName("A4.3 concurrent writes of overlapping sets never leave a mixed state")
        void concurrentOverlapping() throws Exception {
            int writers = 8;
            int rounds = Math.max(5, 50 / scale());
            List<String> types = List.of("pre-key", "session", "sender-key", "future-type");
            List<String> ids = List.of("a", "b", "c", "d", "e");
            inParallel(writers, writer -> {
                for (int r = 0; r < rounds; r++) {
                    Map<String, Map<String, JsonNode>> data = new HashMap<>();
                    TextNode tag = TextNode.valueOf(writer + ":" + r);
                    for (String t : types) {
                        Map<String, JsonNode> m = new HashMap<>();
                        ids.forEach(id -> m.put(id, tag));
                        data.put(t, m);
                    }
                    store.write(data);
                }
                return null;
            });
            List<JsonNode> all = new ArrayList<>();
            types.forEach(t -> all.addAll(store.read(t, ids).values()));
            assertThat(all).hasSize(types.size() * ids.size());
            assertThat(all.stream().distinct()).as("every key carries the tag of one write").hasSize(1);
            assertThat(all.get(0).asText()).endsWith(":" + (rounds - 1));
        }

        @Test
        @DisplayName("A4.4 many threads writing disjoint keys: every key lands")
        void concurrentDisjoint() throws Exception {
            int threads = 8;
            int perThread = Math.max(10, 200 / scale());
            inParallel(threads, thread -> {
                for (int i = 0; i < perThread; i++) {
                    store.write(set("pre-key", thread + "-" + i, keyPair(thread * 100_000L + i)));
                    if (i % 10 == 0) {
                        store.read("pre-key", List.of(thread + "-" + i));
                    }
                }
                return null;
            });
            List<String> ids = store.listKeyIds().get("pre-key");
            assertThat(ids).hasSize(threads * perThread);
            assertThat(store.read("pre-key", List.of("3-7")).get("3-7")).isEqualTo(keyPair(300_007L));
        }
    }

    // ---- ids are data ----

    static Stream<String> dataIds() {
        return Stream.of(
                "AbC+/x==",                       // base64 with slash
                "a/b", "a\\b", "../x", "..", ".", "./.", "/abs",
                "it's", "\"quoted\"", "`tick`",
                "'; DROP TABLE auth_signal; --", "1 OR 1=1",
                "%2F", "a%2Fb", "a_b", "A_B",
                "gr\u00fc\u00dfe", "\u0645\u0631\u062d\u0628\u0627", "\u65e5\u672c",
                "\uD83D\uDE00\uD83D\uDC4D", "e\u0301",          // emoji, combining mark
                "con", "NUL", "aux.txt", "trailing.", "trailing ", " leading",
                "key:with:colons", "a*b?c<d>e|f", "x".repeat(Ids.MAX_ID_LENGTH),
                // ids the Node original stores and reads back, so a migration must carry them
                "", "tab\tid", "nl\nid", "\u0001", "caf\u00e9", "\u00e9a", "x_3ay", "critical_block", "\ud83d\ude00a");
    }

    @Nested
    @DisplayName("A5: ids are data")
    class IdsAreData {

        @ParameterizedTest(name = "[{index}] {0}")
        @MethodSource("dev.zaileys.testkit.AuthStoreContract#dataIds")
        @DisplayName("A5.1 an id with path, quote, SQL or unicode characters round-trips exactly")
        void roundTrip(String id) {
            BinaryNode v = bytes(32, id.hashCode());
            store.write(set("session", id, v));
            assertThat(store.read("session", List.of(id))).containsOnlyKeys(id).containsEntry(id, v);
            assertThat(store.listKeyIds().get("session")).containsExactly(id);
            store.delete("session", List.of(id));
            assertThat(store.listKeyIds()).isEmpty();
        }

        @Test
        @DisplayName("A5.2 all those ids together stay distinct (no two collide after encoding)")
        void distinct() {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            dataIds().forEach(id -> values.put(id, TextNode.valueOf(id)));
            store.write(Map.of("session", values));
            Map<String, JsonNode> got = store.read("session", values.keySet());
            assertThat(got).isEqualTo(values);
            assertThat(store.listKeyIds().get("session")).containsExactlyElementsOf(new TreeMap<>(values).keySet());
        }

        @Test
        @DisplayName("A5.3 ids differing only in case are different keys")
        void caseSensitive() {
            store.write(Map.of("app-state-sync-key", Map.of("AAAAAE1a", TextNode.valueOf("lower"),
                    "AAAAAE1A", TextNode.valueOf("upper"))));
            assertThat(store.read("app-state-sync-key", List.of("AAAAAE1a")).get("AAAAAE1a").asText()).isEqualTo("lower");
            assertThat(store.read("app-state-sync-key", List.of("AAAAAE1A")).get("AAAAAE1A").asText()).isEqualTo("upper");
        }
    }

    // ---- listKeyIds ----

    @Nested
    @DisplayName("A6: listKeyIds")
    class ListKeyIds {

        @Test
        @DisplayName("A6.1 types in name order, ids in string order, deleted ids and empty types left out")
        void listing() {
            writeFixtureSignal(store);
            SortedMap<String, List<String>> ids = store.listKeyIds();
            Map<String, Map<String, JsonNode>> expected = Fixtures.signalState();
            assertThat(ids.keySet()).containsExactlyElementsOf(new TreeMap<>(expected).keySet());
            expected.forEach((type, values) -> {
                List<String> sorted = new ArrayList<>(values.keySet());
                Collections.sort(sorted);
                assertThat(ids.get(type)).as(type).containsExactlyElementsOf(sorted);
            });
            store.delete("tctoken", ids.get("tctoken"));
            assertThat(store.listKeyIds()).doesNotContainKey("tctoken");
        }

        @Test
        @DisplayName("A6.2 an empty store lists nothing")
        void empty() {
            assertThat(store.listKeyIds()).isEmpty();
        }
    }

    // ---- bad input ----

    static Stream<Arguments> badInputs() {
        Map<String, JsonNode> nullIdMap = new HashMap<>();
        nullIdMap.put(null, TextNode.valueOf("v"));
        Map<String, Map<String, JsonNode>> nullTypeMap = new HashMap<>();
        nullTypeMap.put(null, Map.of("1", TextNode.valueOf("v")));
        Map<String, Map<String, JsonNode>> nullValues = new HashMap<>();
        nullValues.put("pre-key", null);
        List<String> idsWithNull = Arrays.asList("1", null);
        BinaryNode huge = BinaryNode.valueOf(new byte[BufferJson.MAX_DOCUMENT_BYTES]);
        ObjectNode hugeCreds = BufferJson.object();
        hugeCreds.set("blob", huge);
        String longId = "x".repeat(Ids.MAX_ID_LENGTH + 1);
        return Stream.of(
                bad("write(null)", s -> s.write(null)),
                bad("write with a null type", s -> s.write(nullTypeMap)),
                bad("write with null values of a type", s -> s.write(nullValues)),
                bad("write with a null id", s -> s.write(Map.of("pre-key", nullIdMap))),
                bad("write with an id over 512 chars", s -> s.write(set("pre-key", longId, TextNode.valueOf("v")))),
                bad("write with a NUL in the id", s -> s.write(set("pre-key", "a\u0000b", TextNode.valueOf("v")))),
                bad("write with type 'Pre Key'", s -> s.write(set("Pre Key", "1", TextNode.valueOf("v")))),
                bad("write with type '../x'", s -> s.write(set("../x", "1", TextNode.valueOf("v")))),
                bad("write with type ''", s -> s.write(set("", "1", TextNode.valueOf("v")))),
                bad("write with type 'PRE-KEY'", s -> s.write(set("PRE-KEY", "1", TextNode.valueOf("v")))),
                bad("write with type 'pre_key'", s -> s.write(set("pre_key", "1", TextNode.valueOf("v")))),
                bad("write with a 65-char type", s -> s.write(set("a".repeat(65), "1", TextNode.valueOf("v")))),
                bad("write with a type with SQL", s -> s.write(set("x'; DROP TABLE x; --", "1", TextNode.valueOf("v")))),
                bad("write of a value over 16 MiB", s -> s.write(set("session", "big", huge))),
                bad("read(null type)", s -> s.read(null, List.of("1"))),
                bad("read(bad type)", s -> s.read("../x", List.of("1"))),
                bad("read(type, null ids)", s -> s.read("pre-key", null)),
                bad("read with a null id", s -> s.read("pre-key", idsWithNull)),
                bad("read with a NUL in the id", s -> s.read("pre-key", List.of("\u0000"))),
                bad("delete(null type)", s -> s.delete(null, List.of("1"))),
                bad("delete(type, null ids)", s -> s.delete("pre-key", null)),
                bad("delete with a null id", s -> s.delete("pre-key", idsWithNull)),
                bad("delete with a bad type", s -> s.delete("Pre Key", List.of("1"))),
                bad("writeCreds(null)", s -> s.writeCreds(null)),
                bad("writeCreds over 16 MiB", s -> s.writeCreds(AuthCreds.of(hugeCreds))),
                bad("AuthCreds.parse of malformed JSON", s -> AuthCreds.parse("{\"noiseKey\": ")),
                bad("AuthCreds.parse of a JSON array", s -> AuthCreds.parse("[1,2]")),
                // A lone surrogate is no Unicode: backends that encode ids as UTF-8 would store '?',
                // so "a" + U+D800 would overwrite the key "a?" (and Postgres refuses it in JSONB).
                bad("write with a lone high surrogate in the id", s -> s.write(set("pre-key", "a\uD800", TextNode.valueOf("v")))),
                bad("write with a lone low surrogate in the id", s -> s.write(set("pre-key", "\uDC00b", TextNode.valueOf("v")))),
                bad("write with reversed surrogates in the id", s -> s.write(set("pre-key", "\uDE00\uD83D", TextNode.valueOf("v")))),
                bad("read with a lone surrogate in the id", s -> s.read("pre-key", List.of("1\uD800"))),
                bad("delete with a lone surrogate in the id", s -> s.delete("pre-key", List.of("1\uDFFF"))),
                bad("write of a value with a lone surrogate in a string", s -> s.write(set("session", "1", TextNode.valueOf("x\uD83Dy")))),
                bad("write of a value with a lone surrogate in a field name",
                        s -> s.write(set("session", "1", BufferJson.object().put("k\uDC00", 1)))),
                bad("writeCreds with a lone surrogate in a string",
                        s -> s.writeCreds(AuthCreds.of(BufferJson.object().put("me", "\uD800")))));
    }

    private static Arguments bad(String name, Consumer<AuthStoreBundle> call) {
        return Arguments.of(name, call);
    }

    @Nested
    @DisplayName("A7: bad input")
    class BadInput {

        @ParameterizedTest(name = "[{index}] {0}")
        @MethodSource("dev.zaileys.testkit.AuthStoreContract#badInputs")
        @DisplayName("A7.1 each bad input is STORE_INVALID_INPUT and changes nothing")
        void refused(String name, Consumer<AuthStoreBundle> call) {
            store.writeCreds(Fixtures.creds());
            writeFixtureSignal(store);
            Map<String, Object> before = snapshot(store);
            assertInvalid(() -> call.accept(store));
            assertThat(snapshot(store)).isEqualTo(before);
        }

        @Test
        @DisplayName("A7.2 error messages carry no key material")
        void noSecretsInMessages() {
            ObjectNode v = BufferJson.object();
            v.put("private", "SECRET-KEY-MATERIAL");
            Map<String, Map<String, JsonNode>> data = new LinkedHashMap<>();
            data.put("pre-key", Map.of("1", v));
            data.put("Bad Type", Map.of("1", v));
            assertThatThrownBy(() -> store.write(data)).hasMessageNotContaining("SECRET-KEY-MATERIAL");
        }
    }

    // ---- hostile input, one case per line of hostile-inputs.txt ----

    static Stream<Arguments> hostileIds() {
        return HostileInputs.ids(true);
    }

    static Stream<Arguments> invalidIds() {
        return HostileInputs.ids(false);
    }

    static Stream<Arguments> hostileValues() {
        return HostileInputs.values(true);
    }

    static Stream<Arguments> invalidValues() {
        return HostileInputs.values(false);
    }

    @Nested
    @DisplayName("A9: hostile input (hostile-inputs.txt)")
    class Hostile {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.zaileys.testkit.AuthStoreContract#hostileIds")
        @DisplayName("A9.1 the id is data: read, listed and deleted exactly, its neighbour untouched")
        void idIsData(HostileInputs.Case c) {
            String id = c.payload();
            BinaryNode v = bytes(32, id.hashCode());
            store.write(set("session", "neighbour", TextNode.valueOf("n")));
            store.write(set("session", id, v));
            assertThat(store.read("session", List.of(id))).containsOnlyKeys(id).containsEntry(id, v);
            assertThat(store.listKeyIds().get("session")).containsExactlyInAnyOrder(id, "neighbour");
            store.delete("session", List.of(id));
            assertThat(store.read("session", List.of(id, "neighbour"))).containsOnlyKeys("neighbour");
        }

        @Test
        @DisplayName("A9.2 all those ids in one write stay distinct (no two collide after encoding)")
        void idsStayDistinct() {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            hostileIds().forEach(a -> {
                String id = ((HostileInputs.Case) a.get()[0]).payload();
                values.put(id, TextNode.valueOf(id));
            });
            store.write(Map.of("session", values));
            assertThat(store.read("session", values.keySet())).isEqualTo(values);
            assertThat(store.listKeyIds().get("session")).containsExactlyInAnyOrderElementsOf(values.keySet());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.zaileys.testkit.AuthStoreContract#invalidIds")
        @DisplayName("A9.3 the id is refused by write, read and delete; nothing changes")
        void idIsRefused(HostileInputs.Case c) {
            String id = c.payload();
            store.writeCreds(Fixtures.creds());
            writeFixtureSignal(store);
            Map<String, Object> before = snapshot(store);
            assertInvalid(() -> store.write(set("session", id, TextNode.valueOf("v"))));
            assertInvalid(() -> store.read("session", List.of(id)));
            assertInvalid(() -> store.delete("session", List.of(id)));
            assertThat(snapshot(store)).isEqualTo(before);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.zaileys.testkit.AuthStoreContract#hostileValues")
        @DisplayName("A9.4 the value round-trips JSON-equal")
        void valueRoundTrips(HostileInputs.Case c) {
            JsonNode value = BufferJson.decode(c.payload());
            store.write(set("session", "v", value));
            assertThat(store.read("session", List.of("v"))).containsEntry("v", value);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.zaileys.testkit.AuthStoreContract#invalidValues")
        @DisplayName("A9.5 the value is refused as a Signal value and inside creds; nothing changes")
        void valueIsRefused(HostileInputs.Case c) {
            JsonNode value = BufferJson.decode(c.payload());
            store.writeCreds(Fixtures.creds());
            writeFixtureSignal(store);
            Map<String, Object> before = snapshot(store);
            assertInvalid(() -> store.write(set("session", "v", value)));
            ObjectNode creds = Fixtures.creds().toJson();
            creds.set("hostile", value);
            assertInvalid(() -> store.writeCreds(AuthCreds.of(creds)));
            assertThat(snapshot(store)).isEqualTo(before);
        }
    }

    // ---- closed ----

    static Stream<Arguments> closedCalls() {
        return Stream.of(
                Arguments.of("readCreds", (Consumer<AuthStoreBundle>) AuthStoreBundle::readCreds),
                Arguments.of("writeCreds", (Consumer<AuthStoreBundle>) s -> s.writeCreds(Fixtures.creds())),
                Arguments.of("deleteCreds", (Consumer<AuthStoreBundle>) AuthStoreBundle::deleteCreds),
                Arguments.of("read", (Consumer<AuthStoreBundle>) s -> s.read("pre-key", List.of("1"))),
                Arguments.of("read of no ids", (Consumer<AuthStoreBundle>) s -> s.read("pre-key", List.of())),
                Arguments.of("write", (Consumer<AuthStoreBundle>) s -> s.write(set("pre-key", "1", TextNode.valueOf("v")))),
                Arguments.of("write of nothing", (Consumer<AuthStoreBundle>) s -> s.write(Map.of())),
                Arguments.of("delete", (Consumer<AuthStoreBundle>) s -> s.delete("pre-key", List.of("1"))),
                Arguments.of("listKeyIds", (Consumer<AuthStoreBundle>) AuthStoreBundle::listKeyIds),
                Arguments.of("clear", (Consumer<AuthStoreBundle>) AuthStoreBundle::clear));
    }

    @Nested
    @DisplayName("A8: closed")
    class Closed {

        @ParameterizedTest(name = "[{index}] {0}")
        @MethodSource("dev.zaileys.testkit.AuthStoreContract#closedCalls")
        @DisplayName("A8.1 every call after close is STORE_CLOSED")
        void closedCall(String name, Consumer<AuthStoreBundle> call) {
            store.write(set("pre-key", "1", TextNode.valueOf("v")));
            store.close();
            assertThatThrownBy(() -> call.accept(store)).isInstanceOfSatisfying(ZaileysStoreException.class,
                    e -> assertThat(e.code()).isEqualTo(Code.STORE_CLOSED));
        }

        @Test
        @DisplayName("A8.2 close is idempotent")
        void idempotent() {
            store.close();
            assertThatCode(store::close).doesNotThrowAnyException();
            assertThatThrownBy(store::readCreds).isInstanceOfSatisfying(ZaileysStoreException.class,
                    e -> assertThat(e.code()).isEqualTo(Code.STORE_CLOSED));
        }
    }

    /** Reads all keys of the fixture state; for adapter tests that compare stores. */
    protected static Map<String, Map<String, JsonNode>> readAll(AuthStoreBundle s) {
        Map<String, Map<String, JsonNode>> out = new TreeMap<>();
        s.listKeyIds().forEach((type, ids) -> out.put(type, new TreeMap<>(s.read(type, ids))));
        return out;
    }
}
