package dev.zaileys.testing;

/*
 * The redis-server binary comes from the com.github.codemonstur:embedded-redis jar (extracted once
 * per JVM by its ExecutableProvider; the file is named 6.2.6 but reports v=6.2.11, and the Linux
 * x86-64 build links libssl.so.3/libcrypto.so.3, i.e. it needs OpenSSL 3 on the machine). We run it
 * with our own ProcessBuilder and our own redis.conf rather than through RedisServer: we want the
 * server's output in a file (not a pipe nobody drains), the data in a directory of our own, and
 * stop()/start() of the same configuration on the same port.
 */

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis for tests.
 *
 * <p>{@link #shared()} is the one server per JVM: {@code ZAILEYS_TEST_REDIS_URL} when set, otherwise
 * an embedded redis-server with persistence off ({@code save ""}, {@code appendonly no}), started
 * lazily and stopped by a shutdown hook. {@link #startDedicated(boolean, String...)} starts an
 * embedded server of the caller's own, optionally with append-only persistence
 * ({@code appendfsync always}) and extra redis.conf lines (e.g. {@code "maxmemory-policy allkeys-lru"});
 * close it when done.
 *
 * <p>Embedded servers support {@link #stop()} (SIGTERM, a clean shutdown), {@link #kill()} (SIGKILL,
 * a crash) and {@link #start()} (same config, same data directory, same port).
 */
public final class TestRedis implements AutoCloseable {

    public static final String ENV_URL = "ZAILEYS_TEST_REDIS_URL";

    private static final String HOST = ServerProcesses.HOST;
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(20);
    private static final Set<TestRedis> LIVE = ServerProcesses.liveSet("TestRedis", TestRedis::destroy);

    private static volatile TestRedis shared;
    private static volatile Path binary;

    private final boolean embedded;
    private final boolean isShared;
    private final String url; // external: as given
    private final String host;
    private volatile int port;

    // embedded only
    private final boolean appendOnly;
    private final List<String> extraConfig;
    private final Path dir;
    private final Path logFile;
    private volatile Process process;

    private TestRedis(String externalUrl) {
        URI uri = URI.create(externalUrl);
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new IllegalArgumentException(ENV_URL + " must be redis://host:port[/db]: " + externalUrl);
        }
        this.embedded = false;
        this.isShared = true;
        this.url = externalUrl;
        this.host = uri.getHost() == null ? "localhost" : uri.getHost();
        this.port = uri.getPort() < 0 ? 6379 : uri.getPort();
        this.appendOnly = false;
        this.extraConfig = List.of();
        this.dir = null;
        this.logFile = null;
    }

    private TestRedis(boolean isShared, boolean appendOnly, List<String> extraConfig) {
        this.embedded = true;
        this.isShared = isShared;
        this.url = null;
        this.host = HOST;
        this.appendOnly = appendOnly;
        this.extraConfig = List.copyOf(extraConfig);
        this.dir = ServerProcesses.tempDir("TestRedis", "zaileys-redis-");
        this.logFile = dir.resolve("redis.log");
    }

    // ------------------------------------------------------------------ factories

    /** The JVM-wide server: {@code ZAILEYS_TEST_REDIS_URL}, or one embedded server (persistence off) started on first call. */
    public static TestRedis shared() {
        TestRedis s = shared;
        if (s != null) {
            return s;
        }
        synchronized (TestRedis.class) {
            if (shared == null) {
                String env = System.getenv(ENV_URL);
                if (env != null && !env.isBlank()) {
                    TestRedis r = new TestRedis(env.trim());
                    if (!r.answers()) {
                        throw new IllegalStateException("TestRedis: cannot reach " + ENV_URL + "=" + env
                                + " (no +PONG from " + r.host + ":" + r.port + ")");
                    }
                    shared = r;
                } else {
                    shared = launch(true, false, List.of());
                }
            }
            return shared;
        }
    }

    /** A new embedded server of the caller's own; {@code appendOnly} turns on AOF with {@code appendfsync always}. Close it. */
    public static TestRedis startDedicated(boolean appendOnly) {
        return launch(false, appendOnly, List.of());
    }

    /**
     * As {@link #startDedicated(boolean)}, plus raw redis.conf lines appended last (so they win), e.g.
     * {@code "maxmemory-policy allkeys-lru"}.
     */
    public static TestRedis startDedicated(boolean appendOnly, String... extraConfigLines) {
        return launch(false, appendOnly, List.of(extraConfigLines));
    }

    private static TestRedis launch(boolean isShared, boolean appendOnly, List<String> extra) {
        TestRedis r = new TestRedis(isShared, appendOnly, extra);
        LIVE.add(r);
        try {
            r.start();
        } catch (RuntimeException e) {
            r.destroy();
            throw e;
        }
        return r;
    }

    // ------------------------------------------------------------------ addresses

    /** True for a server this class started (and can stop/start); false for {@code ZAILEYS_TEST_REDIS_URL}. */
    public boolean isEmbedded() {
        return embedded;
    }

    /** {@code redis://127.0.0.1:<port>} (or {@code ZAILEYS_TEST_REDIS_URL} as given). */
    public String url() {
        return embedded ? "redis://" + host + ":" + port : url;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The embedded server's working directory (redis.conf, redis.log, appendonly.aof). */
    public Path dataDir() {
        requireEmbedded("dataDir()");
        return dir;
    }

    public boolean isAppendOnly() {
        return appendOnly;
    }

    // ------------------------------------------------------------------ lifecycle

    public boolean isRunning() {
        Process p = process;
        return embedded ? p != null && p.isAlive() : true;
    }

    /**
     * Starts the embedded server: the first time on a free port, afterwards the same config, data
     * directory and port. Throws (never skips) if it does not answer PING in time.
     */
    public synchronized void start() {
        requireEmbedded("start()");
        if (process != null && process.isAlive()) {
            return;
        }
        boolean first = port == 0;
        int attempts = first ? 3 : 1; // a freshly picked free port can be taken by someone else meanwhile
        for (int attempt = 1; ; attempt++) {
            if (first) {
                port = freePort();
            }
            try {
                startOnce();
                return;
            } catch (IllegalStateException e) {
                if (attempt >= attempts || !logContains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    /** Clean shutdown (SIGTERM: redis flushes the AOF and exits); the port then refuses connections. */
    public synchronized void stop() {
        requireEmbedded("stop()");
        terminate(false);
    }

    /** Crash (SIGKILL): no shutdown work at all. With {@code appendfsync always} no acknowledged write is lost. */
    public synchronized void kill() {
        requireEmbedded("kill()");
        terminate(true);
    }

    /** Stops a dedicated server and deletes its files. The shared server is stopped by a shutdown hook. */
    @Override
    public void close() {
        if (isShared) {
            throw new IllegalStateException("TestRedis.shared() is closed by a JVM shutdown hook, not by tests");
        }
        destroy();
    }

    @Override
    public String toString() {
        return "TestRedis[" + (embedded ? "embedded " : "external ") + url() + (appendOnly ? " appendonly" : "") + "]";
    }

    // ------------------------------------------------------------------ internals

    private void startOnce() {
        Path conf = dir.resolve("redis.conf");
        List<String> lines = new ArrayList<>(List.of(
                "bind " + HOST,
                "port " + port,
                "daemonize no",
                "dir " + quote(dir.toString()),
                "logfile \"\"",
                "save \"\"",
                "appendonly " + (appendOnly ? "yes" : "no"),
                "appendfsync " + (appendOnly ? "always" : "everysec"),
                "dbfilename dump.rdb"));
        lines.addAll(extraConfig);
        try {
            Files.write(conf, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("TestRedis: cannot write " + conf, e);
        }
        Path bin = binary();
        Process p;
        try {
            p = new ProcessBuilder(bin.toString(), conf.toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("TestRedis: cannot run " + bin, e);
        }
        process = p;
        long deadline = System.nanoTime() + STARTUP_WAIT.toNanos();
        while (true) {
            if (!p.isAlive()) {
                process = null;
                throw new IllegalStateException("TestRedis: redis-server exited with code " + p.exitValue()
                        + " while starting on port " + port + logTail());
            }
            if (answers()) { // a requirepass line in extraConfig makes it say -NOAUTH
                return;
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                process = null;
                throw new IllegalStateException("TestRedis: redis-server did not answer PING on port " + port
                        + " within " + STARTUP_WAIT + logTail());
            }
            ServerProcesses.sleep(20);
        }
    }

    private void terminate(boolean forcibly) {
        Process p = process;
        if (p == null) {
            return;
        }
        process = null;
        if (forcibly) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        ServerProcesses.awaitPortClosed("TestRedis", port, Duration.ofSeconds(5), 20, null);
    }

    private void destroy() {
        LIVE.remove(this);
        if (!embedded) {
            return;
        }
        try {
            terminate(false);
        } finally {
            ServerProcesses.deleteTree(dir);
        }
    }

    private void requireEmbedded(String what) {
        if (!embedded) {
            throw new IllegalStateException("TestRedis." + what + " needs the embedded server, but " + ENV_URL
                    + " points at an external one; use TestRedis.startDedicated(...)");
        }
    }

    /** True when the server answers a RESP PING with +PONG (not -LOADING while it replays the AOF). */
    /** A server is up if it answers PING sensibly (a password-protected one says -NOAUTH). */
    private boolean answers() {
        String reply = pingReply();
        return reply.startsWith("+PONG") || reply.startsWith("-NOAUTH");
    }

    private String pingReply() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64];
            int n = in.read(buf);
            return n > 0 ? new String(buf, 0, n, StandardCharsets.US_ASCII) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static Path binary() {
        Path b = binary;
        if (b != null) {
            return b;
        }
        synchronized (TestRedis.class) {
            if (binary == null) {
                try {
                    binary = ExecutableProvider.newJarResourceProvider().get().toPath();
                } catch (IOException | RuntimeException e) {
                    throw new IllegalStateException("TestRedis: cannot extract redis-server from the embedded-redis jar"
                            + " for " + System.getProperty("os.name") + "/" + System.getProperty("os.arch"), e);
                }
            }
            return binary;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(HOST, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("TestRedis: no free port", e);
        }
    }

    private boolean logContains(String text) {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private String logTail() {
        return ServerProcesses.logTail(logFile);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
