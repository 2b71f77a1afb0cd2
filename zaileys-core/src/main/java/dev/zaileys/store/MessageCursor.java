package dev.zaileys.store;

import dev.zaileys.model.Ids;
import dev.zaileys.model.WAMessage;

/**
 * A position in one chat's history, newest first: messages are ordered by timestamp, then id,
 * then {@code fromMe}, all descending. Paging with a cursor never skips or repeats a message,
 * however many share one second.
 */
public record MessageCursor(long timestamp, String id, boolean fromMe) {

    public MessageCursor {
        Ids.require(id, "cursor id");
    }

    /** The cursor just past {@code message}: the next page starts after it. */
    public static MessageCursor after(WAMessage message) {
        return new MessageCursor(message.timestamp(), message.key().id(), message.key().fromMe());
    }
}
