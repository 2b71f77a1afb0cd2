package dev.zaileys.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * sqlite-jdbc alone, in a scratch WAL database: a {@code messages} table shaped like the store's
 * (same key, same paging index) written at the message store's durability ({@code synchronous =
 * NORMAL}), and a Signal table written through a second connection at the auth store's
 * ({@code synchronous = FULL}: every commit fsyncs the WAL). Statements are prepared once.
 */
final class SqliteRawBaseline implements RawBaseline {

    private final Path dir;
    private final Connection conn;
    private final Connection auth;
    private final PreparedStatement insert;
    private final PreparedStatement select;
    private final PreparedStatement firstPage;
    private final PreparedStatement nextPage;
    private final PreparedStatement putKey;
    private final PreparedStatement getKey;

    SqliteRawBaseline() {
        try {
            dir = Files.createTempDirectory("zaileys-raw-sqlite");
            String url = "jdbc:sqlite:" + dir.resolve("raw.db");
            conn = DriverManager.getConnection(url);
            try (Statement st = conn.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=NORMAL");
                st.execute("CREATE TABLE messages (remote_jid TEXT NOT NULL, id TEXT NOT NULL, from_me INTEGER NOT NULL,"
                        + " timestamp INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (remote_jid, id, from_me))");
                // The index the store's layout (the Node original's) keeps for newest-first paging:
                // the raw limit is for the same table, not a cheaper one.
                st.execute("CREATE INDEX messages_chat_ts ON messages (remote_jid, timestamp DESC)");
                st.execute("CREATE TABLE auth_signal (type TEXT NOT NULL, id TEXT NOT NULL, data BLOB NOT NULL,"
                        + " PRIMARY KEY (type, id)) WITHOUT ROWID");
            }
            auth = DriverManager.getConnection(url);
            try (Statement st = auth.createStatement()) {
                st.execute("PRAGMA synchronous=FULL");
            }
            insert = conn.prepareStatement("INSERT INTO messages (remote_jid, id, from_me, timestamp, data) VALUES (?, ?, ?, ?, ?)");
            select = conn.prepareStatement("SELECT data FROM messages WHERE remote_jid = ? AND id = ? AND from_me = ?");
            String cols = "SELECT remote_jid, id, from_me, timestamp, data FROM messages WHERE remote_jid = ? ";
            String order = " ORDER BY timestamp DESC, id DESC, from_me DESC LIMIT ?";
            firstPage = conn.prepareStatement(cols + order);
            nextPage = conn.prepareStatement(cols + "AND timestamp <= ? AND (timestamp, id, from_me) < (?, ?, ?)" + order);
            putKey = auth.prepareStatement("INSERT INTO auth_signal (type, id, data) VALUES (?, ?, ?) "
                    + "ON CONFLICT (type, id) DO UPDATE SET data = excluded.data");
            getKey = auth.prepareStatement("SELECT data FROM auth_signal WHERE type = ? AND id = ?");
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the raw SQLite baseline: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "sqlite-jdbc: prepared statements, WAL; messages synchronous=NORMAL, keys synchronous=FULL";
    }

    @Override
    public void insertAll(List<Row> rows) throws SQLException {
        conn.setAutoCommit(false);
        try {
            for (Row r : rows) {
                bind(r);
                insert.addBatch();
            }
            insert.executeBatch();
            conn.commit();
        } catch (SQLException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(true);
        }
    }

    @Override
    public void insertOne(Row r) throws SQLException {
        bind(r);
        insert.executeUpdate();
    }

    private void bind(Row r) throws SQLException {
        insert.setString(1, r.remoteJid());
        insert.setString(2, r.id());
        insert.setInt(3, r.fromMe() ? 1 : 0);
        insert.setLong(4, r.timestamp());
        insert.setBytes(5, r.data());
    }

    @Override
    public byte[] readOne(String remoteJid, String id, boolean fromMe) throws SQLException {
        select.setString(1, remoteJid);
        select.setString(2, id);
        select.setInt(3, fromMe ? 1 : 0);
        try (ResultSet rs = select.executeQuery()) {
            return rs.next() ? rs.getBytes(1) : null;
        }
    }

    @Override
    public List<Row> readPage(String remoteJid, Row after, int limit) throws SQLException {
        PreparedStatement ps = after == null ? firstPage : nextPage;
        ps.setString(1, remoteJid);
        if (after == null) {
            ps.setInt(2, limit);
        } else {
            ps.setLong(2, after.timestamp());
            ps.setLong(3, after.timestamp());
            ps.setString(4, after.id());
            ps.setInt(5, after.fromMe() ? 1 : 0);
            ps.setInt(6, limit);
        }
        List<Row> out = new ArrayList<>(limit);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Row(rs.getString(1), rs.getString(2), rs.getInt(3) != 0, rs.getLong(4), rs.getBytes(5)));
            }
        }
        return out;
    }

    @Override
    public void putKeys(String type, Map<String, byte[]> values) throws SQLException {
        auth.setAutoCommit(false);
        try {
            for (Map.Entry<String, byte[]> e : values.entrySet()) {
                putKey.setString(1, type);
                putKey.setString(2, e.getKey());
                putKey.setBytes(3, e.getValue());
                putKey.addBatch();
            }
            putKey.executeBatch();
            auth.commit();
        } catch (SQLException e) {
            auth.rollback();
            throw e;
        } finally {
            auth.setAutoCommit(true);
        }
    }

    @Override
    public void putKey(String type, String id, byte[] value) throws SQLException {
        putKey.setString(1, type);
        putKey.setString(2, id);
        putKey.setBytes(3, value);
        putKey.executeUpdate();
    }

    @Override
    public byte[] getKey(String type, String id) throws SQLException {
        getKey.setString(1, type);
        getKey.setString(2, id);
        try (ResultSet rs = getKey.executeQuery()) {
            return rs.next() ? rs.getBytes(1) : null;
        }
    }

    @Override
    public void close() throws Exception {
        auth.close();
        conn.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
