package dev.zaileys.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * sqlite-jdbc alone: the documents inserted in one transaction with a prepared batch into a
 * {@code messages} table shaped like the store's (same key, same paging index), in a scratch WAL
 * database.
 */
final class SqliteRawBaseline implements RawBaseline {

    private final Path dir;
    private final Connection conn;

    SqliteRawBaseline() {
        try {
            dir = Files.createTempDirectory("zaileys-raw-sqlite");
            conn = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("raw.db"));
            try (Statement st = conn.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=NORMAL");
                st.execute("CREATE TABLE messages (remote_jid TEXT NOT NULL, id TEXT NOT NULL, from_me INTEGER NOT NULL,"
                        + " timestamp INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (remote_jid, id, from_me))");
                // The index the store's layout (the Node original's) keeps for newest-first paging:
                // the raw limit is for the same table, not a cheaper one.
                st.execute("CREATE INDEX messages_chat_ts ON messages (remote_jid, timestamp DESC)");
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the raw SQLite baseline: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "sqlite-jdbc: one transaction, prepared batch, WAL";
    }

    @Override
    public void insertAll(List<Row> rows) throws SQLException {
        conn.setAutoCommit(false);
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO messages (remote_jid, id, from_me, timestamp, data) VALUES (?, ?, ?, ?, ?)")) {
            for (Row r : rows) {
                ps.setString(1, r.remoteJid());
                ps.setString(2, r.id());
                ps.setInt(3, r.fromMe() ? 1 : 0);
                ps.setLong(4, r.timestamp());
                ps.setBytes(5, r.data());
                ps.addBatch();
            }
            ps.executeBatch();
            conn.commit();
        } catch (SQLException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(true);
        }
    }

    @Override
    public void close() throws Exception {
        conn.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
