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
    private static final Pattern PASSWORD = Pattern.compile("(//[^/?#@:]*:)[^/?#@]*@");

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

    /** The URI with any password replaced by {@code ***}, for messages. */
    static String redact(String text) {
        return text == null ? null : PASSWORD.matcher(text).replaceAll("$1***@");
    }

    @Override
    public String toString() {
        return redact(raw);
    }
}
