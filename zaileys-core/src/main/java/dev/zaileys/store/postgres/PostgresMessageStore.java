package dev.zaileys.store.postgres;

import dev.zaileys.model.MessageKey;
import dev.zaileys.store.internal.jdbc.JdbcMessageStore;
import dev.zaileys.store.internal.jdbc.JdbcTables;
import dev.zaileys.store.internal.jdbc.SqlSession;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.List;

/**
 * A message store (messages, chats, contacts, presence, scheduled jobs) in PostgreSQL: the Node
 * original's tables {@code zaileys_messages}, {@code zaileys_chats}, {@code zaileys_contacts},
 * {@code zaileys_presence} (jsonb documents), plus {@code zaileys_jobs} for scheduled jobs, so
 * the original can still read a database written here.
 *
 * <p>Options as {@link PostgresAuthStore}. A batch of messages is one multi-row upsert, in the
 * same transaction as the rest of its batch and as the read its merge starts from: writers of one
 * session (other stores, other processes) take turns on a transaction-scoped advisory lock, so
 * none loses another's merge. While the server is down calls fail with
 * {@code STORE_CONNECTION_FAILED} after a few seconds, and work again once it is back.
 *
 * <pre>{@code
 * var store = PostgresMessageStore.builder().connectionString(System.getenv("DATABASE_URL")).build();
 * }</pre>
 */
public final class PostgresMessageStore extends JdbcMessageStore {

    /** Rows per upsert statement: bounds one statement's size on very large saveMessages calls. */
    private static final int UPSERT_ROWS = 2_000;

    private final PostgresOptions options;
    private final String upsertMany;
    private final String insertAbsent;
    private final String insertOneAbsent;
    private final JdbcTables tables;

    private PostgresMessageStore(PostgresOptions options) {
        super(options::open, PostgresDialect.INSTANCE, options.tables());
        this.options = options;
        this.tables = options.tables();
        // One statement for the whole batch: five arrays in, unnest() pairs them up into rows.
        String col = tables.sessionColumn();
        String rows = "INSERT INTO " + tables.q("messages") + " (" + col + "remote_jid, id, from_me, \"timestamp\", data) "
                + "SELECT " + (tables.shared() ? "CAST(? AS TEXT), " : "") + "r, i, f, t, d::jsonb FROM ";
        String unnest = "unnest(?::text[], ?::text[], ?::boolean[], ?::bigint[], ?::text[]) AS u(r, i, f, t, d) ON CONFLICT ("
                + col + "remote_jid, id, from_me) DO ";
        upsertMany = rows + unnest + "UPDATE SET \"timestamp\" = excluded.\"timestamp\", data = excluded.data";
        // The merge lock first (the one-row CTE joins every inserted row, so it is taken before
        // the first), then the inserts; committed as the statement ends, the lock released with it.
        String lock = "WITH l AS (SELECT pg_advisory_xact_lock(?, hashtext(?))) ";
        String absent = " ON CONFLICT (" + col + "remote_jid, id, from_me) DO NOTHING RETURNING remote_jid, id, from_me";
        insertAbsent = lock + rows + "l, " + unnest + "NOTHING RETURNING remote_jid, id, from_me";
        // One message (a bot's save per incoming message): plain parameters, no arrays to build and parse.
        insertOneAbsent = lock + "INSERT INTO " + tables.q("messages") + " (" + col + "remote_jid, id, from_me, \"timestamp\", data) "
                + "SELECT " + tables.sessionParam() + "?, ?, ?, ?, ?::jsonb FROM l" + absent;
    }

    @Override
    protected void upsertMessages(SqlSession s, List<MessageRow> rows) throws SQLException {
        for (int from = 0; from < rows.size(); from += UPSERT_ROWS) {
            PreparedStatement ps = s.prepare(upsertMany);
            bindRows(s, ps, 1, rows.subList(from, Math.min(rows.size(), from + UPSERT_ROWS)));
            ps.executeUpdate();
        }
    }

    @Override
    protected int rowsPerStatement() {
        return UPSERT_ROWS;
    }

    /** One auto-committed statement: the merge lock, the inserts, and the keys inserted back. */
    @Override
    protected Set<MessageKey> insertAbsent(SqlSession s, List<MessageRow> rows) throws SQLException {
        Set<MessageKey> notInserted = new HashSet<>();
        rows.forEach(r -> notInserted.add(r.key()));
        // More than one chunk runs inside one transaction (see rowsPerStatement); the lock is
        // re-taken per statement, which a transaction already holding it gets at once.
        for (int from = 0; from < rows.size(); from += UPSERT_ROWS) {
            PreparedStatement ps = s.prepare(rows.size() == 1 ? insertOneAbsent : insertAbsent);
            ps.setInt(1, PostgresDialect.MERGE_LOCK_CLASS);
            ps.setString(2, tables.historyLockName());
            if (rows.size() == 1) {
                MessageRow row = rows.get(0);
                int i = tables.bindSession(ps, 3);
                ps.setString(i, row.key().remoteJid());
                ps.setString(i + 1, row.key().id());
                ps.setBoolean(i + 2, row.key().fromMe());
                ps.setLong(i + 3, row.timestamp());
                ps.setString(i + 4, new String(row.data(), StandardCharsets.UTF_8));
            } else {
                bindRows(s, ps, 3, rows.subList(from, Math.min(rows.size(), from + UPSERT_ROWS)));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    notInserted.remove(MessageKey.of(rs.getString(1), rs.getBoolean(3), rs.getString(2)));
                }
            }
        }
        return notInserted;
    }

    /** Binds the session (shared layout) and the five column arrays of {@code chunk} from {@code index}. */
    private void bindRows(SqlSession s, PreparedStatement ps, int index, List<MessageRow> chunk) throws SQLException {
        Connection c = s.connection();
        int n = chunk.size();
        String[] jids = new String[n];
        String[] ids = new String[n];
        Boolean[] fromMe = new Boolean[n];
        Long[] timestamps = new Long[n];
        String[] data = new String[n];
        for (int k = 0; k < n; k++) {
            MessageRow row = chunk.get(k);
            jids[k] = row.key().remoteJid();
            ids[k] = row.key().id();
            fromMe[k] = row.key().fromMe();
            timestamps[k] = row.timestamp();
            data[k] = new String(row.data(), StandardCharsets.UTF_8);
        }
        int i = tables.bindSession(ps, index);
        ps.setArray(i, c.createArrayOf("text", jids));
        ps.setArray(i + 1, c.createArrayOf("text", ids));
        ps.setArray(i + 2, c.createArrayOf("bool", fromMe));
        ps.setArray(i + 3, c.createArrayOf("int8", timestamps));
        ps.setArray(i + 4, c.createArrayOf("text", data));
    }

    /**
     * The only way to make one. Options: exactly one of {@code connectionString} (with
     * {@code max}) and {@code pool}; {@code session}. {@code build()} throws
     * {@code STORE_INVALID_INPUT} for options that are malformed or conflict and connects to nothing.
     */
    public static PostgresOptions.Builder<PostgresMessageStore> builder() {
        return new PostgresOptions.Builder<>(PostgresMessageStore::new);
    }

    @Override
    public String toString() {
        return "PostgresMessageStore[" + options + "]";
    }
}
