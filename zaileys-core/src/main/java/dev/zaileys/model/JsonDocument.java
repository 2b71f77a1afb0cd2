package dev.zaileys.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.internal.ModelAccess;
import java.util.Objects;
import java.util.Optional;

/**
 * A Baileys-shaped JSON document kept whole (unknown fields included), with typed accessors in
 * the subclasses. Instances are immutable: the tree passed in is copied and {@link #toJson()}
 * returns a copy, so a store never shares a tree with its caller.
 */
public abstract class JsonDocument {

    static {
        ModelAccess.install(new ModelAccess.Bridge() {
            @Override public ObjectNode tree(JsonDocument d) { return d.json; }
            @Override public byte[] encoded(WAMessage m) { return m.encodedOnce(); }
            @Override public WAMessage message(ObjectNode t) { return WAMessage.adopt(t); }
            @Override public Chat chat(ObjectNode t) { return Chat.adopt(t); }
            @Override public Contact contact(ObjectNode t) { return Contact.adopt(t); }
            @Override public Presence presence(ObjectNode t) { return Presence.adopt(t); }
            @Override public AuthCreds creds(ObjectNode t) { return AuthCreds.adopt(t); }
            @Override public ScheduledJob job(ObjectNode t) { return ScheduledJob.adopt(t); }
            @Override public java.util.OptionalInt statusRank(JsonNode status) { return MessageStatus.of(status); }
            @Override public JsonNode checkedCopy(JsonNode v, String type, String id) { return BufferJson.checkedCopy(v, type, id); }
            @Override public boolean sameJson(JsonNode a, JsonNode b) { return JsonDocument.sameJson(a, b); }
        });
    }

    final ObjectNode json;

    JsonDocument(ObjectNode json, boolean copy) {
        Objects.requireNonNull(json, "document");
        this.json = copy ? json.deepCopy() : json;
    }

    /** A copy of the whole document; binary values are {@code BinaryNode}s. */
    public ObjectNode toJson() {
        return json.deepCopy();
    }

    /** The document as Buffer-encoded JSON text. */
    public String toJsonString() {
        return BufferJson.encodeToString(json);
    }

    /** The document encoded as stored: Buffer-encoded UTF-8 JSON. */
    public byte[] encode() {
        return BufferJson.encode(json);
    }

    /** A field of the document, if present and not null (a copy is not made: do not modify). */
    protected Optional<JsonNode> field(String name) {
        JsonNode v = json.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    protected Optional<String> text(String name) {
        return field(name).filter(JsonNode::isValueNode).map(JsonNode::asText);
    }

    /** Equal documents hold the same fields and values; numbers compare by value (1 equals 1L). */
    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && sameJson(((JsonDocument) o).json, json);
    }

    @Override
    public int hashCode() {
        // Field names only: consistent with the value-based number equality above.
        int h = 0;
        for (java.util.Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            h += it.next().hashCode();
        }
        return h;
    }

    private static final java.util.Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;
        }
        return a.equals(b) ? 0 : 1;
    };

    /**
     * Whether two trees hold the same data: like {@link JsonNode#equals} but numbers compare by
     * value, so a tree built in code ({@code LongNode}) equals the same tree decoded ({@code IntNode}).
     */
    static boolean sameJson(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.equals(SAME_VALUE, b);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + toJsonString();
    }

    static ObjectNode parseObject(String json, String what) {
        JsonNode node;
        try {
            node = BufferJson.decode(json);
        } catch (IllegalArgumentException e) {
            throw ZaileysStoreException.invalid(what + " is " + e.getMessage());
        }
        if (!node.isObject()) {
            throw ZaileysStoreException.invalid(what + " must be a JSON object, got " + node.getNodeType());
        }
        return (ObjectNode) node;
    }
}
