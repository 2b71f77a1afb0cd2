package dev.zaileys.bench;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the JDBC raw baselines and the sessions bench share, written once so the SQLite and
 * PostgreSQL limits measure the same statements and cannot drift apart: one transaction around a
 * piece of work, the Signal key table, the message reads (by key and newest-first pages), and the
 * store URI of a PostgreSQL server as pgjdbc takes it.
 */
final class JdbcRaw {

    private JdbcRaw() {}

    /** Where pgjdbc connects for a store URI; user and password null when the URI has none. */
    record Postgres(String jdbcUrl, String host, String user, String password) {}

    /**
     * {@code postgres[ql]://user:pw@host[:port]/db?params} (or {@code jdbc:} before it) to pgjdbc's
     * URL and credentials. The store's own {@code session=} parameter is dropped: the driver has no
     * use for it. The library's parser ({@code PostgresUrl}) is internal to the store package.
     */
    /** A pgjdbc connection to the database of a store URI. */
    static java.sql.Connection connectPostgres(String storeUri) throws SQLException {
        Postgres target = postgres(storeUri);
        java.util.Properties p = new java.util.Properties();
        if (target.user() != null) {
            p.setProperty("user", target.user());
        }
        if (target.password() != null) {
            p.setProperty("password", target.password());
        }
        return java.sql.DriverManager.getConnection(target.jdbcUrl(), p);
    }

    /**
     * VACUUM (ANALYZE) of the store's tables ({@code zaileys*} in the connection's schema), as
     * autovacuum does when given time. A clear between procedures deletes up to 200,000 rows
     * (MVCC keeps them as dead tuples until a vacuum), and the walk that follows W1 then stepped
     * over their index entries: W2 at 0.31-0.38 of a raw page on a fresh table, 0.56-0.77 after it.
     */
    static void vacuumPostgres(String storeUri) {
        try (java.sql.Connection c = connectPostgres(storeUri); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT quote_ident(tablename) FROM pg_tables"
                    + " WHERE schemaname = current_schema() AND tablename LIKE 'zaileys%'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                st.execute("VACUUM (ANALYZE) " + t);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot vacuum the store's tables: " + e.getMessage(), e);
        }
    }

    static Postgres postgres(String storeUri) {
        URI u = URI.create(storeUri.startsWith("jdbc:") ? storeUri.substring(5) : storeUri);
        String user = null;
        String password = null;
        if (u.getRawUserInfo() != null) {
            String[] ui = u.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(ui[0], StandardCharsets.UTF_8);
            if (ui.length > 1) {
                password = URLDecoder.decode(ui[1], StandardCharsets.UTF_8);
            }
        }
        StringBuilder query = new StringBuilder();
        if (u.getRawQuery() != null) {
            for (String kv : u.getRawQuery().split("&")) {
                if (!kv.isEmpty() && !kv.startsWith("session=")) {
                    query.append(query.length() == 0 ? "?" : "&").append(kv);
                }
            }
        }
        String jdbc = "jdbc:postgresql://" + u.getRawAuthority().substring(u.getRawAuthority().indexOf('@') + 1)
                + (u.getRawPath() == null ? "/" : u.getRawPath()) + query;
        return new Postgres(jdbc, u.getHost(), user, password);
    }

    interface SqlWork {
        void run() throws SQLException;
    }

    /** Runs {@code work} as one transaction on {@code c}, leaving it in auto-commit as it found it. */
    static void inTransaction(Connection c, SqlWork work) throws SQLException {
        c.setAutoCommit(false);
        try {
            work.run();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** A Signal table {@code (type, id, data)} keyed by {@code (type, id)}; statements prepared once. */
    static final class KeyTable {
        private final Connection conn;
        private final String table;
        private final PreparedStatement put;
        private final PreparedStatement get;

        KeyTable(Connection conn, String table) throws SQLException {
            this.conn = conn;
            this.table = table;
            put = conn.prepareStatement("INSERT INTO " + table + " (type, id, data) VALUES (?, ?, ?) "
                    + "ON CONFLICT (type, id) DO UPDATE SET data = excluded.data");
            get = conn.prepareStatement("SELECT data FROM " + table + " WHERE type = ? AND id = ?");
        }

        /** Every value in one transaction, one batch. */
        void putAll(String type, Map<String, byte[]> values) throws SQLException {
            inTransaction(conn, () -> {
                for (Map.Entry<String, byte[]> e : values.entrySet()) {
                    bind(type, e.getKey(), e.getValue());
                    put.addBatch();
                }
                put.executeBatch();
            });
        }

        void clear(String type) throws SQLException {
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM " + table + " WHERE type = ?")) {
                ps.setString(1, type);
                ps.executeUpdate();
            }
        }

        /** One value in its own auto-committed statement. */
        void put(String type, String id, byte[] value) throws SQLException {
            bind(type, id, value);
            put.executeUpdate();
        }

        byte[] get(String type, String id) throws SQLException {
            get.setString(1, type);
            get.setString(2, id);
            try (ResultSet rs = get.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }

        private void bind(String type, String id, byte[] value) throws SQLException {
            put.setString(1, type);
            put.setString(2, id);
            put.setBytes(3, value);
        }
    }

    /** How a dialect hands back the stored document (jsonb comes back as text, a BLOB as bytes). */
    interface DataColumn {
        byte[] read(ResultSet rs, int column) throws SQLException;
    }

    /**
     * Reads of a messages table {@code (remote_jid, id, from_me, <timestamp>, data)}: one document by
     * key, and pages newest first by (timestamp, id, from_me) with a row-value cursor. {@code from_me}
     * goes through {@code setBoolean}/{@code getBoolean}, which sqlite-jdbc maps to 1/0.
     */
    static final class MessageReads {
        private final PreparedStatement select;
        private final PreparedStatement firstPage;
        private final PreparedStatement nextPage;
        private final DataColumn data;

        /** {@code ts} is the timestamp column as the dialect spells it (quoted where it is a keyword). */
        MessageReads(Connection conn, String table, String ts, DataColumn data) throws SQLException {
            this.data = data;
            select = conn.prepareStatement("SELECT data FROM " + table + " WHERE remote_jid = ? AND id = ? AND from_me = ?");
            String cols = "SELECT remote_jid, id, from_me, " + ts + ", data FROM " + table + " WHERE remote_jid = ? ";
            String order = " ORDER BY " + ts + " DESC, id DESC, from_me DESC LIMIT ?";
            firstPage = conn.prepareStatement(cols + order);
            nextPage = conn.prepareStatement(cols + "AND " + ts + " <= ? AND (" + ts + ", id, from_me) < (?, ?, ?)" + order);
        }

        byte[] readOne(String remoteJid, String id, boolean fromMe) throws SQLException {
            select.setString(1, remoteJid);
            select.setString(2, id);
            select.setBoolean(3, fromMe);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? data.read(rs, 1) : null;
            }
        }

        List<RawBaseline.Row> readPage(String remoteJid, RawBaseline.Row after, int limit) throws SQLException {
            PreparedStatement ps = after == null ? firstPage : nextPage;
            ps.setString(1, remoteJid);
            if (after == null) {
                ps.setInt(2, limit);
            } else {
                ps.setLong(2, after.timestamp());
                ps.setLong(3, after.timestamp());
                ps.setString(4, after.id());
                ps.setBoolean(5, after.fromMe());
                ps.setInt(6, limit);
            }
            List<RawBaseline.Row> out = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RawBaseline.Row(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getLong(4), data.read(rs, 5)));
                }
            }
            return out;
        }
    }
}
