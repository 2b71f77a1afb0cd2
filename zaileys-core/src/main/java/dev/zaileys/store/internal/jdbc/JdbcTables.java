package dev.zaileys.store.internal.jdbc;

import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The quoted table names of one session (scope). Internal; see the package documentation for
 * how names are made.
 */
public final class JdbcTables {

    /** The scope of the Node original's tables. */
    public static final String DEFAULT_SCOPE = "default";

    /** Every name a migration file may use as {@code ${name}}. */
    public static final List<String> BASE_NAMES = List.of("auth_creds", "auth_signal", "messages", "messages_by_jid_ts",
            "chats", "contacts", "presence", "jobs");

    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern SESSION = Pattern.compile("[a-z0-9_-]{1,32}");

    private final String scope;
    private final Map<String, String> quoted = new LinkedHashMap<>();
    private final Map<String, String> plain = new LinkedHashMap<>();

    /**
     * @param session     null or {@code "default"} for the Node original's tables
     * @param defaultName the default session's name of a base name
     */
    public JdbcTables(String session, UnaryOperator<String> defaultName) {
        this.scope = checkedSession(session);
        for (String base : BASE_NAMES) {
            String name = scope.equals(DEFAULT_SCOPE) ? defaultName.apply(base) : "zaileys_s_" + scope + "__" + base;
            plain.put(base, name);
            // Quoted only when needed, so the default tables' DDL reads exactly as the original's.
            quoted.put(base, PLAIN.matcher(name).matches() ? name : '"' + name + '"');
        }
    }

    /** Validates a session name; null means the default session. */
    public static String checkedSession(String session) {
        if (session == null) {
            return DEFAULT_SCOPE;
        }
        if (!SESSION.matcher(session).matches()) {
            throw new ZaileysStoreException(Code.STORE_INVALID_INPUT, "session must be 1 to 32 characters of a-z, 0-9, "
                    + "'_' and '-'; got '" + session.replace("'", "\\'") + "'");
        }
        return session;
    }

    public String scope() {
        return scope;
    }

    public boolean isDefault() {
        return scope.equals(DEFAULT_SCOPE);
    }

    /** The identifier of {@code base}, quoted where needed, ready for SQL. */
    public String q(String base) {
        String name = quoted.get(base);
        if (name == null) {
            throw new IllegalArgumentException("unknown table " + base);
        }
        return name;
    }

    /** The unquoted name of {@code base}, as catalogs list it. */
    public String name(String base) {
        return plain.get(base);
    }

    /** Replaces every {@code ${base}} of a migration file by its quoted name. */
    String expand(String sql) {
        String out = sql;
        for (Map.Entry<String, String> e : quoted.entrySet()) {
            out = out.replace("${" + e.getKey() + "}", e.getValue());
        }
        if (out.contains("${")) {
            throw new IllegalStateException("unknown placeholder in migration: " + out);
        }
        return out;
    }
}
