package dev.zaileys.store.postgres;

import dev.zaileys.store.internal.jdbc.JdbcTables;
import dev.zaileys.store.internal.jdbc.SqlDialect;
import dev.zaileys.store.internal.jdbc.SqlSession;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/** PostgreSQL: the Node original's {@code zaileys_*} tables, jsonb documents, bytea Signal values and jobs. */
final class PostgresDialect extends SqlDialect {

    static final PostgresDialect INSTANCE = new PostgresDialect();

    /**
     * The advisory lock that serializes schema changes across processes: whoever takes it
     * migrates, the others wait and then find nothing left to do.
     */
    static final long SCHEMA_LOCK = 0x7a61696c657973L; // "zaileys"

    private static final Set<String> JSONB = Set.of("auth_creds", "messages", "chats", "contacts", "presence");

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String defaultTableName(String base) {
        return base.equals("messages_by_jid_ts") ? "zaileys_messages_jid_ts_idx" : "zaileys_" + base;
    }

    @Override
    public String tableExistsQuery() {
        // Resolved through search_path, like the unqualified names of every other query. A scan
        // of pg_class, not to_regclass: to_regclass reads the backend's catalog cache, which a
        // pooled connection that only waited on the (advisory) schema lock has not refreshed, so
        // it missed a table another process had just created and the migration failed on
        // "already exists". Reading pg_class locks it, which brings the cache up to date.
        return "SELECT 1 FROM pg_catalog.pg_class c WHERE c.relname = ? AND pg_catalog.pg_table_is_visible(c.oid)";
    }

    @Override
    public boolean jsonColumn(String base) {
        return JSONB.contains(base);
    }

    @Override
    public String dataParam(String base) {
        return jsonColumn(base) ? "?::jsonb" : "?";
    }

    @Override
    public String extraUpsertSet(String base) {
        return base.equals("presence") ? ", updated_at = now()" : "";
    }

    @Override
    public String bytewise(String column) {
        return column + " COLLATE \"C\"";
    }

    @Override
    public String nowMillis() {
        return "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
    }

    @Override
    public String lockSharedSuffix() {
        return " FOR SHARE";
    }

    @Override
    public void lockForMigration(SqlSession session) throws SQLException {
        lockSchema(session.connection());
    }

    /** The first key of the merge locks, so they never meet the schema lock or a user's one-key locks. */
    static final int MERGE_LOCK_CLASS = 0x7a6d6572; // "zmer"

    /**
     * One transaction-scoped advisory lock per session's history, keyed by the messages table's
     * name and, in the shared layout, the session: merges of one session queue here (row locks cannot cover rows that do not exist yet),
     * merges of other sessions do not. A W1b batch takes it once.
     */
    @Override
    public void lockForMerge(SqlSession session, JdbcTables tables) throws SQLException {
        PreparedStatement ps = session.prepare("SELECT pg_advisory_xact_lock(?, hashtext(?))");
        ps.setInt(1, MERGE_LOCK_CLASS);
        ps.setString(2, tables.historyLockName());
        ps.execute();
    }

    /** Takes the schema lock for the rest of the current transaction. */
    static void lockSchema(java.sql.Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
        }
    }
}
