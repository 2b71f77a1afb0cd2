package dev.zaileys.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The write operations of a message store, queued by the binder or run directly. */
sealed interface MessageOps {

    /** Insert or merge a message. */
    /**
     * @param encoded the message as stored, encoded on the producing thread (so a bound socket's
     *     thread shares the encoding work with the writer) and reused when the message is new
     */
    record PutMessage(WAMessage message, byte[] encoded) implements MessageOps {
        PutMessage(WAMessage message) {
            this(message, Records.checkedSize(message.encode(), "message " + message.key().id()));
        }
    }

    /** Merge a partial update into a stored message (ignored when the message is unknown). */
    record UpdateMessage(MessageKey key, ObjectNode update) implements MessageOps {}

    record DeleteMessage(MessageKey key) implements MessageOps {}

    /** Delete every message of one chat. */
    record ClearChat(String jid) implements MessageOps {}

    /** Insert or merge ({@code replace == false}) a chat, contact or presence document. */
    record PutDoc(AbstractMessageStore.DocKind kind, String id, ObjectNode doc, boolean replace) implements MessageOps {}

    record DeleteDoc(AbstractMessageStore.DocKind kind, String id) implements MessageOps {}

    /**
     * Merges {@code patch} into {@code target} at the top level: a field of the patch replaces the
     * stored one whole (an edited {@code message} must not keep the old content's fields), and a
     * null removes it.
     */
    static void merge(ObjectNode target, ObjectNode patch) {
        patch.fields().forEachRemaining(e -> {
            JsonNode value = e.getValue();
            if (value == null || value.isNull()) {
                target.remove(e.getKey());
            } else {
                target.set(e.getKey(), value.deepCopy());
            }
        });
    }
}
