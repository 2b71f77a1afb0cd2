package dev.zaileys.store.internal.jdbc;

import dev.zaileys.store.SchemaVersioned;
import dev.zaileys.model.MessageKey;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageCursor;
import dev.zaileys.store.PruneOptions;
import dev.zaileys.store.internal.AbstractMessageStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The message store primitives in SQL, for every SQL backend. Internal: extend it through a
 * backend store ({@code SqliteMessageStore}, {@code PostgresMessageStore}). Each
 * {@link #commit} is one transaction with batched prepared statements.
 *
 * <p>About 400 lines because each primitive's SQL sits beside the method that binds it (as
 * whatsmeow keeps its queries), so statement and parameters are read together.
 */
public abstract class JdbcMessageStore extends AbstractMessageStore implements SchemaVersioned {


    private final JdbcScope scope;
    private final SqlDialect dialect;
    private final JdbcTables tables;
    private final String messages;
    private final String order;
    private final String upsertMessage;
    private final String insertMessage;
    private final String deleteMessage;
    private final String selectMessage;
    private final String pageFirst;
    private final String pageBefore;
    private final String pageAfter;
    private final String upsertJob;
    private final String swapJob;
    private final String loadMessagesPrefix;
    private final String loadMessagesSuffix;
    private final String deleteChat;
    private final String messageJids;
    private final String selectJobs;
    private final String selectDueJobs;
    private final String selectJob;
    private final String deleteJob;

    protected JdbcMessageStore(Supplier<JdbcConnections> opener, SqlDialect dialect, JdbcTables tables) {
        this.scope = new JdbcScope(opener, dialect, tables);
        this.dialect = dialect;
        this.tables = tables;
        messages = tables.q("messages");
        String col = tables.sessionColumn();
        String param = tables.sessionParam();
        String and = tables.sessionAnd();
        String insert = "INSERT INTO " + messages + " (" + col + "remote_jid, id, from_me, timestamp, data) VALUES ("
                + param + "?, ?, ?, ?, " + dialect.dataParam("messages") + ") ON CONFLICT (" + col + "remote_jid, id, from_me) DO ";
        upsertMessage = insert + "UPDATE SET timestamp = excluded.timestamp, data = excluded.data" + dialect.extraUpsertSet("messages");
        insertMessage = insert + "NOTHING";
        String byKey = " WHERE " + and + "remote_jid = ? AND id = ? AND from_me = ?";
        deleteMessage = "DELETE FROM " + messages + byKey;
        selectMessage = "SELECT data FROM " + messages + byKey;
        deleteChat = "DELETE FROM " + messages + " WHERE " + and + "remote_jid = ?";
        messageJids = "SELECT DISTINCT remote_jid FROM " + messages + tables.sessionWhere();
        // A join on a VALUES list, in this order: both SQLite and PostgreSQL then probe the
        // primary key once per key (a row-value IN scans the whole table in SQLite). In the shared
        // layout a one-row derived table carries the session first, so its parameter leads too.
        loadMessagesPrefix = "SELECT m.remote_jid, m.id, m.from_me, m.data FROM "
                + (tables.shared() ? "(SELECT CAST(? AS TEXT) AS session) z CROSS JOIN " : "") + "(VALUES ";
        loadMessagesSuffix = ") k CROSS JOIN " + messages + " m WHERE " + (tables.shared() ? "m.session = z.session AND " : "")
                + "m.remote_jid = k.column1 AND m.id = k.column2 AND m.from_me = k.column3";
        String id = dialect.bytewise("id");
        order = " ORDER BY timestamp DESC, " + id + " DESC, from_me DESC";
        String page = "SELECT data, id, from_me FROM " + messages + " WHERE " + and + "remote_jid = ?";
        pageFirst = page + order + " LIMIT ?";
        pageBefore = page + " AND timestamp < ?" + order + " LIMIT ?";
        pageAfter = page + " AND (timestamp, " + id + ", from_me) < (?, ?, ?)" + order + " LIMIT ?";
        String jobs = tables.q("jobs");
        upsertJob = "INSERT INTO " + jobs + " (" + col + "id, fire_at, data) VALUES (" + param + "?, ?, "
                + dialect.dataParam("jobs") + ") ON CONFLICT (" + col + "id) DO UPDATE SET fire_at = excluded.fire_at, "
                + "data = excluded.data" + dialect.extraUpsertSet("jobs");
        swapJob = "UPDATE " + jobs + " SET fire_at = ?, data = " + dialect.dataParam("jobs")
                + " WHERE " + and + "id = ? AND data = " + dialect.dataParam("jobs");
        selectJobs = "SELECT data FROM " + jobs + tables.sessionWhere();
        selectDueJobs = "SELECT data FROM " + jobs + " WHERE " + and + "fire_at <= ?";
        selectJob = "SELECT data FROM " + jobs + " WHERE " + and + "id = ?";
        deleteJob = "DELETE FROM " + jobs + " WHERE " + and + "id = ?";
    }

