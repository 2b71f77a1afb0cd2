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
 */
public final class Migrations {

    public static final String VERSION_TABLE = "zaileys_schema_version";

    private static final Pattern FILE = Pattern.compile("V(\\d{3})__[a-z0-9_]+\\.sql");
    private static final Pattern COMPAT = Pattern.compile("^--\\s*compat:\\s*(\\d+)");

    record Migration(int version, int compat, String file, List<String> statements) {}

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
                for (String base : JdbcTables.BASE_NAMES) {
                    if (!base.equals("messages_by_jid_ts") && !exists(s, dialect, tables.name(base))) {
                        missing.add(base);
                    }
                }
                return missing;
            });
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
            int current = 0;
            try (PreparedStatement ps = s.connection().prepareStatement(
                    "SELECT MAX(version) FROM " + VERSION_TABLE + " WHERE scope = ?")) {
                ps.setString(1, tables.scope());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        current = rs.getInt(1);
                    }
                }
            }
            for (Migration m : all) {
                if (m.version() <= current) {
                    continue;
                }
                try (Statement st = s.connection().createStatement()) {
                    for (String sql : m.statements()) {
                        st.execute(tables.expand(sql));
                    }
                }
                try (PreparedStatement ps = s.connection().prepareStatement("INSERT INTO " + VERSION_TABLE
                        + " (scope, version, compat, applied_at) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, tables.scope());
                    ps.setInt(2, m.version());
                    ps.setInt(3, m.compat());
                    ps.setLong(4, System.currentTimeMillis());
                    ps.executeUpdate();
                }
            }
            return Set.of();
        });
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

    private static boolean exists(SqlSession s, SqlDialect dialect, String table) throws SQLException {
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
            out.add(new Migration(version, compat, file, statements(text)));
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
