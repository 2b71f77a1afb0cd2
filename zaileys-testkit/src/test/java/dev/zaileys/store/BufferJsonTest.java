package dev.zaileys.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("BufferJson")
class BufferJsonTest {

    static Stream<byte[]> binaries() {
        Random r = new Random(7);
        List<byte[]> out = new ArrayList<>();
        out.add(new byte[0]);
        out.add(new byte[] {0});
        out.add(new byte[] {(byte) 0xff, (byte) 0x80, 0x7f});
        for (int n : new int[] {1, 2, 3, 31, 32, 33, 64, 1000}) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            out.add(b);
        }
        byte[] large = new byte[4 << 20];
        r.nextBytes(large);
        out.add(large);
        byte[] all = new byte[256];
        IntStream.range(0, 256).forEach(i -> all[i] = (byte) i);
        out.add(all);
        return out.stream();
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("binaries")
    @DisplayName("B1 binary values round-trip byte for byte, top level and nested")
    void binaryRoundTrip(byte[] bytes) throws Exception {
        JsonNode top = BufferJson.decode(BufferJson.encode(BinaryNode.valueOf(bytes)));
        assertThat(top.isBinary()).isTrue();
        assertThat(((BinaryNode) top).binaryValue()).isEqualTo(bytes);
        ObjectNode n = BufferJson.object();
        n.putObject("a").putArray("b").add(BinaryNode.valueOf(bytes));
        byte[] encoded = BufferJson.encode(n);
        JsonNode back = BufferJson.decode(encoded);
        assertThat(((BinaryNode) back.at("/a/b/0")).binaryValue()).isEqualTo(bytes);
        assertThat(BufferJson.encode(back)).isEqualTo(encoded);
    }

    @Test
    @DisplayName("B2 the wire shape is {\"type\":\"Buffer\",\"data\":\"<base64>\"}")
    void wireShape() throws Exception {
        assertThat(BufferJson.encodeToString(BinaryNode.valueOf(new byte[] {1, 2, 3})))
                .isEqualTo("{\"type\":\"Buffer\",\"data\":\"AQID\"}");
        assertThat(BufferJson.encodeToString(BinaryNode.valueOf(new byte[0]))).isEqualTo("{\"type\":\"Buffer\",\"data\":\"\"}");
    }

    @Test
    @DisplayName("B3 data as an array of byte numbers decodes to the same bytes")
    void numberArray() throws Exception {
        JsonNode n = BufferJson.decode("{\"k\":{\"type\":\"Buffer\",\"data\":[0,1,127,128,255]}}");
        assertThat(n.get("k").binaryValue()).containsExactly(0, 1, 127, 128, 255);
        assertThat(BufferJson.encodeToString(n)).isEqualTo("{\"k\":{\"type\":\"Buffer\",\"data\":\"AAF/gP8=\"}}");
        assertThat(BufferJson.decode("{\"type\":\"Buffer\",\"data\":[]}").binaryValue()).isEmpty();
    }

    @Test
    @DisplayName("B4 look-alikes that are not Buffers stay plain objects")
    void lookAlikes() throws Exception {
        for (String s : List.of("{\"type\":\"Buffer\",\"data\":[256]}", "{\"type\":\"Buffer\",\"data\":[-1]}",
                "{\"type\":\"Buffer\",\"data\":[1.5]}", "{\"type\":\"Buffer\",\"data\":\"!!not base64!!\"}",
                "{\"type\":\"Buffer\",\"data\":\"AQID\",\"extra\":1}", "{\"type\":\"buffer\",\"data\":\"AQID\"}",
                "{\"type\":\"Buffer\"}", "{\"data\":\"AQID\"}", "{\"type\":\"Buffer\",\"data\":{}}")) {
            JsonNode n = BufferJson.decode(s);
            assertThat(n.isObject()).as(s).isTrue();
            assertThat(BufferJson.mapper().readTree(BufferJson.encode(n))).as(s).isEqualTo(BufferJson.mapper().readTree(s));
        }
    }

    @Test
    @DisplayName("B5 key order, unknown fields, big and exact numbers, unicode survive")
    void lossless() throws Exception {
        String s = "{\"z\":1,\"a\":2,\"m\":{\"y\":[3,{\"b\":1,\"a\":0}]},\"big\":123456789012345678901234567890,"
                + "\"f\":0.1000,\"neg\":-9223372036854775808,\"u\":\"gr\u00fc\u00dfe \ud83d\ude00\",\"nul\":null,\"t\":true}";
        assertThat(BufferJson.encodeToString(BufferJson.decode(s))).isEqualTo(s);
        assertThat(new String(BufferJson.encode(BufferJson.decode(s.getBytes(StandardCharsets.UTF_8))), StandardCharsets.UTF_8))
                .isEqualTo(s);
    }

