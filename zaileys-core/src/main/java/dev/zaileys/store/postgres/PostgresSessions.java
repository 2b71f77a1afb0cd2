package dev.zaileys.store.postgres;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.internal.jdbc.JdbcConnections;
import dev.zaileys.store.internal.jdbc.JdbcTables;
import dev.zaileys.store.internal.jdbc.Migrations;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The sessions kept in one PostgreSQL database. The default session is the Node original's
 * {@code zaileys_*} tables; a named session {@code s} has its own tables
 * {@code zaileys_s_<s>__*}, created by its first store and recorded in
 * {@code zaileys_schema_version}. Sessions never see each other's rows.
 */
public final class PostgresSessions {

    private PostgresSessions() {}

    /** The sessions present, sorted; {@code "default"} when the Node original's tables exist. */
    public static List<String> list(String connectionString) {
        return withConnectionString(connectionString, PostgresSessions::list);
    }

    /** The sessions present in the database of {@code pool}, sorted. */
    public static List<String> list(DataSource pool) {
        return withPool(pool, PostgresSessions::list);
    }

    /**
     * Drops every table of {@code session} and its schema record. Close the session's stores
     * first. The default session is the Node original's tables: dropping it drops those.
     *
     * @return whether the session was present
     */
    public static boolean drop(String connectionString, String session) {
        String checked = JdbcTables.checkedSession(session);
        return withConnectionString(connectionString, db -> drop(db, checked));
    }

    /** As {@link #drop(String, String)}, on the database of {@code pool}. */
    public static boolean drop(DataSource pool, String session) {
        String checked = JdbcTables.checkedSession(session);
        return withPool(pool, db -> drop(db, checked));
    }

    private static List<String> list(JdbcConnections db) {
        JdbcTables defaults = new JdbcTables(null, PostgresDialect.INSTANCE::defaultTableName);
        return db.read(s -> {
            TreeSet<String> out = new TreeSet<>();
            try (Statement st = s.connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT to_regclass('" + Migrations.VERSION_TABLE + "') IS NOT NULL, "
                         + "to_regclass('" + defaults.name("auth_creds") + "') IS NOT NULL OR to_regclass('"
                         + defaults.name("messages") + "') IS NOT NULL")) {
                rs.next();
                if (rs.getBoolean(2)) {
                    out.add(JdbcTables.DEFAULT_SCOPE);
                }
                if (!rs.getBoolean(1)) {
                    return List.copyOf(out);
                }
            }
            try (Statement st = s.connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT DISTINCT scope FROM " + Migrations.VERSION_TABLE)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return List.copyOf(out);
        });
    }

    private static boolean drop(JdbcConnections db, String session) {
        JdbcTables tables = new JdbcTables(session, PostgresDialect.INSTANCE::defaultTableName);
        return db.write(s -> {
            PostgresDialect.lockSchema(s.connection());
            boolean present = false;
            try (Statement st = s.connection().createStatement()) {
                for (String base : JdbcTables.BASE_NAMES) {
                    if (base.equals("messages_by_jid_ts")) {
                        continue; // an index, dropped with its table
                    }
                    try (ResultSet rs = st.executeQuery("SELECT to_regclass(" + literal(tables.q(base)) + ") IS NOT NULL")) {
                        rs.next();
                        present |= rs.getBoolean(1);
                    }
                    st.execute("DROP TABLE IF EXISTS " + tables.q(base));
                }
                try (ResultSet rs = st.executeQuery("SELECT to_regclass('" + Migrations.VERSION_TABLE + "') IS NOT NULL")) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return present;
                    }
                }
            }
            try (PreparedStatement ps = s.connection().prepareStatement(
                    "DELETE FROM " + Migrations.VERSION_TABLE + " WHERE scope = ?")) {
                ps.setString(1, session);
                present |= ps.executeUpdate() > 0;
            }
            return present;
        });
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static <T> T withConnectionString(String connectionString, Function<JdbcConnections, T> body) {
        if (connectionString == null) {
            throw ZaileysStoreException.invalid("connectionString is required");
        }
        try (JdbcConnections db = PostgresOptions.of(connectionString, null, 1, null).open()) {
            return body.apply(db);
        }
    }

    private static <T> T withPool(DataSource pool, Function<JdbcConnections, T> body) {
        if (pool == null) {
            throw ZaileysStoreException.invalid("pool is required");
        }
        try (JdbcConnections db = PostgresOptions.of(null, pool, null, null).open()) {
            return body.apply(db);
        }
    }
}
