package dev.zaileys.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
    private final JdbcRaw.MessageReads reads;
    private final JdbcRaw.KeyTable keys;

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
            reads = new JdbcRaw.MessageReads(conn, "messages", "timestamp", ResultSet::getBytes);
            keys = new JdbcRaw.KeyTable(auth, "auth_signal");
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
        JdbcRaw.inTransaction(conn, () -> {
            for (Row r : rows) {
                bind(r);
                insert.addBatch();
            }
            insert.executeBatch();
        });
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
        return reads.readOne(remoteJid, id, fromMe);
    }

    @Override
    public List<Row> readPage(String remoteJid, Row after, int limit) throws SQLException {
        return reads.readPage(remoteJid, after, limit);
    }

    @Override
    public void putKeys(String type, Map<String, byte[]> values) throws SQLException {
        keys.putAll(type, values);
    }

    @Override
    public void clearKeys(String type) throws SQLException {
        keys.clear(type);
    }

    @Override
    public void putKey(String type, String id, byte[] value) throws SQLException {
        keys.put(type, id, value);
    }

    @Override
    public byte[] getKey(String type, String id) throws SQLException {
        return keys.get(type, id);
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
