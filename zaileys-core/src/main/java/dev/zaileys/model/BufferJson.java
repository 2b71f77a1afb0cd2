package dev.zaileys.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        Out out = Out.take();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            write(g, node, 0);
        } catch (Refusal r) {
            throw ZaileysStoreException.invalid("the value at $" + r.path + " " + r.why);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            out.release();
        }
        return out.bytes();
    }

    /**
     * The output of {@link #encode}, one per thread and reused: a fresh growing stream cost more
     * (its growth copies and the final copy) than writing a creds document. The one copy left is
     * the exact-size result.
     */
    private static final class Out extends java.io.OutputStream {
        private static final int KEPT = 64 * 1024;
        private static final ThreadLocal<Out> MINE = ThreadLocal.withInitial(Out::new);
        private byte[] buf = new byte[8192];
        private int count;
        private boolean busy;

        static Out take() {
            Out o = MINE.get();
            if (o.busy) {
                o = new Out(); // re-entered (a POJO value encoding a document): a private one
            }
            o.busy = true;
            o.count = 0;
            return o;
        }

        void release() {
            busy = false;
        }

        byte[] bytes() {
            byte[] result = java.util.Arrays.copyOf(buf, count);
            if (buf.length > KEPT) {
                buf = new byte[8192]; // a large document's buffer is not kept per thread
            }
            return result;
        }

        @Override
        public void write(int b) {
            if (count == buf.length) {
                grow(1);
            }
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (len > buf.length - count) {
                grow(len);
            }
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        private void grow(int more) {
            long want = Math.max((long) buf.length * 2, (long) count + more);
            if (want > Integer.MAX_VALUE - 16) {
                throw new UncheckedIOException(new IOException("document too large to encode"));
            }
            buf = java.util.Arrays.copyOf(buf, (int) want);
        }
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
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            return readRoot(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + describe(e), e);
        }
    }

    /** Same as {@link #decode(byte[])} for a string. */
    public static JsonNode decode(String json) {
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            return readRoot(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + describe(e), e);
        }
    }

    // The tree is built from the token stream here rather than by the mapper's readTree and a
    // second walk turning Buffer objects into binary values: a Buffer is recognized when its two
    // fields are read and never becomes an object (its map was most of a creds document's parse).
    // The nodes are the ones readTree makes with this mapper's settings: ints by their size,
    // floats as exact BigDecimals, duplicate names the last value in the first place.

    private static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

    private static JsonNode readRoot(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            // Empty input is no JSON value: refused like garbage.
            throw new IllegalArgumentException("not valid JSON: no content");
        }
        JsonNode value = read(p, t);
        JsonToken trailing = p.nextToken();
        if (trailing != null) {
            throw new IllegalArgumentException("not valid JSON: Trailing token (of type " + trailing
                    + ") found after value");
        }
        return value;
    }

    private static JsonNode read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT:
                return readObject(p);
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken x = p.nextToken(); x != JsonToken.END_ARRAY; x = p.nextToken()) {
                    a.add(read(p, x));
                }
                return a;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return NODES.numberNode(p.getIntValue());
                    case LONG:
                        return NODES.numberNode(p.getLongValue());
                    default:
                        return NODES.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDecimalValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected token " + t);
        }
    }

    private static JsonNode readObject(JsonParser p) throws IOException {
        String first = p.nextFieldName();
        if (first == null) {
            return NODES.objectNode(); // END_OBJECT (anything else the parser refuses)
        }
        JsonNode firstValue = read(p, p.nextToken());
        String second = p.nextFieldName();
        if (second == null) {
            ObjectNode o = new ObjectNode(NODES, new java.util.LinkedHashMap<>(2));
            o.set(first, firstValue);
            return o;
        }
        JsonNode secondValue = read(p, p.nextToken());
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_OBJECT) {
            byte[] bytes = "type".equals(first) ? bufferBytes(firstValue, secondValue, second)
                    : "type".equals(second) ? bufferBytes(secondValue, firstValue, first) : null;
            if (bytes != null) {
                return BinaryNode.valueOf(bytes);
            }
        }
        // Small objects (message keys, key pairs) are most of a document: a map of their size,
        // not the default 16 slots allocated on the first put.
        ObjectNode o = t == JsonToken.END_OBJECT ? new ObjectNode(NODES, new java.util.LinkedHashMap<>(4)) : NODES.objectNode();
        o.set(first, firstValue);
        o.set(second, secondValue);
        for (; t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            o.set(name, read(p, p.nextToken()));
        }
        // Duplicate names can leave two fields: a Buffer all the same, as readTree would see it.
        byte[] bytes = o.size() == 2 ? bufferBytes(o) : null;
        return bytes != null ? BinaryNode.valueOf(bytes) : o;
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
        return bufferBytes(obj.get("type"), obj.get("data"), "data");
    }

    /** The bytes of a Buffer given its {@code type} value and its other field. */
    private static byte[] bufferBytes(JsonNode type, JsonNode data, String dataName) {
        if (type == null || data == null || !"data".equals(dataName) || !type.isTextual() || !"Buffer".equals(type.textValue())) {
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
                g.writeFieldName("data");
                // Straight into the generator's buffer, no string between (Jackson's MIME without
                // line feeds is the standard alphabet with padding: java.util.Base64's basic encoding).
                byte[] bytes = ((BinaryNode) node).binaryValue();
                g.writeBinary(com.fasterxml.jackson.core.Base64Variants.MIME_NO_LINEFEEDS, bytes, 0, bytes.length);
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

    /**
     * A copy of {@code value} equal to {@code decode(encode(value))}, checked as a write is, but
     * without writing the text: for a store that keeps trees (memory), where encoding every Signal
     * key only to check it cost more than the store itself. The copy shares no mutable part with
     * {@code value} (byte arrays included), numbers come out as the parser makes them, Buffer-shaped
     * objects as binary values.
     *
     * @return null when the value holds a node this walk does not know, or may encode beyond
     *     {@link #MAX_DOCUMENT_BYTES}: the caller encodes it then, for the exact answer
     * @throws ZaileysStoreException {@code STORE_INVALID_INPUT} for what {@link #encode} or the
     *     stores' text check refuses, with the same messages (naming the key as "type id")
     */
    static JsonNode checkedCopy(JsonNode value, String type, String id) {
        Copier c = new Copier(type, id);
        JsonNode copy;
        try {
            copy = c.copy(value, 0);
        } catch (Refusal r) {
            throw ZaileysStoreException.invalid("the value at $" + r.path + " " + r.why);
        }
        return copy == null || c.bound > MAX_DOCUMENT_BYTES ? null : copy;
    }

    // Small methods on purpose: this runs on cold code (a login writes 1,000 pre-keys once), where
    // what counts is how little runs per key and how soon the JIT takes it.
    private static final class Copier {
        private final String type;
        private final String id;
        /** An upper bound of the encoded length, so the size limit needs no encoding. */
        long bound;

        Copier(String type, String id) {
            this.type = type;
            this.id = id;
        }

        JsonNode copy(JsonNode node, int depth) {
            if (node instanceof BinaryNode b) {
                byte[] bytes = b.binaryValue();
                bound += 27 + 4L * ((bytes.length + 2) / 3);
                return BinaryNode.valueOf(bytes.clone());
            }
            if (node instanceof ObjectNode o) {
                return copyObject(o, depth);
            }
            if (node instanceof com.fasterxml.jackson.databind.node.TextNode t) {
                text(t.textValue());
                return t;
            }
            if (node instanceof ArrayNode a) {
                return copyArray(a, depth);
            }
            return copyScalar(node);
        }

        private JsonNode copyObject(ObjectNode o, int depth) {
            checkDepth(depth);
            ObjectNode c = new ObjectNode(NODES, new java.util.LinkedHashMap<>(o.size() * 4 / 3 + 1));
            bound += 2;
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                text(key);
                bound += 2;
                JsonNode v;
                try {
                    v = copy(e.getValue(), depth + 1);
                } catch (Refusal r) {
                    throw r.under("." + key);
                }
                if (v == null) {
                    return null;
                }
                c.set(key, v);
            }
            byte[] bytes = c.size() == 2 ? bufferBytes(c) : null;
            return bytes != null ? BinaryNode.valueOf(bytes) : c;
        }

        private JsonNode copyArray(ArrayNode a, int depth) {
            checkDepth(depth);
            ArrayNode c = NODES.arrayNode(a.size());
            bound += 2;
            for (int i = 0; i < a.size(); i++) {
                JsonNode v;
                try {
                    v = copy(a.get(i), depth + 1);
                } catch (Refusal r) {
                    throw r.under("[" + i + "]");
                }
                if (v == null) {
                    return null;
                }
                bound += 1;
                c.add(v);
            }
            return c;
        }

        private JsonNode copyScalar(JsonNode node) {
            if (node instanceof com.fasterxml.jackson.databind.node.IntNode) {
                bound += 11;
                return node;
            }
            if (node instanceof com.fasterxml.jackson.databind.node.LongNode l) {
                bound += 20;
                long v = l.longValue();
                return v == (int) v ? com.fasterxml.jackson.databind.node.IntNode.valueOf((int) v) : l;
            }
            if (node.isBoolean() || node.isNull()) {
                bound += 5;
                return node;
            }
            if (node.isNumber()) {
                // Rare in Signal keys (decimals, big numbers): the round trip is the exact answer.
                byte[] text = encode(checkedNumber(node));
                bound += text.length;
                return decode(text);
            }
            return null;
        }

        private static void checkDepth(int depth) {
            if (depth >= MAX_NESTING_DEPTH) {
                throw new Refusal("is nested deeper than " + MAX_NESTING_DEPTH + " levels of objects and arrays");
            }
        }

        /** The stores' text check ({@code Unicode.requireWellFormedJson}) applied to the string itself. */
        private void text(String s) {
            bound += 2 + 6L * s.length();
            if (!dev.zaileys.model.internal.Unicode.isStorableText(s)) {
                dev.zaileys.model.internal.Unicode.requireStorableText(s, type + " " + id);
            }
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
