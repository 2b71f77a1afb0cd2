package dev.zaileys.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON codec every adapter stores with: Baileys' {@code BufferJSON}.
 *
 * <p>In memory a binary value is a Jackson {@link BinaryNode}. On the wire it is
 * {@code {"type":"Buffer","data":"<base64>"}}; decoding also accepts {@code data} as an array of
 * byte numbers. Object key order is kept, numbers are kept exactly, unknown fields survive.
 */
public final class BufferJson {

    /** Largest encoded document a store accepts (a guard against runaway payloads). */
    public static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

    // Characters outside the BMP (emoji) are written as raw UTF-8, as JSON.stringify does, not
    // as escaped surrogate pairs: the bytes we store match what the Node original stores.
    private static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                    .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                    .build())
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static {
        MAPPER.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxStringLength(MAX_DOCUMENT_BYTES * 2).build());
    }

    private BufferJson() {}

    /** The shared mapper (read-only use: do not reconfigure it). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Encodes a tree to compact UTF-8 JSON, binary values in the Buffer shape. */
    public static byte[] encode(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Same as {@link #encode} as a string. */
    public static String encodeToString(JsonNode node) {
        return new String(encode(node), StandardCharsets.UTF_8);
    }

    /**
     * Decodes JSON text, turning Buffer objects into {@link BinaryNode}s.
     *
     * @throws IllegalArgumentException when the text is not JSON (callers turn it into the
     *     error code that fits: a stored record is {@code STORE_CORRUPTED}, user input
     *     {@code STORE_INVALID_INPUT})
     */
    public static JsonNode decode(byte[] json) {
        try {
            return revive(present(MAPPER.readTree(json)));
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + describe(e), e);
        }
    }

    /** Empty input parses to a missing node; it is no JSON value, so it is refused like garbage. */
    private static JsonNode present(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            throw new IllegalArgumentException("not valid JSON: no content");
        }
        return node;
    }

    /** Same as {@link #decode(byte[])} for a string. */
    public static JsonNode decode(String json) {
        try {
            return revive(present(MAPPER.readTree(json)));
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + describe(e), e);
        }
    }

    /** Turns Buffer-shaped objects of a tree into binary nodes, in place where possible. */
    public static JsonNode revive(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            byte[] bytes = bufferBytes((ObjectNode) node);
            if (bytes != null) {
                return BinaryNode.valueOf(bytes);
            }
            ObjectNode obj = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode child = e.getValue();
                if (child.isContainerNode()) {
                    JsonNode revived = revive(child);
                    if (revived != child) {
                        e.setValue(revived);
                    }
                }
            }
        } else if (node.isArray()) {
            ArrayNode arr = (ArrayNode) node;
            for (int i = 0; i < arr.size(); i++) {
                JsonNode child = arr.get(i);
                if (child.isContainerNode()) {
                    JsonNode revived = revive(child);
                    if (revived != child) {
                        arr.set(i, revived);
                    }
                }
            }
        }
        return node;
    }

    private static byte[] bufferBytes(ObjectNode obj) {
        if (obj.size() != 2) {
            return null;
        }
        JsonNode type = obj.get("type");
        JsonNode data = obj.get("data");
        if (type == null || data == null || !type.isTextual() || !"Buffer".equals(type.textValue())) {
            return null;
        }
        if (data.isTextual()) {
            try {
                return Base64.getDecoder().decode(data.textValue());
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
        }
        if (data.isArray()) {
            byte[] out = new byte[data.size()];
            for (int i = 0; i < out.length; i++) {
                JsonNode b = data.get(i);
                if (!b.canConvertToInt() || !b.isIntegralNumber() || b.intValue() < 0 || b.intValue() > 255) {
                    return null;
                }
                out[i] = (byte) b.intValue();
            }
            return out;
        }
        return null;
    }

    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                Iterator<Map.Entry<String, JsonNode>> it = node.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode child : node) {
                    write(g, child);
                }
                g.writeEndArray();
            }
            case BINARY -> {
                g.writeStartObject();
                g.writeStringField("type", "Buffer");
                g.writeStringField("data", Base64.getEncoder().encodeToString(((BinaryNode) node).binaryValue()));
                g.writeEndObject();
            }
            // Scalars straight to the generator: going through the mapper's serializers costs
            // more than the write itself, and every stored document passes here.
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL -> g.writeNull();
            case NUMBER -> writeNumber(g, node);
            default -> MAPPER.writeTree(g, node);
        }
    }

    private static void writeNumber(JsonGenerator g, JsonNode n) throws IOException {
        switch (n.numberType()) {
            case INT -> g.writeNumber(n.intValue());
            case LONG -> g.writeNumber(n.longValue());
            case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
            case BIG_DECIMAL -> g.writeNumber(n.decimalValue());
            case FLOAT -> g.writeNumber(n.floatValue());
            default -> g.writeNumber(n.doubleValue());
        }
    }

    private static String describe(IOException e) {
        String msg = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        return msg == null ? e.getClass().getSimpleName() : msg.lines().findFirst().orElse(msg);
    }

    /** A parser-free shortcut used by tests and adapters to make an empty object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
