package dev.zaileys.store.postgres;

import dev.zaileys.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** One fresh database per test JVM for the contract suites, each store in a session of its own. */
final class PgTesting {

    private static final AtomicInteger SESSIONS = new AtomicInteger();
    private static volatile String url;

    private PgTesting() {}

    static TestPostgres server() {
        return TestPostgres.shared();
    }

    /** {@code postgres://} URL of this JVM's contract database. */
    static synchronized String url() {
        if (url == null) {
            url = server().createDatabase();
        }
        return url;
    }

    static DataSource dataSource() {
        return server().dataSource(TestPostgres.databaseOf(url()));
    }

    /** A session name not used before in this JVM. */
    static String newSession(String prefix) {
        return prefix + "-" + SESSIONS.incrementAndGet();
    }

    /** The quoted table of {@code base} of {@code session}. */
    static String table(String session, String base) {
        return new PostgresOptions(null, null, 1, session).tables().q(base);
    }

    static int exec(DataSource ds, String sql, Object... params) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
