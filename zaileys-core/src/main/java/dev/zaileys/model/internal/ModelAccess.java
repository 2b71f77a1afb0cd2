package dev.zaileys.model.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.JsonDocument;
import dev.zaileys.model.Presence;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.WAMessage;
import java.util.OptionalInt;

/**
 * The stores' zero-copy door into the documents. Documents are immutable to users (every tree in
 * or out is copied); the stores decode trees nobody else holds and merge without copying, so they
 * need the tree itself and a constructor that adopts one. The model installs the {@link Bridge}
 * from its static initializer; this package is not exported, so only this module can reach it.
 */
public final class ModelAccess {

    /** What the model hands to the stores. */
    public interface Bridge {
        /** The document's own tree: read it, never modify it. */
        ObjectNode tree(JsonDocument document);

        /** The message encoded as stored, computed once per message (do not modify the array). */
        byte[] encoded(WAMessage message);

        WAMessage message(ObjectNode adopted);

        Chat chat(ObjectNode adopted);

        Contact contact(ObjectNode adopted);

        Presence presence(ObjectNode adopted);

        AuthCreds creds(ObjectNode adopted);

        ScheduledJob job(ObjectNode adopted);

        /** A delivery status (number or name) as its rank, if it is one. */
        OptionalInt statusRank(JsonNode status);

        /**
         * A checked private copy of a value, equal to decoding its encoding, or null when only
         * encoding it can tell (see {@code BufferJson.checkedCopy}).
         */
        JsonNode checkedCopy(JsonNode value, String type, String id);

        /** Value equality of trees, numbers compared by value. */
        boolean sameJson(JsonNode a, JsonNode b);
    }

    private static volatile Bridge bridge;

    private ModelAccess() {}

    /** Called once, by the model. */
    public static void install(Bridge b) {
        if (bridge != null) {
            throw new IllegalStateException("the model bridge is installed already");
        }
        bridge = b;
    }

    public static Bridge get() {
        Bridge b = bridge;
        if (b == null) {
            try {
                // Initializing the base document class installs the bridge.
                Class.forName(JsonDocument.class.getName(), true, JsonDocument.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            b = bridge;
        }
        return b;
    }
}
