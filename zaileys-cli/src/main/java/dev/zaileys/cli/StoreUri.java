package dev.zaileys.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A store URI as typed on the command line: {@code scheme:rest}. Parsing checks only the shape;
 * {@link Stores#open} decides what a scheme means.
 *
 * @param raw the text as given
 * @param scheme lower-cased, without the colon
 * @param rest everything after the first colon
 */
record StoreUri(String raw, String scheme, String rest) {

    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):(.*)", Pattern.DOTALL);
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&](?:ssl)?password=)[^&#\\s'\"]*");

    static StoreUri parse(String text) {
        if (text == null || text.isBlank()) {
            throw new UsageException("a store URI is required (" + Stores.EXAMPLES + ")");
        }
        Matcher m = SCHEME.matcher(text.strip());
        // One letter before the colon is a Windows drive (C:\...), not a scheme.
        if (!m.matches() || m.group(1).length() == 1) {
            throw new UsageException("'" + redact(text) + "' is not a store URI (" + Stores.EXAMPLES + ")");
        }
        return new StoreUri(text, m.group(1).toLowerCase(Locale.ROOT), m.group(2));
    }

    /**
     * The URI with any password replaced by {@code ***}, for messages: the userinfo password (which
     * may itself hold {@code @}, {@code /} and {@code :}, typed unencoded) and a {@code password=}
     * parameter. Also applied to whole messages that may quote a URI.
     */
    static String redact(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (int scheme = text.indexOf("://"); scheme >= 0; scheme = text.indexOf("://", from)) {
            int start = scheme + 3;
            int[] pw = password(text, start);
            if (pw == null) {
                out.append(text, from, start);
                from = start;
                continue;
            }
            out.append(text, from, pw[0]).append("***");
            from = pw[1];
        }
        out.append(text, from, text.length());
        return PASSWORD_PARAM.matcher(out).replaceAll("$1***");
    }

    /**
     * The URI with {@code @} and {@code /} in its password percent-encoded, so drivers parse what
     * a user typed unencoded ({@code postgres://bot:p@ss/w0rd@db/wa}) instead of cutting it.
     */
    static String encodeUserInfo(String text) {
        int scheme = text.indexOf("://");
        int[] pw = scheme < 0 ? null : password(text, scheme + 3);
        if (pw == null) {
            return text;
        }
        String password = text.substring(pw[0], pw[1]).replace("@", "%40").replace("/", "%2F");
        return text.substring(0, pw[0]) + password + text.substring(pw[1]);
    }

    /**
     * Where the password of the authority starting at {@code start} is: from after the first
     * {@code :} of the userinfo to the last {@code @} before the query (a password cannot hold an
     * unencoded {@code ?}, {@code #} or space). Null when there is none.
     */
    private static int[] password(String text, int start) {
        int end = text.length();
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '?' || c == '#' || Character.isWhitespace(c)) {
                end = i;
                break;
            }
        }
        int at = text.lastIndexOf('@', end - 1);
        if (at < start) {
            return null;
        }
        int colon = text.indexOf(':', start);
        if (colon < 0 || colon > at) {
            return null;
        }
        return new int[] {colon + 1, at};
    }

    @Override
    public String toString() {
        return redact(raw);
    }
}
