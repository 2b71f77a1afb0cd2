package dev.zaileys.store.internal.jdbc;

import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The tables of one session and how its statements name it. Internal; see the package
 * documentation for the two layouts. Statements are written once per store with the fragments
 * below, so the default session's SQL is exactly the Node original's and a named session's adds a
 * leading {@code session = ?} that {@link #bindSession} fills: one statement text for every
 * session, so a shared pool's prepared statements serve them all.
 */
public final class JdbcTables {

    /** The scope of the Node original's tables. */
    public static final String DEFAULT_SCOPE = "default";

    /** The version-table scope of the shared tables of named sessions; not a valid session name. */
    public static final String SHARED_SCOPE = "(shared)";

    /** The registry of named sessions: one row per session, the only per-session cost before data. */
    public static final String REGISTRY = "zaileys_sessions";

    /** Every name a migration file may use as {@code ${name}} (besides {@code ${sessions}}). */
    public static final List<String> BASE_NAMES = List.of("auth_creds", "auth_signal", "messages", "messages_by_jid_ts",
            "chats", "contacts", "presence", "jobs");

    /** The tables (not indexes) of {@link #BASE_NAMES}. */
    public static final List<String> TABLES = List.of("auth_creds", "auth_signal", "messages", "chats", "contacts",
            "presence", "jobs");

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
        this(checkedSession(session), defaultName, true);
    }

    private JdbcTables(String scope, UnaryOperator<String> defaultName, boolean checked) {
        this.scope = scope;
        for (String base : BASE_NAMES) {
            String name = scope.equals(DEFAULT_SCOPE) ? defaultName.apply(base) : "zaileys_ms_" + base;
            plain.put(base, name);
            // Quoted only when needed, so the default tables' DDL reads exactly as the original's.
            quoted.put(base, PLAIN.matcher(name).matches() ? name : '"' + name + '"');
        }
    }

    /** The shared tables themselves, for statements over every named session (migrations). */
    public static JdbcTables sharedLayout(UnaryOperator<String> defaultName) {
        return new JdbcTables(SHARED_SCOPE, defaultName, true);
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

    /** Whether this session's rows live in the shared tables, beside other sessions' rows. */
    public boolean shared() {
        return !isDefault();
    }

    /** The table of {@code base} of a named session in the per-session layout that V002 replaced. */
    public static String legacyName(String session, String base) {
        return "zaileys_s_" + session + "__" + base;
    }

    /** {@code "session, "} before the columns of an insert or a key in the shared layout, else nothing. */
    public String sessionColumn() {
        return shared() ? "session, " : "";
    }

    /** {@code "?, "} before the values of an insert in the shared layout, else nothing. */
    public String sessionParam() {
        return shared() ? "?, " : "";
    }

    /** {@code "session = ? AND "} (of {@code alias}) before the conditions of a statement in the shared layout. */
    public String sessionAnd(String alias) {
        return shared() ? alias + "session = ? AND " : "";
    }

    public String sessionAnd() {
        return sessionAnd("");
    }

    /** {@code " WHERE session = ?"} for a statement over the whole session in the shared layout, else nothing. */
    public String sessionWhere() {
        return shared() ? " WHERE session = ?" : "";
    }

    /** Binds the session at {@code index} in the shared layout; returns the next parameter's index. */
    public int bindSession(PreparedStatement ps, int index) throws SQLException {
        if (!shared()) {
            return index;
        }
        ps.setString(index, scope);
        return index + 1;
    }

    /**
     * What a merge lock is taken on: the session's history. Named sessions share their tables, so
     * the session's name is part of it (merges of other sessions never wait for each other).
     */
    public String historyLockName() {
        return shared() ? name("messages") + "/" + scope : name("messages");
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
        out = out.replace("${sessions}", REGISTRY);
        if (out.contains("${")) {
            throw new IllegalStateException("unknown placeholder in migration: " + out);
        }
        return out;
    }
}
