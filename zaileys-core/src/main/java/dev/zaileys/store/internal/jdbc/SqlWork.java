package dev.zaileys.store.internal.jdbc;

import java.sql.SQLException;

/** A unit of work on one connection. Internal. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(SqlSession session) throws SQLException;
}
