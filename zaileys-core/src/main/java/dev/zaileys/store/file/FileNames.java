package dev.zaileys.store.file;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Turns Signal ids into file names and back, one-to-one, with the Node original's names wherever
 * they are unambiguous.
 *
 * <p>The original keeps {@code [A-Za-z0-9._-]} and replaces every other UTF-16 code unit with
 * {@code _} and its lower-case hex code, unpadded: {@code @} is {@code _40}, tab {@code _9},
 * {@code é} {@code _e9}, {@code 😀} {@code _d83d_de00}. Its names are ambiguous: {@code _} is
 * not escaped and the hex has no fixed length, so {@code x:y} and {@code x_3ay} share a file, and
 * {@code _40b} could be {@code @b} or {@code Ћ}. Reading a name, an {@code _} followed by lower-case
 * hex digits is taken as:
 * <ol>
 *   <li>the ASCII character of its first two digits, when the original would escape that
 *       character ({@code _40} is {@code @} even in {@code _40broadcast}); otherwise</li>
 *   <li>the code unit of its longest run of 2 to 4 digits that does not start with {@code 0} and
 *       is at least U+00A0 ({@code _e9} is {@code é}, {@code _d83d} a surrogate); otherwise</li>
 *   <li>a plain {@code _}: a control character is never read from a name, so the original's real
 *       ids such as {@code critical_block} and {@code 190..._reverse} keep their meaning.</li>
 * </ol>
 * An id gets the original's name when that name reads back as the id; any other id (the original
 * would give it a name shared with another id: {@code x_3ay}, {@code tab\tid}, {@code éa}) gets a
 * name of its own: every code unit outside {@code [A-Za-z0-9.-]} as {@code +} and four hex digits.
 * The original never writes {@code +}, so those names cannot collide with its names.
 *
 * <p>No name can leave its folder: {@code /}, {@code \} and NUL are always escaped, and the
 * {@code .json} suffix makes {@code .} and {@code ..} impossible. The empty id is {@code .json},
 * as in the original.
 */
final class FileNames {

    /** Longest plain encoded name (without {@code .json}), under the 255-byte limit of common file systems. */
    static final int MAX_ENCODED_LENGTH = 240;

    static final String SUFFIX = ".json";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Starts a four-digit escape in a name the original could not have written. */
    private static final char OWN_ESCAPE = '+';

    private FileNames() {}

    /** Length of the readable prefix of a long id's name. */
    static final int LONG_PREFIX = 160;

    /** Separates a long id's prefix from its hash; never produced by {@link #encode} otherwise. */
    static final char LONG_MARK = '~';

    /**
     * The file name stem of {@code id}. An id whose encoding is longer than
     * {@value #MAX_ENCODED_LENGTH} characters (the original cannot store those at all) gets
     * {@code <first 160 encoded characters>~<sha-256 of the id>} instead, and its file carries
     * the id (see {@link FileAuthStore}).
     */
    static String encode(String id) {
        String name = encodeUnchecked(id);
        if (name.length() <= MAX_ENCODED_LENGTH) {
            return name;
        }
        return name.substring(0, LONG_PREFIX) + LONG_MARK + sha256Hex(id);
    }

    /** Whether {@code stem} is the hashed name of a long id. */
    static boolean isLong(String stem) {
        return stem.indexOf(LONG_MARK) >= 0;
    }

    private static String sha256Hex(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(64);
            for (byte b : digest) {
                sb.append(HEX[(b >>> 4) & 0xf]).append(HEX[b & 0xf]);
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static String encodeUnchecked(String id) {
        String original = originalName(id);
        if (id.equals(read(original))) {
            return original;
        }
        StringBuilder sb = new StringBuilder(id.length() * 2);
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (isPlain(c)) {
                sb.append(c);
            } else {
                sb.append(OWN_ESCAPE).append(HEX[c >>> 12]).append(HEX[(c >>> 8) & 0xf])
                        .append(HEX[(c >>> 4) & 0xf]).append(HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }

    /** The name the Node original gives {@code id}. */
    private static String originalName(String id) {
        StringBuilder sb = new StringBuilder(id.length() + 8);
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (isPlain(c) || c == '_') {
                sb.append(c);
            } else {
                sb.append('_').append(Integer.toHexString(c));
            }
        }
        return sb.toString();
    }

    /**
     * The id a stem names, or empty when the stem is not a name {@link #encode} produces (a
     * character outside the names' alphabet, a malformed or non-canonical escape).
     */
    static Optional<String> decode(String stem) {
        if (stem.length() > MAX_ENCODED_LENGTH) {
            return Optional.empty();
        }
        String id = read(stem);
        return id != null && encodeUnchecked(id).equals(stem) ? Optional.of(id) : Optional.empty();
    }

    /** Reads a name by the rules of the class comment; null when it has a character no name has. */
    private static String read(String stem) {
        StringBuilder id = new StringBuilder(stem.length());
        for (int i = 0; i < stem.length(); i++) {
            char c = stem.charAt(i);
            if (isPlain(c)) {
                id.append(c);
            } else if (c == OWN_ESCAPE) {
                if (i + 4 >= stem.length()) {
                    return null;
                }
                int unit = 0;
                for (int k = 1; k <= 4; k++) {
                    int d = hexValue(stem.charAt(i + k));
                    if (d < 0) {
                        return null;
                    }
                    unit = unit << 4 | d;
                }
                id.append((char) unit);
                i += 4;
            } else if (c == '_') {
                int digits = escapeLength(stem, i + 1);
                if (digits == 0) {
                    id.append('_');
                } else {
                    id.append((char) Integer.parseInt(stem, i + 1, i + 1 + digits, 16));
                    i += digits;
                }
            } else {
                return null;
            }
        }
        return id.toString();
    }

    /** How many hex digits after an {@code _} at {@code from - 1} form an escape; 0 for a plain {@code _}. */
    private static int escapeLength(String stem, int from) {
        int run = 0;
        while (run < 4 && from + run < stem.length() && hexValue(stem.charAt(from + run)) >= 0) {
            run++;
        }
        if (run >= 2) {
            int ascii = Integer.parseInt(stem, from, from + 2, 16);
            if (ascii >= 0x20 && ascii < 0x7f && !isPlain((char) ascii) && ascii != '_') {
                return 2;
            }
        }
        if (run >= 2 && stem.charAt(from) != '0') {
            for (int len = run; len >= 2; len--) {
                if (Integer.parseInt(stem, from, from + len, 16) >= 0xa0) {
                    return len;
                }
            }
        }
        return 0;
    }

    private static boolean isPlain(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }
}
