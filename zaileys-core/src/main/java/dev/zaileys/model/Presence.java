package dev.zaileys.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.OptionalLong;

/** Baileys' {@code PresenceData}: {@code lastKnownPresence} and {@code lastSeen}. */
public final class Presence extends JsonDocument {

    private Presence(ObjectNode json, boolean copy) {
        super(json, copy);
    }

    public static Presence of(ObjectNode json) {
        return new Presence(json, true);
    }

    public static Presence parse(String json) {
        return new Presence(parseObject(json, "presence"), false);
    }

    static Presence adopt(ObjectNode json) {
        return new Presence(json, false);
    }

    /** {@code available}, {@code unavailable}, {@code composing}, {@code recording} or {@code paused}. */
    public Optional<String> lastKnownPresence() {
        return text("lastKnownPresence");
    }

    public OptionalLong lastSeen() {
        return Timestamps.read(json.get("lastSeen"));
    }
}