    @Override
    public final int schemaVersion() {
        ensureOpen();
        return scope.schemaVersion();
    }

    /** Opens the database now (normally done by the first call): fails fast on a bad path or schema. */
    public final void open() {
        ensureOpen();
        scope.db();
    }

    private static String table(DocKind kind) {
        return switch (kind) {
            case CHAT -> "chats";
            case CONTACT -> "contacts";
            case PRESENCE -> "presence";
        };
    }

    /** A point read is one prepared primary-key lookup: the batch path's VALUES join is built per call. */
    @Override
    protected final Optional<dev.zaileys.model.WAMessage> loadMessage(MessageKey key) {
        if (scope.missing("messages")) {
            return Optional.empty();
        }
        byte[] data = scope.read(s -> {
            PreparedStatement ps = s.prepare(selectMessage);
            bindKey(ps, tables.bindSession(ps, 1), key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? dialect.readData(rs, 1, "messages") : null;
            }
        });
        return Optional.ofNullable(data).map(d -> decodeMessage(key.remoteJid(), key.id(), key.fromMe(), d));
    }

    private static int bindKey(PreparedStatement ps, int index, MessageKey k) throws SQLException {
        ps.setString(index, k.remoteJid());
        ps.setString(index + 1, k.id());
        ps.setBoolean(index + 2, k.fromMe());
        return index + 3;
    }

    @Override
    protected final Map<MessageKey, byte[]> loadMessages(Collection<MessageKey> keys) {
        if (keys.isEmpty() || scope.missing("messages")) {
            return Map.of();
        }
        return scope.read(s -> loadMessages(s, keys));
    }

