package dev.zaileys.store.internal.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A connection lent to one {@link SqlWork}, with its prepared statements: kept across works when
 * the backend holds the connection for long (SQLite), closed after the work otherwise. Internal.
 */
public final class SqlSession {

    private final Connection connection;
    private final Map<String, PreparedStatement> cache;
    private final List<PreparedStatement> opened = new ArrayList<>();

    /** @param cache statements kept for this connection, or null to close them after the work */
    public SqlSession(Connection connection, Map<String, PreparedStatement> cache) {
        this.connection = connection;
        this.cache = cache;
    }

    public Connection connection() {
        return connection;
    }

    /** A prepared statement of {@code sql}, parameters cleared. */
    public PreparedStatement prepare(String sql) throws SQLException {
        if (cache == null) {
            PreparedStatement ps = connection.prepareStatement(sql);
            opened.add(ps);
            return ps;
        }
        PreparedStatement ps = cache.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            cache.put(sql, ps);
        } else {
            ps.clearParameters();
        }
        return ps;
    }

    /** Closes the statements that are not cached. */
    public void end() {
        for (PreparedStatement ps : opened) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // The connection goes back to its pool or is closed; nothing to recover.
            }
        }
        opened.clear();
    }
}
