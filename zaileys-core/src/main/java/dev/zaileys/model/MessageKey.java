package dev.zaileys.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Baileys' {@code WAMessageKey}: a message is identified by its chat, its id and who sent it.
 *
 * @param participant the sender inside a group; {@code null} elsewhere. Not part of the
 *     identity: {@link #equals} compares chat, direction and id only.
 */
public record MessageKey(String remoteJid, boolean fromMe, String id, String participant) {

    public MessageKey {
        Ids.require(remoteJid, "message key remoteJid");
        Ids.require(id, "message key id");
    }

    public static MessageKey of(String remoteJid, boolean fromMe, String id) {
        return new MessageKey(remoteJid, fromMe, id, null);
    }

    /** Reads a key object; {@code STORE_INVALID_INPUT} when it lacks remoteJid or id. */
    public static MessageKey fromJson(JsonNode key) {
        if (key == null || !key.isObject()) {
            throw ZaileysStoreException.invalid("message key is missing or not an object");
        }
        JsonNode jid = key.get("remoteJid");
        JsonNode id = key.get("id");
        JsonNode participant = key.get("participant");
        return new MessageKey(
                jid != null && jid.isTextual() ? jid.textValue() : null,
                key.path("fromMe").asBoolean(false),
                id != null && id.isTextual() ? id.textValue() : null,
                participant != null && participant.isTextual() ? participant.textValue() : null);
    }

    public Optional<String> participantJid() {
        return Optional.ofNullable(participant);
    }

    /** Two keys are equal when chat, id and direction are: the participant is not identity. */
    @Override
    public boolean equals(Object o) {
        return o instanceof MessageKey k && k.fromMe == fromMe && k.id.equals(id) && k.remoteJid.equals(remoteJid);
    }

    @Override
    public int hashCode() {
        return (remoteJid.hashCode() * 31 + id.hashCode()) * 2 + (fromMe ? 1 : 0);
    }

    public ObjectNode toJson() {
        ObjectNode n = BufferJson.object();
        n.put("remoteJid", remoteJid);
        n.put("fromMe", fromMe);
        n.put("id", id);
        if (participant != null) {
            n.put("participant", participant);
        }
        return n;
    }
}
