package dev.zaileys.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A Baileys {@code WAMessage} ({@code proto.IWebMessageInfo}) kept whole, with typed access to
 * what stores and bots read most.
 */
public final class WAMessage extends JsonDocument {

    private final MessageKey key;
    private final long timestamp;
    // The stored encoding, made once (by the producing thread of a bound socket) and reused by the writer.
    private volatile byte[] encoded;

    private WAMessage(ObjectNode json, boolean copy) {
        super(json, copy);
        this.key = MessageKey.fromJson(this.json.get("key"));
        this.timestamp = Timestamps.read(this.json.get("messageTimestamp")).orElse(0L);
    }

    /** Wraps (a copy of) a message document; {@code STORE_INVALID_INPUT} without a valid key. */
    public static WAMessage of(ObjectNode json) {
        return new WAMessage(json, true);
    }

    /** Parses message JSON (Buffer-encoded binary values allowed). */
    public static WAMessage parse(String json) {
        return new WAMessage(parseObject(json, "message"), false);
    }

    /** Wraps a freshly decoded tree that nobody else holds (store internals). */
    static WAMessage adopt(ObjectNode json) {
        return new WAMessage(json, false);
    }

    byte[] encodedOnce() {
        byte[] e = encoded;
        if (e == null) {
            e = BufferJson.encode(json);
            encoded = e;
        }
        return e;
    }

    /** The message encoded as stored (Buffer-encoded UTF-8 JSON); a fresh array each call. */
    @Override
    public byte[] encode() {
        return encodedOnce().clone();
    }

    public MessageKey key() {
        return key;
    }

    /** {@code messageTimestamp} in seconds; 0 when absent. */
    public long timestamp() {
        return timestamp;
    }

    public Optional<String> pushName() {
        return text("pushName");
    }

    /** The readable text: a plain conversation, an extended text, or a media caption. */
    public Optional<String> text() {
        JsonNode m = json.path("message");
        if (!m.isObject()) {
            return Optional.empty();
        }
        for (String path : new String[] {"/conversation", "/extendedTextMessage/text", "/imageMessage/caption",
                "/videoMessage/caption", "/documentMessage/caption", "/ephemeralMessage/message/conversation",
                "/ephemeralMessage/message/extendedTextMessage/text"}) {
            JsonNode t = m.at(path);
            if (t.isTextual()) {
                return Optional.of(t.textValue());
            }
        }
        return Optional.empty();
    }

    /** Delivery status as a number (0 ERROR ... 4 READ, 5 PLAYED), from a number or a name. */
    public OptionalInt status() {
        return MessageStatus.of(json.get("status"));
    }

    /** Whether this is a revoked message's tombstone (content gone, {@code messageStubType} REVOKE). */
    public boolean isRevoked() {
        return json.path("messageStubType").asInt(-1) == 1
                || "REVOKE".equals(json.path("messageStubType").asText());
    }
}