    @Test
    @DisplayName("B6 malformed JSON is an IllegalArgumentException naming the problem")
    void malformed() throws Exception {
        for (String s : List.of("{", "{\"a\":}", "", "{} {}", "nul", "[1,]")) {
            assertThatThrownBy(() -> BufferJson.decode(s)).as(s).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not valid JSON");
        }
    }

    @Test
    @DisplayName("B7 every fixture line decodes and re-encodes to JSON-equal output")
    void fixtureLines() throws Exception {
        List<String> lines = Fixtures.lines();
        assertThat(lines).hasSizeGreaterThan(150);
        for (String line : lines) {
            JsonNode decoded = BufferJson.decode(line);
            String again = BufferJson.encodeToString(decoded);
            assertThat(BufferJson.mapper().readTree(again)).as(line.substring(0, Math.min(80, line.length())))
                    .isEqualTo(BufferJson.mapper().readTree(line));
            assertThat(again).isEqualTo(line);
        }
    }

    @Test
    @DisplayName("B8 the fixture's binary values decode to their base64 bytes")
    void fixtureBinary() throws Exception {
        JsonNode creds = Fixtures.creds().toJson();
        String raw = Fixtures.lines().get(0);
        String b64 = BufferJson.decode(raw).at("/value/noiseKey/private").isBinary() ? null : "";
        assertThat(b64).isNull();
        JsonNode plain = parsePlain(raw).at("/value/noiseKey/private/data");
        assertThat(creds.at("/noiseKey/private").isBinary()).isTrue();
        assertThat(((BinaryNode) creds.at("/noiseKey/private")).binaryValue()).isEqualTo(Base64.getDecoder().decode(plain.asText()));
    }

    private static JsonNode parsePlain(String s) {
        try {
            return BufferJson.mapper().readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- limits: what cannot be read back is not written (issue 12, item 4) ----

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static void assertRefused(JsonNode value, String... fragments) {
        assertThatThrownBy(() -> BufferJson.encode(value))
                .isInstanceOfSatisfying(dev.zaileys.model.ZaileysStoreException.class, e -> {
                    assertThat(e.code()).isEqualTo(dev.zaileys.model.ZaileysStoreException.Code.STORE_INVALID_INPUT);
                    assertThat(e.getMessage()).contains(fragments);
                });
    }

    @Test
    @DisplayName("nesting: the deepest value decode reads is written; one level more is refused, typed, on both sides")
    void nestingLimitIsTheSameOnWriteAndRead() {
        JsonNode deepest = BufferJson.decode(nested(BufferJson.MAX_NESTING_DEPTH));
        assertThat(BufferJson.decode(BufferJson.encode(deepest))).isEqualTo(deepest);

        com.fasterxml.jackson.databind.node.ArrayNode tooDeep = BufferJson.mapper().createArrayNode();
        tooDeep.add(deepest);
        assertRefused(tooDeep, "nested deeper than 1000", "$[0]");
        ObjectNode inObject = BufferJson.object();
        inObject.putObject("message").set("k", tooDeep);
        assertRefused(inObject, "$.message.k[0]");
        assertThatThrownBy(() -> BufferJson.decode(nested(BufferJson.MAX_NESTING_DEPTH + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("numbers: beyond a double's range, longer than the read limit, NaN or infinite are refused at write")
    void numbersThatCannotBeReadBackAreRefused() {
        ObjectNode o = BufferJson.object();
        o.put("n", new java.math.BigInteger("9".repeat(2000)));
        assertRefused(o, "$.n", "beyond the range of a double");
        o.put("n", new java.math.BigDecimal("0." + "1".repeat(1500)));
        assertRefused(o, "$.n", "characters");
        o.put("n", new java.math.BigDecimal("1e400"));
        assertRefused(o, "$.n", "beyond the range");
        o.put("n", Double.NaN);
        assertRefused(o, "$.n", "NaN");
        o.put("n", Double.POSITIVE_INFINITY);
        assertRefused(o, "$.n", "Infinity");
        o.put("n", Float.NEGATIVE_INFINITY);
        assertRefused(o, "$.n", "Infinity");

        // What is accepted reads back equal: the largest double, the longest readable fraction.
        for (String ok : List.of("1.7976931348623157e308", "-1.7976931348623157e308", "0." + "1".repeat(998),
                "12345678901234567890123", "-0.0")) {
            JsonNode v = BufferJson.decode("{\"n\":" + ok + "}");
            assertThat(BufferJson.decode(BufferJson.encode(v))).as(ok).isEqualTo(v);
        }
    }
}
