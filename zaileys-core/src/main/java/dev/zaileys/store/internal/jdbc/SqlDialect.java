package dev.zaileys.store.internal.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What differs between SQL backends, kept to the few points the shared queries need. Internal.
 * The upsert form ({@code INSERT ... ON CONFLICT (...) DO UPDATE SET c = excluded.c}) and row
 * values ({@code (a, b) IN (VALUES (?, ?), ...)}) are common to SQLite and PostgreSQL.
 */
public abstract class SqlDialect {

    /** The folder of the migration files: {@code dev/zaileys/store/sql/<name>/}. */
    public abstract String name();

    /** The default session's table name of a base name (see {@link JdbcTables#BASE_NAMES}). */
    public abstract String defaultTableName(String base);

    /** A query with one parameter, the unquoted table name, returning a row when it exists. */
    public abstract String tableExistsQuery();

    /** Whether the {@code data} column of {@code base} holds JSON text (jsonb) rather than bytes. */
    public boolean jsonColumn(String base) {
        return false;
    }

    /** The placeholder of a {@code data} value of {@code base} ({@code ?}, or a cast). */
    public String dataParam(String base) {
        return "?";
    }

    /** Binds an encoded document to the {@code data} column of {@code base}. */
    public void bindData(PreparedStatement ps, int index, String base, byte[] data) throws SQLException {
        if (jsonColumn(base)) {
            ps.setString(index, new String(data, StandardCharsets.UTF_8));
        } else {
            ps.setBytes(index, data);
        }
    }

    /** Reads a {@code data} column of {@code base} back to encoded bytes. */
    public byte[] readData(ResultSet rs, int index, String base) throws SQLException {
        if (jsonColumn(base)) {
            String s = rs.getString(index);
            return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
        }
        return rs.getBytes(index);
    }

    /** Extra assignments of an upsert of {@code base}, after the data columns (e.g. {@code , updated_at = now()}). */
    public String extraUpsertSet(String base) {
        return "";
    }

    /**
     * A text column as it should sort and compare: bytewise, whatever the database's collation
     * (so every backend pages in the same order). SQLite's default collation already is.
     */
    public String bytewise(String column) {
        return column;
    }

    /**
     * Runs first in the migration transaction, before the version table is looked at: a backend
     * whose processes may migrate one database at once takes its lock here, so one migrates and
     * the others wait, then find nothing left to do.
     */
    public void lockForMigration(SqlSession session) throws SQLException {}

    /**
     * Runs first in a merge's write transaction, before anything is read: a backend whose write
     * transactions do not already exclude each other (SQLite's {@code BEGIN IMMEDIATE} does) locks
     * the session's history here, so a merge reads only what no other merge can still change.
     */
    public void lockForMerge(SqlSession session, JdbcTables tables) throws SQLException {}

    /**
     * The database's clock in epoch milliseconds, as an SQL expression: leases expire by one
     * clock, whatever the clocks of the processes sharing the database say.
     */
    public String nowMillis() {
        return "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
    }

    /**
     * What follows the fencing check's {@code SELECT} of the lease row inside a write
     * transaction, so a concurrent takeover waits for the write or the write sees the takeover
     * (SQLite's {@code BEGIN IMMEDIATE} already excludes every other writer).
     */
    public String lockSharedSuffix() {
        return "";
    }

    /** How many keys one {@code IN (VALUES ...)} query holds at most. */
    public int maxInList() {
        return 250;
    }
}
