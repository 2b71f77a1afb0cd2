package dev.zaileys.model;

import dev.zaileys.model.internal.Unicode;

/** Validation of the ids, jids and Signal type names every store accepts. */
public final class Ids {

    /** Longest id or jid a store accepts. */
    public static final int MAX_ID_LENGTH = 512;

    private Ids() {}

    /**
     * Checks an id or jid: not null, at most {@link #MAX_ID_LENGTH} characters, no NUL, no lone
     * surrogate (text that is not valid Unicode, which a UTF-8 backend would store as {@code ?}
     * and so merge with another id). Anything else is data the stores keep exactly: the empty id,
     * tabs and other control characters, slashes, dots, quotes, unicode. The Node original stores
     * and reads back all of these, so a session or history it wrote must move here whole. NUL is
     * refused because PostgreSQL cannot hold it in text or jsonb: one store's limit would otherwise
     * make a migration lose records.
     *
     * @throws ZaileysStoreException {@code STORE_INVALID_INPUT}
     */
    public static String require(String value, String what) {
        if (value == null) {
            throw ZaileysStoreException.invalid(what + " is missing");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw ZaileysStoreException.invalid(what + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        if (value.indexOf('\u0000') >= 0) {
            throw ZaileysStoreException.invalid(what + " contains a NUL character (U+0000), which PostgreSQL cannot store");
        }
        return Unicode.requireWellFormed(value, what);
    }

    /**
     * Checks a name a user configures (a namespace, an encryption scope): what {@link #require}
     * checks, and also not empty and no control characters, since such a name is typed, shown and
     * logged rather than carried from another store.
     *
     * @throws ZaileysStoreException {@code STORE_INVALID_INPUT}
     */
    public static String requireName(String value, String what) {
        require(value, what);
        if (value.isEmpty()) {
            throw ZaileysStoreException.invalid(what + " is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < 0x20) {
                throw ZaileysStoreException.invalid(what + " contains a control character");
            }
        }
        return value;
    }
}
