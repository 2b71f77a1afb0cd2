package dev.zaileys.store.file;

import dev.zaileys.model.Ids;
import dev.zaileys.model.ZaileysStoreException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Turns Signal ids into file names and back, one-to-one.
 *
 * <p>Bytes of {@code [A-Za-z0-9.-]} stay as they are; every other UTF-8 byte becomes {@code _xx}
 * (two lower-case hex digits), as the Node original writes them ({@code @} is {@code _40},
 * {@code :} is {@code _3a}). The original also leaves {@code _} as it is, which makes {@code x:y}
 * and {@code x_3ay} share a file. Here a {@code _} is escaped ({@code _5f}) exactly when the
 * two characters written after it are lower-case hex digits, the only case where a reader could
 * take it for an escape. So names the original gives real ids ({@code 1900..._reverse},
 * {@code critical_block}) are unchanged, and decoding ({@code _} plus two lower-case hex digits
 * is a byte, any other {@code _} is itself) always gives back the id.
 *
 * <p>No name can leave its folder: {@code /}, {@code \} and NUL are always escaped, and the
 * {@code .json} suffix makes {@code .} and {@code ..} impossible.
 */
final class FileNames {

    /** Longest plain encoded name (without {@code .json}), under the 255-byte limit of common file systems. */
    static final int MAX_ENCODED_LENGTH = 240;

    static final String SUFFIX = ".json";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

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
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        // Built back to front: whether a '_' needs escaping depends on what is written after it.
        StringBuilder reversed = new StringBuilder(bytes.length + 8);
        for (int i = bytes.length - 1; i >= 0; i--) {
            int b = bytes[i] & 0xff;
            if (isPlain(b)) {
                reversed.append((char) b);
            } else if (b == '_' && !hexPairFollows(reversed)) {
                reversed.append('_');
            } else {
                reversed.append(HEX[b & 0xf]).append(HEX[b >>> 4]).append('_');
            }
        }
        return reversed.reverse().toString();
    }

    /**
     * The id a stem names, or empty when the stem is not a name this encoding produces (a
     * character outside the safe set, bytes that are not UTF-8, a non-canonical escape, or an id
     * the stores refuse).
     */
    static Optional<String> decode(String stem) {
        if (stem.isEmpty() || stem.length() > MAX_ENCODED_LENGTH) {
            return Optional.empty();
        }
        byte[] bytes = new byte[stem.length()];
        int n = 0;
        for (int i = 0; i < stem.length(); i++) {
            char c = stem.charAt(i);
            if (c == '_' && i + 2 < stem.length() && isLowerHex(stem.charAt(i + 1)) && isLowerHex(stem.charAt(i + 2))) {
                bytes[n++] = (byte) Integer.parseInt(stem.substring(i + 1, i + 3), 16);
                i += 2;
            } else if (c == '_' || (c < 0x80 && isPlain(c))) {
                bytes[n++] = (byte) c;
            } else {
                return Optional.empty();
            }
        }
        String id;
        try {
            id = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n))
                    .toString();
            Ids.require(id, "id");
        } catch (CharacterCodingException | ZaileysStoreException e) {
            return Optional.empty();
        }
        return encodeUnchecked(id).equals(stem) ? Optional.of(id) : Optional.empty();
    }

    private static boolean isPlain(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '.' || b == '-';
    }

    private static boolean isLowerHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    /** Whether the next two written characters (the last two of {@code reversed}) are lower-case hex. */
    private static boolean hexPairFollows(StringBuilder reversed) {
        int len = reversed.length();
        return len >= 2 && isLowerHex(reversed.charAt(len - 1)) && isLowerHex(reversed.charAt(len - 2));
    }
}
