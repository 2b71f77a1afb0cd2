package dev.zaileys.store.postgres;

import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.store.internal.jdbc.JdbcConnections;
import dev.zaileys.store.internal.jdbc.SqlSession;
import dev.zaileys.store.internal.jdbc.SqlWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Connections of one store from a DataSource: a pooled one per call, returned right after, so a
 * connection broken by a server restart is dropped by the pool and the next call gets a fresh
 * one. Errors come out typed, connection failures as {@code STORE_CONNECTION_FAILED}.
 */
final class PostgresConnections implements JdbcConnections {

    private final DataSource dataSource;
    private final String where;
    private final String secret;
    private final Runnable onClose;
    private final ReentrantLock writes = new ReentrantLock();

    /**
     * @param where   the masked address, for messages
     * @param secret  the password, to scrub from driver messages (null when unknown)
     * @param onClose gives an owned pool back; a no-op for the caller's DataSource
     */
    PostgresConnections(DataSource dataSource, String where, String secret, Runnable onClose) {
        this.dataSource = dataSource;
        this.where = where;
        this.secret = secret;
        this.onClose = onClose;
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        return autoCommitted(work, Code.STORE_READ_FAILED, "read");
    }

    @Override
    public <T> T write(SqlWork<T> work) {
        writes.lock();
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try {
                T out = run(c, work);
                c.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                restoreAutoCommit(c);
            }
        } catch (SQLException | RuntimeException e) {
            throw PgErrors.map(e, Code.STORE_WRITE_FAILED, "write", where, secret);
        } finally {
            writes.unlock();
        }
    }

    /** Auto-commit: the statement is its own transaction, committed by the server as it ends. */
    @Override
    public <T> T writeStatement(SqlWork<T> work) {
        writes.lock();
        try {
            return autoCommitted(work, Code.STORE_WRITE_FAILED, "write");
        } finally {
            writes.unlock();
        }
    }

    private <T> T autoCommitted(SqlWork<T> work, Code failure, String what) {
        try (Connection c = connect()) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            return run(c, work);
        } catch (SQLException | RuntimeException e) {
            throw PgErrors.map(e, failure, what, where, secret);
        }
    }

    private Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    private static <T> T run(Connection c, SqlWork<T> work) throws SQLException {
        SqlSession s = new SqlSession(c, null);
        try {
            return work.run(s);
        } finally {
            s.end();
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; the server rolls the transaction back when it notices.
        }
    }

    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // A broken connection: the pool evicts it.
        }
    }

    @Override
    public boolean readonly() {
        return false;
    }

    @Override
    public String describe() {
        return where;
    }

    @Override
    public void close() {
        onClose.run();
    }
}
