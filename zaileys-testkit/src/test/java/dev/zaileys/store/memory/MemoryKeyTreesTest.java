package dev.zaileys.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.ZaileysStoreException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The memory store keeps Signal values as checked copies instead of encoding them: what it hands
 * back must be node for node what a store that encodes would hand back (decode of the encoding),
 * and what it refuses must be what the encoding refuses, with the same message.
 */
@DisplayName("MemoryAuthStore keeps trees equal to decode(encode(value))")
class MemoryKeyTreesTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static Map<String, JsonNode> values() {
        Map<String, JsonNode> v = new LinkedHashMap<>();
        v.put("long-small", F.numberNode(5L));
        v.put("long-big", F.numberNode(1L << 40));
        v.put("short", F.numberNode((short) 3));
        v.put("double", F.numberNode(1.5d));
        v.put("double-exp", F.numberNode(1e10d));
        v.put("float", F.numberNode(0.25f));
        v.put("decimal-int", F.numberNode(new BigDecimal("5")));
        v.put("decimal-scale", F.numberNode(new BigDecimal("1.50")));
        v.put("decimal-exp", F.numberNode(new BigDecimal("1E+10")));
        v.put("bigint-small", F.numberNode(BigInteger.valueOf(7)));
        v.put("bigint", F.numberNode(new BigInteger("123456789012345678901234567890")));
        ObjectNode lookAlike = F.objectNode();
        lookAlike.put("type", "Buffer");
        lookAlike.put("data", "AQID");
        v.put("buffer-object", lookAlike);
        ObjectNode numbers = F.objectNode();
        numbers.set("data", F.arrayNode().add(1).add(255));
        numbers.put("type", "Buffer");
        v.put("buffer-numbers", numbers);
        ObjectNode reversed = F.objectNode();
        reversed.set("data", F.arrayNode().add(1L).add(255L));
        reversed.put("type", "Buffer");
        v.put("buffer-numbers-reversed", reversed);
        ObjectNode notBuffer = F.objectNode();
        notBuffer.put("type", "Buffer");
        notBuffer.set("data", F.arrayNode().add(1.0d));
        v.put("not-buffer", notBuffer);
        ArrayNode mixed = F.arrayNode();
        mixed.add(BinaryNode.valueOf(new byte[] {9, 8})).add("t\u00e9xt \ud83d\ude00 \n\"").addNull().add(true)
                .add(F.objectNode().put("k", 1L));
        v.put("mixed", mixed);
        v.put("text", F.textNode("plain"));
        v.put("empty-binary", BinaryNode.valueOf(new byte[0]));
        return v;
    }

    @Test
    @DisplayName("every kind of node reads back as the parser of the encoding makes it, and shares no bytes")
    void sameAsDecodedEncoding() throws Exception {
        Map<String, JsonNode> values = values();
        try (MemoryAuthStore store = new MemoryAuthStore()) {
            store.write(Map.of("future-type", values));
            Map<String, JsonNode> got = store.read("future-type", values.keySet());
            values.forEach((id, v) -> {
                JsonNode expected = BufferJson.decode(BufferJson.encode(v));
                assertThat(got.get(id)).as(id).isEqualTo(expected);
                assertThat(BufferJson.encodeToString(got.get(id))).as(id).isEqualTo(BufferJson.encodeToString(expected));
                assertThat(classes(got.get(id))).as(id).isEqualTo(classes(expected));
            });
            byte[] written = ((BinaryNode) values.get("mixed").get(0)).binaryValue();
            written[0] = 0;
            assertThat(store.read("future-type", List.of("mixed")).get("mixed").get(0).binaryValue()).containsExactly(9, 8);
        }
    }

    @Test
    @DisplayName("a bad value is refused with the encoding's message and changes nothing")
    void refusedLikeTheEncoding() {
        List<JsonNode> bad = List.of(
                F.objectNode().put("a", "x\u0000y"),
                F.objectNode().put("b\ud800", 1),
                F.arrayNode().add("lone \udc00 low"),
                F.objectNode().put("n", Double.NaN),
                F.objectNode().set("n", F.numberNode(new BigDecimal("1e400"))));
        try (MemoryAuthStore store = new MemoryAuthStore()) {
            store.write(Map.of("session", Map.of("ok", F.textNode("v"))));
            for (JsonNode v : bad) {
                String expected = encodingRefusal(v);
                assertThatThrownBy(() -> store.write(Map.of("session", Map.of("ok", F.textNode("w"), "x", v))))
                        .as(expected)
                        .isInstanceOfSatisfying(ZaileysStoreException.class, e -> {
                            assertThat(e.code()).isEqualTo(ZaileysStoreException.Code.STORE_INVALID_INPUT);
                            assertThat(e.getMessage()).isEqualTo(expected);
                        });
            }
            assertThat(store.listKeyIds()).containsOnlyKeys("session");
            assertThat(store.listKeyIds().get("session")).containsExactly("ok");
            assertThat(store.read("session", List.of("ok")).get("ok").textValue()).isEqualTo("v");
        }
    }

    /** What a store that encodes says about {@code v}: the encoder's refusal, or the check of its text. */
    private static String encodingRefusal(JsonNode v) {
        try {
            dev.zaileys.model.internal.Unicode.requireWellFormedJson(BufferJson.encode(v), "session x");
        } catch (ZaileysStoreException e) {
            return e.getMessage();
        }
        throw new AssertionError("the encoding accepted " + v);
    }

    @Test
    @DisplayName("binary values of every length encode as java.util.Base64 does")
    void base64AsTheJdk() {
        Random r = new Random(11);
        for (int n = 0; n < 300; n++) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            assertThat(BufferJson.encodeToString(BinaryNode.valueOf(b)))
                    .isEqualTo("{\"type\":\"Buffer\",\"data\":\"" + java.util.Base64.getEncoder().encodeToString(b) + "\"}");
        }
    }

    private static String classes(JsonNode n) {
        StringBuilder sb = new StringBuilder(n.getClass().getSimpleName());
        if (n.isContainerNode()) {
            sb.append('(');
            n.forEach(c -> sb.append(classes(c)).append(','));
            sb.append(')');
        }
        return sb.toString();
    }
}
