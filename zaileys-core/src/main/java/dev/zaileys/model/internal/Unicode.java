package dev.zaileys.model.internal;

import dev.zaileys.model.ZaileysStoreException;

/**
 * The one check for invalid Unicode, shared by id validation and the checks of stored documents.
 *
 * <p>A Java string can hold a lone surrogate (half of a pair, or a reversed pair); it is no
 * Unicode text. Backends that turn ids into UTF-8 (SQL columns, Redis keys, file names) store it
 * as {@code ?}, so "a" followed by U+D800 would silently become, and overwrite, the id {@code "a?"}; and
 * PostgreSQL refuses it inside JSONB. So every store refuses it up front, the same way everywhere.
 */
public final class Unicode {

    private Unicode() {}

    /**
     * Returns {@code value} when it is well-formed UTF-16 (every surrogate in a high-low pair).
     *
     * @throws ZaileysStoreException {@code STORE_INVALID_INPUT}, naming {@code what} and the
     *     position, never the text (it may be key material)
     */
    public static String requireWellFormed(String value, String what) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw refused(what, c, i);
            }
        }
        return value;
    }

    /**
     * Returns {@code json} (compact JSON from {@code BufferJson}) when no string or field name in
     * it holds a lone surrogate. The codec writes well-formed pairs as UTF-8 and a lone surrogate as
     * a {@code \}{@code uD800}-style escape, so scanning the bytes finds them without walking the
     * tree again; an escaped pair (other JSON writers) is accepted.
     *
     * <p>A NUL (U+0000, written {@code \}{@code u0000}) is refused too, on every backend: PostgreSQL
     * cannot hold it in text or jsonb, so a document SQLite or Redis took would fail for good when
     * moved there (a migration, an import). Refusing it everywhere, as ids do, keeps every stored
     * document movable to every backend.
     *
     * @throws ZaileysStoreException {@code STORE_INVALID_INPUT}, naming {@code what}
     */
    public static byte[] requireWellFormedJson(byte[] json, String what) {
        int i = nextBackslash(json, 0);
        while (i < json.length) {
            if (json[i] != '\\') {
                i = nextBackslash(json, i + 1);
                continue;
            }
            int unit = escapedUnit(json, i);
            if (unit == 0) {
                throw nul(what);
            }
            if (unit < 0 || !Character.isSurrogate((char) unit)) {
                i += unit < 0 ? 2 : 6;
                continue;
            }
            int next = escapedUnit(json, i + 6);
            if (Character.isHighSurrogate((char) unit) && next >= 0 && Character.isLowSurrogate((char) next)) {
                i += 12;
                continue;
            }
            throw refused(what, (char) unit, -1);
        }
        return json;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * The first index at or after {@code from} that may hold a backslash: eight bytes a step while
     * none of them is one. Every stored document is scanned on every write and nearly all have no
     * escape at all, so the byte-a-step loop was a tenth of a memory store's save.
     */
    private static int nextBackslash(byte[] json, int from) {
        int i = from;
        for (int end = json.length - 8; i <= end; i += 8) {
            long v = (long) LONGS.get(json, i) ^ BACKSLASHES;
            if (((v - ONES) & ~v & HIGHS) != 0) {
                return i; // a zero byte of v is a backslash of the word: the caller looks byte by byte
            }
        }
        return i;
    }

    /**
     * The check of {@link #requireWellFormedJson} for one string of a document that is not
     * encoded (a store keeping trees): no NUL, no lone surrogate, the same messages.
     *
     * @throws ZaileysStoreException {@code STORE_INVALID_INPUT}, naming {@code what}
     */
    public static void requireStorableText(String s, String what) {
        if (isStorableText(s)) {
            return;
        }
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c > 0 && c < Character.MIN_SURROGATE) {
                continue;
            }
            if (c == 0) {
                throw nul(what);
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw refused(what, c, -1);
            }
        }
    }

    /** True when {@code s} holds no NUL and no surrogate out of a pair: text every store takes. */
    public static boolean isStorableText(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return false;
            }
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                if (!Character.isHighSurrogate(c) || i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    private static ZaileysStoreException nul(String what) {
        return ZaileysStoreException.invalid(what + " holds a NUL character (U+0000) in a string or field "
                + "name, which PostgreSQL cannot store; no backend stores it. Remove it or encode it");
    }

    /** The UTF-16 unit of a {@code \}{@code uXXXX} escape at {@code at}, or -1 for any other escape. */
    private static int escapedUnit(byte[] json, int at) {
        if (at + 5 >= json.length || json[at] != '\\' || json[at + 1] != 'u') {
            return -1;
        }
        int unit = 0;
        for (int k = at + 2; k < at + 6; k++) {
            int d = Character.digit(json[k], 16);
            if (d < 0) {
                return -1;
            }
            unit = unit * 16 + d;
        }
        return unit;
    }

    private static ZaileysStoreException refused(String what, char c, int index) {
        return ZaileysStoreException.invalid(what + " is not valid Unicode: it holds a lone surrogate U+"
                + Integer.toHexString(c).toUpperCase() + (index < 0 ? "" : " at index " + index)
                + " (half of a surrogate pair); backends would store it as '?'. Send well-formed text");
    }
}
