package dev.zaileys.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.SessionCatalog;
import dev.zaileys.store.postgres.PostgresAuthStore;
import dev.zaileys.store.postgres.PostgresMessageStore;
import dev.zaileys.store.postgres.PostgresSessions;
import dev.zaileys.store.redis.RedisAuthStore;
import dev.zaileys.store.redis.RedisMessageStore;
import dev.zaileys.store.redis.RedisSessions;
import dev.zaileys.store.sqlite.SqliteAuthStore;
import dev.zaileys.store.sqlite.SqliteMessageStore;
import dev.zaileys.store.sqlite.SqliteSessions;
import dev.zaileys.testing.TestPostgres;
import dev.zaileys.testing.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The backends of {@link SessionsBench}: every store of a run on one shared pool. The per-session
 * layout's sessions are made from a copy of its DDL ({@code legacy-<dialect>-V001.sql}, the V001
 * that each named session's first store ran for its own {@code zaileys_s_<name>__*} tables), in a
 * schema (PostgreSQL) or a file (SQLite) of their own, so the shared layout never sees them.
 */
final class SessionsBackends {

    private static final List<String> TABLES = List.of("auth_creds", "auth_signal", "messages", "messages_by_jid_ts",
            "chats", "contacts", "presence", "jobs");

    private SessionsBackends() {}

