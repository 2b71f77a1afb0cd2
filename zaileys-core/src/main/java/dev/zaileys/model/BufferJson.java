package dev.zaileys.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
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

    /**
     * Deepest nesting of objects and arrays, on write and on read alike (Jackson's default read
     * limit): what cannot be read back is not written.
     */
    public static final int MAX_NESTING_DEPTH = 1000;

    /** Longest number as written, in characters, on write and on read alike (Jackson's default read limit). */
    public static final int MAX_NUMBER_LENGTH = 1000;

    // Numbers are kept only within the range of a double (about 1.8e308): the Node original parses
    // documents with JSON.parse, which makes anything larger Infinity (written back as null), and
    // PostgreSQL's jsonb rewrites exponents in plain digits (1e400 as a 401-digit integer).
    private static final java.math.BigDecimal MAX_MAGNITUDE = new java.math.BigDecimal(Double.MAX_VALUE);

    // Characters outside the BMP (emoji) are written as raw UTF-8, as JSON.stringify does, not
    // as escaped surrogate pairs: the bytes we store match what the Node original stores.
    private static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                    .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                    .build())
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(MAX_DOCUMENT_BYTES * 2)
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .build());
    }

    private BufferJson() {}

    /** The shared mapper (read-only use: do not reconfigure it). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Encodes a tree to compact UTF-8 JSON, binary values in the Buffer shape.
     *
     * @throws ZaileysStoreException {@code STORE_INVALID_INPUT} for what {@link #decode} could not
     *     read back the same: nesting deeper than {@value #MAX_NESTING_DEPTH}, a number longer than
     *     {@value #MAX_NUMBER_LENGTH} characters or beyond the range of a double, NaN or an
     *     infinity (the message names the path, never the value)
     */
    public static byte[] encode(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            write(g, node, 0);
        } catch (Refusal r) {
            throw ZaileysStoreException.invalid("the value at $" + r.path + " " + r.why);
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

    private static void write(JsonGenerator g, JsonNode node, int depth) throws IOException {
        if (node.isContainerNode() && depth >= MAX_NESTING_DEPTH) {
            throw new Refusal("is nested deeper than " + MAX_NESTING_DEPTH + " levels of objects and arrays");
        }
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                Iterator<Map.Entry<String, JsonNode>> it = node.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    g.writeFieldName(e.getKey());
                    try {
                        write(g, e.getValue(), depth + 1);
                    } catch (Refusal r) {
                        throw r.under("." + e.getKey());
                    }
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                int i = 0;
                for (JsonNode child : node) {
                    try {
                        write(g, child, depth + 1);
                    } catch (Refusal r) {
                        throw r.under("[" + i + "]");
                    }
                    i++;
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
            case NUMBER -> writeNumber(g, checkedNumber(node));
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

    /**
     * A value {@link #encode} refuses, with the path to it gathered while the recursion unwinds,
     * so the common path builds no path at all.
     */
    private static final class Refusal extends RuntimeException {
        private final String why;
        private String path = "";

        Refusal(String why) {
            super(null, null, false, false);
            this.why = why;
        }

        Refusal under(String step) {
            path = step + path;
            return this;
        }
    }

    private static JsonNode checkedNumber(JsonNode n) {
        switch (n.numberType()) {
            case INT, LONG -> {
                return n;
            }
            case FLOAT, DOUBLE -> {
                if (!Double.isFinite(n.doubleValue())) {
                    throw new Refusal("is " + n.doubleValue() + ", which JSON cannot hold (it would be stored as "
                            + "a string, or as null by the Node original)");
                }
                return n;
            }
            default -> {
                java.math.BigDecimal v = n.decimalValue();
                if (v.abs().compareTo(MAX_MAGNITUDE) > 0) {
                    throw new Refusal("is a number beyond the range of a double (about 1.8e308), which the "
                            + "Node original reads as Infinity and PostgreSQL rewrites in plain digits");
                }
                String text = n.numberType() == JsonParser.NumberType.BIG_INTEGER ? n.bigIntegerValue().toString() : v.toString();
                if (text.length() > MAX_NUMBER_LENGTH) {
                    throw new Refusal("is a number of " + text.length() + " characters; the limit is "
                            + MAX_NUMBER_LENGTH + " (it could not be read back)");
                }
                return n;
            }
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
