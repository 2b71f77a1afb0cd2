package dev.zaileys.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * pgjdbc alone, in the database the store uses: a scratch table shaped like
 * {@code zaileys_messages} (same key, same index, jsonb data) filled with one
 * {@code COPY ... FROM STDIN} for the batch limit and by single auto-committed INSERTs for the
 * per-call one, and a scratch Signal table ({@code bytea}, as {@code zaileys_auth_signal}). Every
 * commit waits for the server's WAL flush (the server's {@code synchronous_commit}, as the store's
 * commits do); statements are prepared once.
 */
final class PostgresRawBaseline implements RawBaseline {

    private final Connection conn;
    private final String table = "zaileys_raw_" + Long.toString(System.nanoTime(), 36);
    private final PreparedStatement insert;
    private final JdbcRaw.MessageReads reads;
    private final JdbcRaw.KeyTable keys;

    PostgresRawBaseline(String storeUri) {
        try {
            conn = JdbcRaw.connectPostgres(storeUri);
            try (Statement st = conn.createStatement()) {
                st.execute("CREATE TABLE " + table + " (remote_jid TEXT NOT NULL, id TEXT NOT NULL, from_me BOOLEAN NOT NULL, "
                        + "\"timestamp\" BIGINT NOT NULL, data JSONB NOT NULL, PRIMARY KEY (remote_jid, id, from_me))");
                st.execute("CREATE INDEX ON " + table + " (remote_jid, \"timestamp\" DESC)");
                st.execute("CREATE TABLE " + table + "_keys (type TEXT NOT NULL, id TEXT NOT NULL, data BYTEA NOT NULL, "
                        + "PRIMARY KEY (type, id))");
            }
            insert = conn.prepareStatement("INSERT INTO " + table
                    + " (remote_jid, id, from_me, \"timestamp\", data) VALUES (?, ?, ?, ?, CAST(? AS jsonb))");
            reads = new JdbcRaw.MessageReads(conn, table, "\"timestamp\"",
                    (rs, column) -> rs.getString(column).getBytes(StandardCharsets.UTF_8));
            keys = new JdbcRaw.KeyTable(conn, table + "_keys");
        } catch (Exception e) {
            // the message of a failed connect never carries the password; the URI is not repeated
            throw new IllegalStateException("cannot set up the raw PostgreSQL baseline: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "pgjdbc: COPY FROM STDIN for batches, prepared auto-committed statements per call; jsonb, same key and index";
    }

    @Override
    public void insertAll(List<Row> rows) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(rows.size() * 800);
        for (Row r : rows) {
            field(buf, r.remoteJid().getBytes(StandardCharsets.UTF_8));
            buf.write('\t');
            field(buf, r.id().getBytes(StandardCharsets.UTF_8));
            buf.write('\t');
            buf.write(r.fromMe() ? 't' : 'f');
            buf.write('\t');
            buf.writeBytes(Long.toString(r.timestamp()).getBytes(StandardCharsets.US_ASCII));
            buf.write('\t');
            field(buf, r.data());
            buf.write('\n');
        }
        conn.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table
                + " (remote_jid, id, from_me, \"timestamp\", data) FROM STDIN", new ByteArrayInputStream(buf.toByteArray()));
    }

    @Override
    public void insertOne(Row r) throws SQLException {
        insert.setString(1, r.remoteJid());
        insert.setString(2, r.id());
        insert.setBoolean(3, r.fromMe());
        insert.setLong(4, r.timestamp());
        insert.setString(5, new String(r.data(), StandardCharsets.UTF_8));
        insert.executeUpdate();
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

    /** COPY's text format: backslash, tab, newline and carriage return escaped. */
    private static void field(ByteArrayOutputStream out, byte[] value) {
        for (byte b : value) {
            switch (b) {
                case '\\' -> out.writeBytes(new byte[] {'\\', '\\'});
                case '\t' -> out.writeBytes(new byte[] {'\\', 't'});
                case '\n' -> out.writeBytes(new byte[] {'\\', 'n'});
                case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
                default -> out.write(b);
            }
        }
    }

    @Override
    public void close() throws Exception {
        try (Statement st = conn.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
            st.execute("DROP TABLE IF EXISTS " + table + "_keys");
        } finally {
            conn.close();
        }
    }
}
