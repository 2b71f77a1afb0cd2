package dev.zaileys.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** A Baileys {@code Chat} kept whole, with typed access to its common fields. */
public final class Chat extends JsonDocument {

    private Chat(ObjectNode json, boolean copy) {
        super(json, copy);
        String id = Ids.require(this.json.path("id").isTextual() ? this.json.get("id").textValue() : null, "chat id");
        if (id.isEmpty()) {
            // The Node original silently drops such a chat; refusing it is the honest equivalent.
            throw ZaileysStoreException.invalid("chat id is empty (the Node original does not store such a chat either)");
        }
    }

    public static Chat of(ObjectNode json) {
        return new Chat(json, true);
    }

    public static Chat parse(String json) {
        return new Chat(parseObject(json, "chat"), false);
    }

    static Chat adopt(ObjectNode json) {
        return new Chat(json, false);
    }

    public String id() {
        return json.get("id").textValue();
    }

    /** True only when stored as archived; absent or null reads as not archived. */
    public boolean archived() {
        return json.path("archived").asBoolean(false);
    }

    public OptionalInt unreadCount() {
        return field("unreadCount").filter(v -> v.canConvertToInt()).map(v -> OptionalInt.of(v.intValue())).orElse(OptionalInt.empty());
    }

    public OptionalLong conversationTimestamp() {
        return Timestamps.read(json.get("conversationTimestamp"));
    }

    public Optional<String> name() {
        return text("name");
    }
}
