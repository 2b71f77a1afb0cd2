package dev.zaileys.model;

import dev.zaileys.model.internal.Unicode;

/** Validation of the ids, jids and Signal type names every store accepts. */
public final class Ids {

    /** Longest id or jid a store accepts. */
    public static final int MAX_ID_LENGTH = 512;

    private Ids() {}

    /**
     * Checks an id or jid: not null, not empty, at most {@link #MAX_ID_LENGTH} characters, no
     * control characters, no lone surrogates (invalid Unicode). Anything else (slashes, dots, quotes, unicode) is data the stores keep
     * exactly.
     *
     * @throws ZaileysStoreException {@code STORE_INVALID_INPUT}
     */
    public static String require(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw ZaileysStoreException.invalid(what + " is missing or empty");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw ZaileysStoreException.invalid(what + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < 0x20) {
                throw ZaileysStoreException.invalid(what + " contains a control character");
            }
        }
        return Unicode.requireWellFormed(value, what);
    }
}
