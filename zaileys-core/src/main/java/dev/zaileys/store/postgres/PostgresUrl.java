package dev.zaileys.store.postgres;

import dev.zaileys.model.ZaileysStoreException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code postgres://} connection string taken apart for pgjdbc: the JDBC URL without
 * credentials, the user and the password separately (so the password reaches the driver as a
 * property and never a URL that could end up in a message), and a masked form for messages.
 *
 * <p>Accepts {@code postgres://}, {@code postgresql://} and {@code jdbc:postgresql://}, several
 * {@code host:port} pairs, and {@code user} / {@code password} as query parameters; any other
 * query parameter goes to pgjdbc unchanged ({@code sslmode}, {@code ApplicationName}, ...).
 */
final class PostgresUrl {

    static final String MASK = "***";

    final String jdbcUrl;
    final String user;
    final String password;
    final String masked;

    private PostgresUrl(String jdbcUrl, String user, String password, String masked) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.masked = masked;
    }

    static PostgresUrl parse(String connectionString) {
        if (connectionString == null || connectionString.isBlank()) {
            throw ZaileysStoreException.invalid("connectionString is empty");
        }
        String s = connectionString.strip();
        String rest;
        if (s.startsWith("jdbc:postgresql://")) {
            rest = s.substring("jdbc:postgresql://".length());
        } else if (s.startsWith("postgresql://")) {
            rest = s.substring("postgresql://".length());
        } else if (s.startsWith("postgres://")) {
            rest = s.substring("postgres://".length());
        } else {
            throw ZaileysStoreException.invalid("connectionString must start with postgres://, postgresql:// or "
                    + "jdbc:postgresql://; got " + mask(s));
        }
        int q = rest.indexOf('?');
        String query = q < 0 ? "" : rest.substring(q + 1);
        String beforeQuery = q < 0 ? rest : rest.substring(0, q);
        int slash = beforeQuery.indexOf('/');
        String authority = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
        String database = slash < 0 ? "" : beforeQuery.substring(slash + 1);
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? null : authority.substring(0, at);
        String hosts = at < 0 ? authority : authority.substring(at + 1);

        String user = null;
        String password = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user");
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1), "password");
        }
        List<String> params = new ArrayList<>();
        List<String> maskedParams = new ArrayList<>();
        for (String kv : query.split("&")) {
            if (kv.isEmpty()) {
                continue;
            }
            int eq = kv.indexOf('=');
            String key = eq < 0 ? kv : kv.substring(0, eq);
            String value = eq < 0 ? "" : kv.substring(eq + 1);
            if (key.equals("password")) {
                password = decode(value, "password");
                maskedParams.add("password=" + MASK);
            } else if (key.equals("user")) {
                user = decode(value, "user");
                maskedParams.add(kv);
            } else {
                params.add(kv);
                maskedParams.add(kv);
            }
        }
        if (hosts.isEmpty()) {
            hosts = "localhost";
        }
        if (database.isEmpty() && user != null) {
            database = user; // libpq's default
        }
        String jdbc = "jdbc:postgresql://" + hosts + "/" + database + (params.isEmpty() ? "" : "?" + String.join("&", params));
        String shownUser = userInfo == null ? "" : (user == null ? "" : user)
                + (userInfo.indexOf(':') < 0 ? "" : ":" + MASK) + "@";
        String masked = "postgres://" + shownUser + hosts + "/" + database
                + (maskedParams.isEmpty() ? "" : "?" + String.join("&", maskedParams));
        return new PostgresUrl(jdbc, user, password, masked);
    }

    /**
     * {@code text} with the password of anything that looks like a connection string in it
     * replaced by {@code ***}: the userinfo password and a {@code password=} parameter. For text
     * that did not come from a parsed URL (a rejected option, a CLI argument).
     */
    static String mask(String text) {
        if (text == null) {
            return null;
        }
        String out = text.replaceAll("(?i)([a-z][a-z0-9+.-]*://[^:/@\\s]*:)[^@\\s]*@", "$1" + MASK + "@");
        return out.replaceAll("(?i)([?&]password=)[^&\\s]*", "$1" + MASK);
    }

    /** Removes {@code secret} from {@code text}; for driver messages we cannot vouch for. */
    static String scrub(String text, String secret) {
        if (text == null || secret == null || secret.length() < 2) {
            return text;
        }
        return text.replace(secret, MASK);
    }

    private static String decode(String s, String what) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // The decoder's message quotes the input, which may be the password.
            throw ZaileysStoreException.invalid("the " + what + " of the connectionString has a bad %-escape");
        }
    }

    @Override
    public String toString() {
        return masked;
    }
}