    private Map<MessageKey, byte[]> loadMessages(SqlSession s, Collection<MessageKey> keys) throws SQLException {
        Map<MessageKey, byte[]> out = new HashMap<>();
        scope.inChunks(new ArrayList<>(keys), loadMessagesPrefix, "(?, ?, ?)", loadMessagesSuffix, s,
                JdbcMessageStore::bindKey,
                ps -> {
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.put(MessageKey.of(rs.getString(1), rs.getBoolean(3), rs.getString(2)),
                                    dialect.readData(rs, 4, "messages"));
                        }
                    }
                });
        return out;
    }

    @Override
    protected final List<PageRow> loadPage(String jid, ListOptions options) {
        if (scope.missing("messages")) {
            return List.of();
        }
        return scope.read(s -> {
            PreparedStatement ps;
            int i;
            if (options.before() != null) {
                ps = s.prepare(pageBefore);
                i = tables.bindSession(ps, 1);
                ps.setString(i++, jid);
                ps.setLong(i++, options.before());
            } else if (options.after() != null) {
                MessageCursor c = options.after();
                ps = s.prepare(pageAfter);
                i = tables.bindSession(ps, 1);
                ps.setString(i++, jid);
                ps.setLong(i++, c.timestamp());
                ps.setString(i++, c.id());
                ps.setBoolean(i++, c.fromMe());
            } else {
                ps = s.prepare(pageFirst);
                i = tables.bindSession(ps, 1);
                ps.setString(i++, jid);
            }
            ps.setInt(i, options.limit());
            List<PageRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PageRow(rs.getString(2), rs.getBoolean(3), dialect.readData(rs, 1, "messages")));
                }
            }
            return out;
        });
    }

    @Override
    protected final Map<String, byte[]> loadDocs(DocKind kind, Collection<String> ids) {
        if (ids.isEmpty() || scope.missing(table(kind))) {
            return Map.of();
        }
        return scope.read(s -> loadDocs(s, kind, ids));
    }

    private Map<String, byte[]> loadDocs(SqlSession s, DocKind kind, Collection<String> ids) throws SQLException {
        String base = table(kind);
        Map<String, byte[]> out = new HashMap<>();
        scope.inChunks(new ArrayList<>(ids), "SELECT jid, data FROM " + scope.q(base) + " WHERE " + tables.sessionAnd()
                + "jid IN (", "?", ")", s,
                (ps, index, id) -> {
                    ps.setString(index, id);
                    return index + 1;
                },
                ps -> readDocs(ps, base, out));
        return out;
    }

    @Override
    protected final Map<String, byte[]> loadAllDocs(DocKind kind, Boolean archived) {
        String base = table(kind);
        if (scope.missing(base)) {
            return Map.of();
        }
        return scope.read(s -> {
            String sql = "SELECT jid, data FROM " + scope.q(base) + (archived != null
                    ? " WHERE " + tables.sessionAnd() + "archived = ?" : tables.sessionWhere());
            PreparedStatement ps = s.prepare(sql);
            int i = tables.bindSession(ps, 1);
            if (archived != null) {
                ps.setBoolean(i, archived);
            }
            Map<String, byte[]> out = new HashMap<>();
            readDocs(ps, base, out);
            return out;
        });
    }

    /** Rows {@code (jid, data)} of the table of {@code base} into {@code out}. */
    private void readDocs(PreparedStatement ps, String base, Map<String, byte[]> out) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), dialect.readData(rs, 2, base));
            }
        }
    }

    @Override
    protected final Collection<String> loadMessageJids() {
        if (scope.missing("messages")) {
            return List.of();
        }
        return scope.read(s -> {
            List<String> out = new ArrayList<>();
            PreparedStatement ps = s.prepare(messageJids);
            tables.bindSession(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /**
     * The read, the merge and the write in one write transaction. SQLite's {@code BEGIN IMMEDIATE}
     * holds the file's write lock from the start; PostgreSQL takes the dialect's merge lock first,
     * since row locks cannot cover keys that do not exist yet (two inserts of one new message would
     * both read "absent"). Either way the read sees every merge committed before, and none can
     * commit until this one has.
     *
     * <p>A batch of plain saves (live traffic, which rarely finds its messages stored) is first
     * written as if none of its messages were stored, by {@link #insertAbsent}; only the messages
     * that were stored after all go through the read and merge. A plain save's result depends on
     * its own key's stored value alone, so the messages the bet inserted are final and the rest
     * merge without them.
     */
    @Override
    protected final void mergeAndCommit(ReadSet reads, Function<Snapshot, WriteBatch> merge) {
        if (reads.savesOnly()) {
            WriteBatch bet = merge.apply(NOTHING_STORED);
            if (onlyMessages(bet)) {
                // Auto-commit only when the insert is one statement: a batch is one transaction
                // (DESIGN: bound writes commit a batch at once), never chunks committed apart.
                SqlWork<Set<MessageKey>> insert = s -> insertAbsent(s, bet.messages());
                Set<MessageKey> notInserted = bet.messages().size() <= rowsPerStatement()
                        ? scope.writeStatement(insert) : scope.write(insert);
                if (notInserted.isEmpty()) {
                    return;
                }
                // The last run of `merge` is the one whose answers count: the inserted keys are
                // absent from its snapshot, so they come out NEW, as they were; their rows are not written again.
                mergeLocked(reads, merge, notInserted);
                return;
            }
        }
        mergeLocked(reads, merge, null);
    }

    /** The locked read, merge and write; {@code only}, when set, limits the messages read and written. */
    private void mergeLocked(ReadSet reads, Function<Snapshot, WriteBatch> merge, Set<MessageKey> only) {
        scope.write(s -> {
            dialect.lockForMerge(s, scope.tables);
            Snapshot stored = snapshot(reads, keys -> loadMessages(s, only == null ? keys : only),
                    (kind, ids) -> loadDocs(s, kind, ids));
            WriteBatch batch = merge.apply(stored);
            commit(s, batch, only == null ? batch.messages()
                    : batch.messages().stream().filter(r -> only.contains(r.key())).toList());
            return null;
        });
    }

    private static boolean onlyMessages(WriteBatch b) {
        return !b.messages().isEmpty() && b.clearedChats().isEmpty() && b.deletedMessages().isEmpty()
                && b.deletedDocs().values().stream().allMatch(List::isEmpty) && b.docs().isEmpty();
    }

    /** The most rows {@link #insertAbsent} writes in one statement; more run in one transaction. */
    protected int rowsPerStatement() {
        return Integer.MAX_VALUE;
    }

    /**
     * Inserts the rows whose keys are not stored, leaves the others untouched, and returns the keys
     * it did not insert; atomic (one statement where the backend can, which then runs in
     * auto-commit), under the merge lock of {@link SqlDialect#lockForMerge}, so no merge that read
     * one of these keys as absent can still write it. Keys are distinct. Here a batched
     * {@code INSERT ... DO NOTHING}, whose counts tell which rows went in.
     */
    protected Set<MessageKey> insertAbsent(SqlSession s, List<MessageRow> rows) throws SQLException {
        dialect.lockForMerge(s, scope.tables);
        PreparedStatement ps = s.prepare(insertMessage);
        for (MessageRow row : rows) {
            bindMessage(ps, row);
            ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        Set<MessageKey> notInserted = new HashSet<>();
        for (int k = 0; k < rows.size(); k++) {
            if (counts[k] < 0) {
                // Without a count a stored message would look new and its merge be skipped.
                throw new SQLException("the driver did not count the rows of a batched insert");
            }
            if (counts[k] == 0) {
                notInserted.add(rows.get(k).key());
            }
        }
        return notInserted;
    }

    /** Writes {@code batch}, with {@code messages} as its messages. */
    private void commit(SqlSession s, WriteBatch batch, List<MessageRow> messages) throws SQLException {
        if (!batch.clearedChats().isEmpty()) {
            PreparedStatement ps = s.prepare(deleteChat);
            for (String jid : batch.clearedChats()) {
                ps.setString(tables.bindSession(ps, 1), jid);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        if (!batch.deletedMessages().isEmpty()) {
            PreparedStatement ps = s.prepare(deleteMessage);
            for (MessageKey k : batch.deletedMessages()) {
                bindKey(ps, tables.bindSession(ps, 1), k);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        if (!messages.isEmpty()) {
            upsertMessages(s, messages);
        }
        for (Map.Entry<DocKind, List<String>> e : batch.deletedDocs().entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            PreparedStatement ps = s.prepare("DELETE FROM " + scope.q(table(e.getKey())) + " WHERE " + tables.sessionAnd()
                    + "jid = ?");
            for (String id : e.getValue()) {
                ps.setString(tables.bindSession(ps, 1), id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        Map<DocKind, PreparedStatement> upserts = new HashMap<>();
        for (DocRow row : batch.docs()) {
            String base = table(row.kind());
            PreparedStatement ps = upserts.get(row.kind());
            if (ps == null) {
                String col = tables.sessionColumn();
                String param = tables.sessionParam();
                ps = s.prepare(row.kind() == DocKind.CHAT
                        ? "INSERT INTO " + scope.q(base) + " (" + col + "jid, archived, data) VALUES (" + param + "?, ?, "
                                + dialect.dataParam(base) + ") ON CONFLICT (" + col + "jid) DO UPDATE SET archived = "
                                + "excluded.archived, data = excluded.data" + dialect.extraUpsertSet(base)
                        : "INSERT INTO " + scope.q(base) + " (" + col + "jid, data) VALUES (" + param + "?, "
                                + dialect.dataParam(base) + ") ON CONFLICT (" + col + "jid) DO UPDATE SET data = excluded.data"
                                + dialect.extraUpsertSet(base));
                upserts.put(row.kind(), ps);
            }
            int i = tables.bindSession(ps, 1);
            ps.setString(i++, row.id());
            if (row.kind() == DocKind.CHAT) {
                ps.setBoolean(i++, row.archived());
            }
            dialect.bindData(ps, i, base, row.data());
            ps.addBatch();
        }
        for (PreparedStatement ps : upserts.values()) {
            ps.executeBatch();
        }
    }

    /**
     * Upserts the messages of one commit, inside its transaction; keys are distinct. A batched
     * prepared statement here; a backend with a multi-row form overrides it so a batch is one
     * statement.
     */
    protected void upsertMessages(SqlSession s, List<MessageRow> rows) throws SQLException {
        PreparedStatement ps = s.prepare(upsertMessage);
        for (MessageRow row : rows) {
            bindMessage(ps, row);
            ps.addBatch();
        }
        ps.executeBatch();
    }

    private void bindMessage(PreparedStatement ps, MessageRow row) throws SQLException {
        int i = tables.bindSession(ps, 1);
        ps.setString(i, row.key().remoteJid());
        ps.setString(i + 1, row.key().id());
        ps.setBoolean(i + 2, row.key().fromMe());
        ps.setLong(i + 3, row.timestamp());
        dialect.bindData(ps, i + 4, "messages", row.data());
    }

    @Override
    protected final int prune(PruneOptions options) {
        return scope.write(s -> {
            // Parameters in text order: the session and chat of the outer statement, the age
            // limit, then the session and chat of the ranking subquery and the count limit.
            List<Object> params = new ArrayList<>();
            String chat = options.jid() != null ? "remote_jid = ? AND " : "";
            addScope(params, options);
            List<String> where = new ArrayList<>();
            if (options.olderThan() != null) {
                where.add("timestamp < ?");
                params.add(options.olderThan());
            }
            if (options.maxPerChat() != null) {
                String inner = tables.sessionAnd() + chat;
                where.add("(remote_jid, id, from_me) IN (SELECT remote_jid, id, from_me FROM (SELECT remote_jid, id, from_me, "
                        + "ROW_NUMBER() OVER (PARTITION BY remote_jid" + order + ") AS rn FROM " + messages
                        + (inner.isEmpty() ? "" : " WHERE " + inner.substring(0, inner.length() - " AND ".length()))
                        + ") ranked WHERE rn > ?)");
                addScope(params, options);
                params.add((long) options.maxPerChat());
            }
            String sql = "DELETE FROM " + messages + " WHERE " + tables.sessionAnd() + chat
                    + "(" + String.join(" OR ", where) + ")";
            PreparedStatement ps = s.prepare(sql);
            for (int i = 0; i < params.size(); i++) {
                Object p = params.get(i);
                if (p instanceof Long l) {
                    ps.setLong(i + 1, l);
                } else {
                    ps.setString(i + 1, (String) p);
                }
            }
            return ps.executeUpdate();
        });
    }

    /** The session (shared layout) and the chat filter (when set) of a prune, as parameters. */
    private void addScope(List<Object> params, PruneOptions options) {
        if (tables.shared()) {
            params.add(tables.scope());
        }
        if (options.jid() != null) {
            params.add(options.jid());
        }
    }

    @Override
    protected final List<byte[]> loadJobs() {
        if (scope.missing("jobs")) {
            return List.of();
        }
        return scope.read(s -> {
            List<byte[]> out = new ArrayList<>();
            PreparedStatement ps = s.prepare(selectJobs);
            tables.bindSession(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(dialect.readData(rs, 1, "jobs"));
                }
            }
            return out;
        });
    }

    @Override
    protected final List<byte[]> loadDueJobs(long fireAtMillis) {
        if (scope.missing("jobs")) {
            return List.of();
        }
        return scope.read(s -> {
            List<byte[]> out = new ArrayList<>();
            PreparedStatement ps = s.prepare(selectDueJobs);
            ps.setLong(tables.bindSession(ps, 1), fireAtMillis);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(dialect.readData(rs, 1, "jobs"));
                }
            }
            return out;
        });
    }

    @Override
    protected final Optional<byte[]> loadJob(String id) {
        if (scope.missing("jobs")) {
            return Optional.empty();
        }
        return scope.read(s -> {
            PreparedStatement ps = s.prepare(selectJob);
            ps.setString(tables.bindSession(ps, 1), id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(dialect.readData(rs, 1, "jobs")) : Optional.<byte[]>empty();
            }
        });
    }

    @Override
    protected final void storeJob(String id, long fireAt, byte[] data) {
        scope.write(s -> {
            PreparedStatement ps = s.prepare(upsertJob);
            int i = tables.bindSession(ps, 1);
            ps.setString(i, id);
            ps.setLong(i + 1, fireAt);
            dialect.bindData(ps, i + 2, "jobs", data);
            return ps.executeUpdate();
        });
    }

    @Override
    protected final boolean removeJob(String id) {
        return scope.write(s -> {
            PreparedStatement ps = s.prepare(deleteJob);
            ps.setString(tables.bindSession(ps, 1), id);
            return ps.executeUpdate() > 0;
        });
    }

    @Override
    protected final boolean swapJob(String id, byte[] expected, long fireAt, byte[] replacement) {
        return scope.write(s -> {
            PreparedStatement ps = s.prepare(swapJob);
            ps.setLong(1, fireAt);
            dialect.bindData(ps, 2, "jobs", replacement);
            int i = tables.bindSession(ps, 3);
            ps.setString(i, id);
            dialect.bindData(ps, i + 1, "jobs", expected);
            return ps.executeUpdate() > 0;
        });
    }

    @Override
    protected final void removeAll() {
        scope.deleteAll("messages", "chats", "contacts", "presence", "jobs");
    }

    @Override
    protected final void release() {
        scope.release();
    }

    @Override
    protected String messageName(String jid, String id, boolean fromMe) {
        return super.messageName(jid, id, fromMe) + " (a row of " + scope.tables.name("messages")
                + (tables.shared() ? ", session " + tables.scope() : "") + ")";
    }

    @Override
    protected String recordName(DocKind kind, String id) {
        return "row " + id + " of " + scope.tables.name(kind == null ? "messages" : table(kind))
                + JdbcAuthStore.sessionNote(tables);
    }
}
