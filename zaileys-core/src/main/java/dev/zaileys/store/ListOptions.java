package dev.zaileys.store;

import dev.zaileys.model.ZaileysStoreException;

/**
 * Options of {@link MessageStore#listMessages}: {@code limit} (default 100), and either
 * {@code before} (a timestamp, exclusive, as in the seed) or a {@link MessageCursor}.
 */
public record ListOptions(int limit, Long before, MessageCursor after) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;

    public ListOptions {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ZaileysStoreException.invalid("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (before != null && after != null) {
            throw ZaileysStoreException.invalid("pass either before or a cursor, not both");
        }
    }

    public static ListOptions defaults() {
        return new ListOptions(DEFAULT_LIMIT, null, null);
    }

    public static ListOptions limit(int limit) {
        return new ListOptions(limit, null, null);
    }

    /** Only messages with a timestamp strictly below {@code timestamp}. */
    public ListOptions before(long timestamp) {
        return new ListOptions(limit, timestamp, null);
    }

    /** Only messages after {@code cursor} in newest-first order. */
    public ListOptions after(MessageCursor cursor) {
        return new ListOptions(limit, null, cursor);
    }
}
