package dev.zaileys.store.internal.jdbc;

import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings a scope's tables to the newest schema, in one write transaction, and refuses a
 * database written by a newer, incompatible schema. Internal.
 *
 * <p>Files: {@code dev/zaileys/store/sql/<dialect>/migrations.txt} lists
 * {@code V<nnn>__<name>.sql} files in order. A file may start with {@code -- compat: N}: the
 * oldest schema version whose code still reads and writes a database at this version (default:
 * its own version). V001 creates the Node original's tables with {@code IF NOT EXISTS}, so a
 * database the original wrote (no version table) is adopted as it is.
 *
 * <p>A file also names its layout with {@code -- layout: shared} or {@code -- layout: both}
 * (default: {@code node}; {@code both} runs, and is recorded, once for each layout in use, so a
 * {@code both} file that names a table without {@code ${...}}, one table for the whole database
 * as V003's {@code zaileys_lease}, must be idempotent: {@code IF NOT EXISTS}). Node
 * files build the default session's tables and are recorded under scope {@code default}; shared
 * files build the tables every named session shares and are recorded once under scope
 * {@code (shared)}. Version numbers are one sequence over both, so "newer than this code" stays one
 * comparison. Opening a named session registers it in {@code zaileys_sessions}.
 *
 * <p>V002 (the shared layout) also moves every named session of the per-session layout that came
 * before it: for each scope of the version table that is neither {@code default} nor
 * {@code (shared)}, the rows of its {@code zaileys_s_<session>__<table>} tables are copied into the
 * shared tables under that session, the old tables are dropped and the session is registered, all
 * in the migration's one transaction (a failure leaves the database as it was). The old tables are
 * dropped rather than renamed: keeping them would keep the per-session relations the layout exists
 * to remove, and the copy commits with the drop. Its {@code compat} is 2, so code that knows only
 * the per-session layout refuses such a database instead of recreating empty per-session tables.
 */
public final class Migrations {

    public static final String VERSION_TABLE = "zaileys_schema_version";

    private static final Pattern FILE = Pattern.compile("V(\\d{3})__[a-z0-9_]+\\.sql");
    private static final Pattern COMPAT = Pattern.compile("^--\\s*compat:\\s*(\\d+)");
    private static final Pattern LAYOUT = Pattern.compile("(?m)^--\\s*layout:\\s*(node|shared|both)\\s*$");

    /** The version that created the shared layout, and moves sessions out of the per-session one. */
    static final int SHARED_LAYOUT_VERSION = 2;

    record Migration(int version, int compat, String layout, String file, List<String> statements) {
        /** Whether this file runs for the layout of {@code shared}: its own, or both. */
        boolean appliesTo(boolean shared) {
            return layout.equals("both") || layout.equals(shared ? "shared" : "node");
        }
    }

    private Migrations() {}

    /**
     * Migrates (or, read-only, only checks) the scope of {@code tables}.
     *
     * @return the base names whose tables are missing (only possible read-only: reads of them
     *     find nothing)
     */
    public static Set<String> apply(JdbcConnections db, SqlDialect dialect, JdbcTables tables) {
        List<Migration> all = load(dialect);
        int latest = all.isEmpty() ? 0 : all.get(all.size() - 1).version();
        if (db.readonly()) {
            return db.read(s -> {
                if (exists(s, dialect, VERSION_TABLE)) {
                    refuseNewer(s, latest, db);
                }
                Set<String> missing = new HashSet<>();
                for (String base : JdbcTables.TABLES) {
                    if (!exists(s, dialect, tables.name(base))) {
                        missing.add(base);
                    }
                }
                if (tables.shared() && missing.contains("messages")
                        && exists(s, dialect, JdbcTables.legacyName(tables.scope(), "messages"))) {
                    throw new ZaileysStoreException(Code.STORE_INCOMPATIBLE, db.describe() + " keeps session '"
                            + tables.scope() + "' in the per-session tables of an older zaileys; open it once "
                            + "writable (any store of a named session, or a session list) to move it into the shared tables");
                }
                return missing;
            });
        }
        // Opening a session of an up-to-date database is a read: no write transaction (an fsync
        // in SQLite, the schema lock in PostgreSQL) per open, which is most of an open's cost on a
        // warm pool of thousands of sessions.
        if (db.read(s -> upToDate(s, dialect, tables, all, latest, db))) {
            return Set.of();
        }
        return db.write(s -> {
            dialect.lockForMigration(s);
            if (!exists(s, dialect, VERSION_TABLE)) {
                try (Statement st = s.connection().createStatement()) {
                    st.execute("CREATE TABLE " + VERSION_TABLE + " (scope TEXT NOT NULL, version INTEGER NOT NULL, "
                            + "compat INTEGER NOT NULL, applied_at BIGINT NOT NULL, PRIMARY KEY (scope, version))");
                }
            }
            refuseNewer(s, latest, db);
            migrate(s, dialect, tables, all);
            if (tables.shared()) {
                register(s, tables.scope());
            }
            return Set.of();
        });
    }

    /** Whether the layout of {@code tables} is at its newest version and (named) the session registered. */
    private static boolean upToDate(SqlSession s, SqlDialect dialect, JdbcTables tables, List<Migration> all, int latest,
                                    JdbcConnections db) throws SQLException {
        if (!exists(s, dialect, VERSION_TABLE)) {
            return false;
        }
        refuseNewer(s, latest, db);
        int newest = 0;
        for (Migration m : all) {
            if (m.appliesTo(tables.shared())) {
                newest = m.version();
            }
        }
        if (tables.shared() && !exists(s, dialect, JdbcTables.REGISTRY)) {
            return false;
        }
        String sql = "SELECT MAX(version) FROM " + VERSION_TABLE + " WHERE scope = ?";
        if (tables.shared()) {
            sql = "SELECT (" + sql + "), (SELECT COUNT(*) FROM " + JdbcTables.REGISTRY + " WHERE session = ?)";
        }
        PreparedStatement ps = s.prepare(sql);
        ps.setString(1, tables.shared() ? JdbcTables.SHARED_SCOPE : JdbcTables.DEFAULT_SCOPE);
        if (tables.shared()) {
            ps.setString(2, tables.scope());
        }
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getInt(1) >= newest && (!tables.shared() || rs.getInt(2) > 0);
        }
    }

    /**
     * Brings the shared layout up to date when the database still holds sessions of the
     * per-session layout, so that a session list sees them; nothing otherwise (a database of the
     * default session alone gets no shared tables). Runs in its own write transaction.
     */
    public static void moveLegacySessions(JdbcConnections db, SqlDialect dialect, JdbcTables shared) {
        if (db.readonly()) {
            return;
        }
        boolean pending = db.read(s -> exists(s, dialect, VERSION_TABLE) && !legacyScopes(s).isEmpty());
        if (pending) {
            db.write(s -> {
                dialect.lockForMigration(s);
                refuseNewer(s, latestVersion(dialect), db);
                migrate(s, dialect, shared, load(dialect));
                return null;
            });
        }
    }

    private static void migrate(SqlSession s, SqlDialect dialect, JdbcTables tables, List<Migration> all)
            throws SQLException {
        String scope = tables.shared() ? JdbcTables.SHARED_SCOPE : JdbcTables.DEFAULT_SCOPE;
        int current = 0;
        try (PreparedStatement ps = s.connection().prepareStatement(
                "SELECT MAX(version) FROM " + VERSION_TABLE + " WHERE scope = ?")) {
            ps.setString(1, scope);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    current = rs.getInt(1);
                }
            }
        }
        for (Migration m : all) {
            if (m.version() <= current || !m.appliesTo(tables.shared())) {
                continue;
            }
            try (Statement st = s.connection().createStatement()) {
                for (String sql : m.statements()) {
                    st.execute(tables.expand(sql));
                }
            }
            if (m.version() == SHARED_LAYOUT_VERSION) {
                moveLegacy(s, dialect, tables);
            }
            try (PreparedStatement ps = s.connection().prepareStatement("INSERT INTO " + VERSION_TABLE
                    + " (scope, version, compat, applied_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, scope);
                ps.setInt(2, m.version());
                ps.setInt(3, m.compat());
                ps.setLong(4, System.currentTimeMillis());
                ps.executeUpdate();
            }
        }
    }

    /** The sessions still in the per-session layout (only on a database no writer has opened since). */
    static List<String> legacySessions(SqlSession s, SqlDialect dialect) throws SQLException {
        return exists(s, dialect, VERSION_TABLE) ? legacyScopes(s) : List.of();
    }

    /** The scopes of the version table that are sessions of the per-session layout. */
    private static List<String> legacyScopes(SqlSession s) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = s.connection().prepareStatement("SELECT DISTINCT scope FROM " + VERSION_TABLE
                + " WHERE scope <> ? AND scope <> ?")) {
            ps.setString(1, JdbcTables.DEFAULT_SCOPE);
            ps.setString(2, JdbcTables.SHARED_SCOPE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Copies each per-session table into the shared one under its session, then drops it. */
    private static void moveLegacy(SqlSession s, SqlDialect dialect, JdbcTables shared) throws SQLException {
        for (String session : legacyScopes(s)) {
            for (String base : JdbcTables.TABLES) {
                String old = JdbcTables.legacyName(session, base);
                if (!exists(s, dialect, old)) {
                    continue;
                }
                String quoted = '"' + old + '"';
                List<String> columns = new ArrayList<>();
                try (Statement st = s.connection().createStatement();
                     ResultSet rs = st.executeQuery("SELECT * FROM " + quoted + " WHERE 1 = 0")) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        columns.add('"' + rs.getMetaData().getColumnName(i) + '"');
                    }
                }
                String list = String.join(", ", columns);
                try (PreparedStatement ps = s.connection().prepareStatement("INSERT INTO " + shared.q(base)
                        + " (session, " + list + ") SELECT ?, " + list + " FROM " + quoted)) {
                    ps.setString(1, session);
                    ps.executeUpdate();
                }
                try (Statement st = s.connection().createStatement()) {
                    st.execute("DROP TABLE " + quoted);
                }
            }
            try (PreparedStatement ps = s.connection().prepareStatement("INSERT INTO " + JdbcTables.REGISTRY
                    + " (session, created_at) SELECT scope, MIN(applied_at) FROM " + VERSION_TABLE + " WHERE scope = ? "
                    + "GROUP BY scope ON CONFLICT (session) DO NOTHING")) {
                ps.setString(1, session);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = s.connection().prepareStatement("DELETE FROM " + VERSION_TABLE + " WHERE scope = ?")) {
                ps.setString(1, session);
                ps.executeUpdate();
            }
        }
    }

    private static void register(SqlSession s, String session) throws SQLException {
        PreparedStatement ps = s.prepare("INSERT INTO " + JdbcTables.REGISTRY
                + " (session, created_at) VALUES (?, ?) ON CONFLICT (session) DO NOTHING");
        ps.setString(1, session);
        ps.setLong(2, System.currentTimeMillis());
        ps.executeUpdate();
    }

    /** The newest schema version of {@code dialect}'s migration files. */
    public static int latestVersion(SqlDialect dialect) {
        List<Migration> all = load(dialect);
        return all.isEmpty() ? 0 : all.get(all.size() - 1).version();
    }

    private static void refuseNewer(SqlSession s, int latest, JdbcConnections db) throws SQLException {
        try (Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT MAX(version), MAX(compat) FROM " + VERSION_TABLE)) {
            if (rs.next() && rs.getInt(2) > latest) {
                throw new ZaileysStoreException(Code.STORE_INCOMPATIBLE, db.describe() + " has schema version "
                        + rs.getInt(1) + ", which needs a newer zaileys (this one knows schema versions up to "
                        + latest + "); upgrade zaileys or use another database");
            }
        }
    }

    static boolean exists(SqlSession s, SqlDialect dialect, String table) throws SQLException {
        try (PreparedStatement ps = s.connection().prepareStatement(dialect.tableExistsQuery())) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static List<Migration> load(SqlDialect dialect) {
        String folder = "/dev/zaileys/store/sql/" + dialect.name() + "/";
        List<Migration> out = new ArrayList<>();
        for (String line : resource(folder + "migrations.txt").split("\n")) {
            String file = line.strip();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            Matcher m = FILE.matcher(file);
            if (!m.matches()) {
                throw new IllegalStateException("bad migration file name " + file);
            }
            int version = Integer.parseInt(m.group(1));
            if (version != out.size() + 1) {
                throw new IllegalStateException("migration " + file + " is out of sequence");
            }
            String text = resource(folder + file);
            Matcher c = COMPAT.matcher(text);
            int compat = c.find() ? Integer.parseInt(c.group(1)) : version;
            Matcher l = LAYOUT.matcher(text);
            out.add(new Migration(version, compat, l.find() ? l.group(1) : "node", file, statements(text)));
        }
        return out;
    }

    /** Splits a file into statements at {@code ;} ending a line; {@code --} lines are comments. */
    static List<String> statements(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (t.endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private static String resource(String path) {
        try (InputStream in = Migrations.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The database's schema version: the newest migration applied to any scope (versions are one
     * sequence), for health checks; 0 before the first.
     */
    public static int databaseVersion(SqlSession s, SqlDialect dialect) throws SQLException {
        if (!exists(s, dialect, VERSION_TABLE)) {
            return 0;
        }
        try (Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT MAX(version) FROM " + VERSION_TABLE)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