    /**
     * The embedded servers are test artifacts: the bench module's class path has them, the CLI
     * jar does not. Without them, say so instead of failing with a NoClassDefFoundError.
     */
    private static void requireOnClassPath(String uri, String serverClass) {
        try {
            Class.forName(serverClass, false, SessionsBackends.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(uri + " needs the embedded server on the class path, which the zaileys "
                    + "jar does not carry: give a running server (postgres://user:password@host/db, redis://host:6379), "
                    + "or run SessionsBackends from the zaileys-bench module (README, Benchmarks)");
        }
    }

    static SessionsBench.Backend open(String uri, int threads) {
        if (uri.equals("postgres:embedded")) {
            requireOnClassPath(uri, "io.zonky.test.db.postgres.embedded.EmbeddedPostgres");
            TestPostgres server = TestPostgres.startDedicated();
            String db = TestPostgres.databaseOf(server.createDatabase());
            return postgres("embedded PostgreSQL", server.jdbcUrl(db), server.user(), server.password(), threads, server::close);
        }
        if (uri.equals("redis:embedded")) {
            requireOnClassPath(uri, "redis.embedded.core.ExecutableProvider");
            TestRedis server = TestRedis.startDedicated(false);
            return redis("embedded Redis", server.url(), server::close);
        }
        if (uri.startsWith("postgres://") || uri.startsWith("postgresql://")) {
            JdbcRaw.Postgres target = JdbcRaw.postgres(uri);
            return postgres("PostgreSQL " + target.host(), target.jdbcUrl(), target.user(), target.password(), threads, () -> {});
        }
        if (uri.startsWith("redis://") || uri.startsWith("rediss://")) {
            return redis("Redis", uri, () -> {});
        }
        if (uri.startsWith("sqlite:")) {
            return sqlite(Path.of(uri.substring("sqlite:".length())));
        }
        throw new IllegalArgumentException("bench --sessions takes sqlite:FILE, postgres://..., redis://..., "
                + "postgres:embedded or redis:embedded; got " + uri.replaceAll(":[^:@/]*@", ":***@"));
    }

    static String legacyDdl(String dialect) {
        try (InputStream in = SessionsBackends.class.getResourceAsStream("legacy-" + dialect + "-V001.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The per-session layout's V001 for {@code session}: its statements, table names filled in. */
    static List<String> legacyStatements(String dialect, String session) {
        String sql = legacyDdl(dialect);
        for (String base : TABLES) {
            sql = sql.replace("${" + base + "}", "\"zaileys_s_" + session + "__" + base + "\"");
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (line.strip().startsWith("--") || line.isBlank()) {
                continue;
            }
            current.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                out.add(current.toString().strip().replaceAll(";$", ""));
                current.setLength(0);
            }
        }
        return out;
    }

    private static void runLegacy(Connection c, String dialect, String session) throws SQLException {
        JdbcRaw.inTransaction(c, () -> {
            try (Statement st = c.createStatement()) {
                for (String sql : legacyStatements(dialect, session)) {
                    st.execute(sql);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO zaileys_schema_version (scope, version, compat, "
                    + "applied_at) VALUES (?, 1, 1, ?)")) {
                ps.setString(1, session);
                ps.setLong(2, System.currentTimeMillis());
                ps.executeUpdate();
            }
        });
    }

    private static final String VERSION_DDL = "CREATE TABLE IF NOT EXISTS zaileys_schema_version (scope TEXT NOT NULL, "
            + "version INTEGER NOT NULL, compat INTEGER NOT NULL, applied_at BIGINT NOT NULL, PRIMARY KEY (scope, version))";

    // ------------------------------------------------------------------ PostgreSQL

    private static SessionsBench.Backend postgres(String label, String jdbcUrl, String user, String password, int threads,
                                                  Runnable stop) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(jdbcUrl);
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setMaximumPoolSize(threads + 2);
        cfg.setPoolName("zaileys-bench-sessions");
        HikariDataSource pool = new HikariDataSource(cfg);
        String legacySchema = "zaileys_bench_legacy";
        return new SessionsBench.Backend() {
            @Override
            public String label() {
                return label + ", one HikariCP pool of " + (threads + 2);
            }

            @Override
            public AuthStoreBundle auth(String session) {
                return PostgresAuthStore.builder().pool(pool).session(session).build();
            }

            @Override
            public MessageStore messages(String session) {
                return PostgresMessageStore.builder().pool(pool).session(session).build();
            }

            @Override
            public SessionCatalog catalog() {
                return PostgresSessions.of(pool);
            }

            @Override
            public long bytes() {
                return query(pool, "SELECT pg_database_size(current_database())");
            }

            @Override
            public boolean hasLegacy() {
                return true;
            }

            @Override
            public void legacyOpen(String session) {
                try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                    st.execute("SET search_path TO " + legacySchema);
                    try {
                        st.execute("SELECT pg_advisory_lock(7)"); // the old migration's schema lock: one at a time
                        runLegacy(c, "postgres", session);
                    } finally {
                        st.execute("SELECT pg_advisory_unlock(7)");
                        st.execute("RESET search_path");
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public long legacyBytes() {
                exec(pool, "CREATE SCHEMA IF NOT EXISTS " + legacySchema);
                exec(pool, "CREATE TABLE IF NOT EXISTS " + legacySchema + "." + VERSION_DDL.substring(
                        "CREATE TABLE IF NOT EXISTS ".length()));
                return bytes();
            }

            @Override
            public void legacyCleanup() {
                exec(pool, "DROP SCHEMA " + legacySchema + " CASCADE");
            }

            @Override
            public void close() {
                pool.close();
                stop.run();
            }
        };
    }

    private static long query(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void exec(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ Redis

    private static SessionsBench.Backend redis(String label, String url, Runnable stop) {
        RedisClient client = RedisClient.create(url);
        StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8);
        return new SessionsBench.Backend() {
            @Override
            public String label() {
                return label + ", one shared Lettuce connection";
            }

            @Override
            public AuthStoreBundle auth(String session) {
                return RedisAuthStore.builder().client(connection).namespace(session).build();
            }

            @Override
            public MessageStore messages(String session) {
                return RedisMessageStore.builder().client(connection).namespace(session).build();
            }

            @Override
            public SessionCatalog catalog() {
                return RedisSessions.of(connection);
            }

            @Override
            public long bytes() {
                String info = connection.sync().info("memory");
                for (String line : info.split("\r?\n")) {
                    if (line.startsWith("used_memory:")) {
                        return Long.parseLong(line.substring("used_memory:".length()).strip());
                    }
                }
                throw new IllegalStateException("INFO memory has no used_memory");
            }

            @Override
            public void close() {
                connection.close();
                client.shutdown();
                stop.run();
            }
        };
    }

    // ------------------------------------------------------------------ SQLite

    private static SessionsBench.Backend sqlite(Path file) {
        Path legacy = file.resolveSibling(file.getFileName() + ".per-session-layout.db");
        return new SessionsBench.Backend() {
            private Connection legacyConnection;

            @Override
            public String label() {
                return "SQLite " + file + ", one file";
            }

            @Override
            public AuthStoreBundle auth(String session) {
                return SqliteAuthStore.builder().database(file.toString()).session(session).build();
            }

            @Override
            public MessageStore messages(String session) {
                return SqliteMessageStore.builder().database(file.toString()).session(session).build();
            }

            @Override
            public SessionCatalog catalog() {
                return SqliteSessions.of(file.toString());
            }

            @Override
            public long bytes() {
                return size(file);
            }

            private long size(Path db) {
                if (!Files.exists(db)) {
                    return 0;
                }
                // Folds the WAL into the file first, so the size is the database's, not its log's.
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
                    st.execute("PRAGMA busy_timeout = 10000");
                    st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                    return Files.size(db);
                } catch (SQLException | IOException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public boolean hasLegacy() {
                return true;
            }

            @Override
            public synchronized void legacyOpen(String session) {
                try {
                    runLegacy(legacyConnection, "sqlite", session);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public synchronized long legacyBytes() {
                try {
                    if (legacyConnection == null) {
                        Files.deleteIfExists(legacy);
                        legacyConnection = DriverManager.getConnection("jdbc:sqlite:" + legacy);
                        try (Statement st = legacyConnection.createStatement()) {
                            st.execute("PRAGMA journal_mode = WAL");
                            st.execute(VERSION_DDL);
                        }
                    }
                    try (Statement st = legacyConnection.createStatement()) {
                        st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                    }
                    return Files.size(legacy);
                } catch (SQLException | IOException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public synchronized void legacyCleanup() {
                try {
                    legacyConnection.close();
                    Files.deleteIfExists(legacy);
                    Files.deleteIfExists(Path.of(legacy + "-wal"));
                    Files.deleteIfExists(Path.of(legacy + "-shm"));
                } catch (SQLException | IOException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void close() {}
        };
    }

    /** {@code java -cp ... dev.zaileys.bench.SessionsBackends URI SESSIONS [THREADS [LEGACY]] [--json]}. */
    public static void main(String[] args) {
        boolean json = List.of(args).contains("--json");
        List<String> rest = new ArrayList<>(List.of(args));
        rest.remove("--json");
        int threads = rest.size() > 2 ? Integer.parseInt(rest.get(2)) : 4;
        int legacy = rest.size() > 3 ? Integer.parseInt(rest.get(3)) : 0;
        SessionsBench.run(rest.get(0), new SessionsBench.Options(Integer.parseInt(rest.get(1)), threads, legacy, json),
                System.out);
        System.exit(0);
    }
}
