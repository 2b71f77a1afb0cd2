package dev.zaileys.baileys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One driver process and the line protocol to it (see {@code driver.mjs}). Three threads per
 * process: a reader that only routes lines, an event thread that hands Baileys' events to the
 * host in order, and a call thread that answers the driver's calls (key reads and writes, stored
 * messages). Calls get their own thread so an event listener that waits on the driver (a send)
 * can never block the key reads that send needs.
 */
final class DriverProcess implements AutoCloseable {

    /** What the driver reaches on the JVM side. */
    interface Host {
        /** Answers a driver call; a throw becomes an error reply, failing Baileys' operation. */
        JsonNode call(String name, JsonNode args) throws Exception;

        /** A Baileys event, on the event thread, in the order the driver sent them. */
        void event(String name, JsonNode data, JsonNode user);

        /** The process is gone (after every event it sent was delivered); called once. */
        void exited(String reason);
    }

    /** Calls answered on the event thread, because they emit events that must stay in order. */
    static final List<String> EVENT_THREAD_CALLS = List.of("creds.init", "creds.update");

    static final Logger DRIVER_LOG = LoggerFactory.getLogger("dev.zaileys.baileys.driver");
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);
    private static final int MAX_STDERR_LINE = 400;

    private final Process process;
    private final String tag;
    private final Host host;
    private final OutputStream stdin;
    private final Object writeLock = new Object();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final ExecutorService events;
    private final ExecutorService calls;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final AtomicBoolean gone = new AtomicBoolean();
    private volatile boolean closing;

    private DriverProcess(Process process, String tag, Host host) {
        this.process = process;
        this.tag = tag;
        this.host = host;
        this.stdin = process.getOutputStream();
        this.events = Executors.newSingleThreadExecutor(daemon("zaileys-baileys-events-" + tag));
        this.calls = Executors.newSingleThreadExecutor(daemon("zaileys-baileys-calls-" + tag));
    }

    /**
     * Starts {@code node driver.mjs} in the installed driver folder and waits for its ready line.
     *
     * @param callTimeout how long the driver waits for an answer to one of its calls
     */
    static DriverProcess start(BaileysDriver driver, String tag, Host host, Duration callTimeout) {
        Path dir = driver.install();
        ProcessBuilder pb = new ProcessBuilder(driver.node(), "--max-old-space-size=512", BaileysDriver.SCRIPT)
                .directory(dir.toFile());
        pb.environment().put("ZAILEYS_DRIVER_LOG_LEVEL", levelOf(DRIVER_LOG));
        pb.environment().put("ZAILEYS_DRIVER_CALL_TIMEOUT_MS", Long.toString(callTimeout.toMillis()));
        pb.environment().put("ZAILEYS_DRIVER_TEST_HOOKS", driver.testHooks() ? "1" : "0");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Baileys driver with '" + driver.node() + "': " + e.getMessage(), e);
        }
        DriverProcess d = new DriverProcess(p, tag, host);
        d.startThreads();
        try {
            d.ready.get(STARTUP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            d.kill();
            throw new IllegalStateException("the Baileys driver did not start within " + STARTUP_LIMIT);
        } catch (ExecutionException e) {
            d.kill();
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            d.kill();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the Baileys driver", e);
        }
        return d;
    }

    /** The OS process id (tests kill it). */
    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return !gone.get();
    }

    /**
     * Sends a command and waits for its reply.
     *
     * @throws DriverException when the driver answers with an error, does not answer within
     *     {@code timeout}, or is gone
     */
    JsonNode request(String cmd, ObjectNode args, Duration timeout) {
        long id = nextId.getAndIncrement();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        if (gone.get()) {
            pending.remove(id);
            throw new DriverException("the Baileys driver is gone", -1);
        }
        ObjectNode line = BufferJson.object();
        line.put("id", id);
        line.put("cmd", cmd);
        line.set("args", args == null ? BufferJson.object() : args);
        write(line);
        try {
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DriverException("the Baileys driver did not answer '" + cmd + "' within " + timeout, 408);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DriverException de) {
                throw new DriverException(de.getMessage(), de.statusCode(), de);
            }
            throw new DriverException(e.getCause().getMessage(), -1, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException("interrupted while waiting for the Baileys driver", -1, e);
        } finally {
            pending.remove(id);
        }
    }

    private void write(ObjectNode line) {
        byte[] bytes = BufferJson.encode(line);
        synchronized (writeLock) {
            try {
                stdin.write(bytes);
                stdin.write('\n');
                stdin.flush();
            } catch (IOException e) {
                // the reader sees the exit and reports it; the caller's reply fails then
                DRIVER_LOG.debug("[{}] writing to the driver failed: {}", tag, e.getMessage());
            }
        }
    }

    // ---- threads ----

    private void startThreads() {
        Thread reader = daemon("zaileys-baileys-reader-" + tag).newThread(this::readLoop);
        Thread errors = daemon("zaileys-baileys-stderr-" + tag).newThread(this::stderrLoop);
        reader.start();
        errors.start();
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                route(line);
            }
        } catch (IOException e) {
            DRIVER_LOG.debug("[{}] reading from the driver failed: {}", tag, e.getMessage());
        }
        onExit();
    }

    private void route(String line) {
        JsonNode doc;
        try {
            doc = BufferJson.decode(line);
        } catch (IllegalArgumentException e) {
            // never echo the line: it may carry key material
            DRIVER_LOG.warn("[{}] unreadable line from the driver ({} chars)", tag, line.length());
            return;
        }
        if (doc.has("re")) {
            CompletableFuture<JsonNode> f = pending.get(doc.get("re").asLong());
            if (f != null) {
                JsonNode error = doc.get("error");
                if (error != null && !error.isNull()) {
                    f.completeExceptionally(new DriverException(error.path("message").asText("driver error"),
                            error.path("statusCode").asInt(-1)));
                } else {
                    f.complete(doc.path("result"));
                }
            }
        } else if (doc.has("call")) {
            String name = doc.get("call").asText();
            ExecutorService on = EVENT_THREAD_CALLS.contains(name) ? events : calls;
            submit(on, () -> answer(doc.get("id").asLong(), name, doc.path("args")));
        } else if (doc.has("ev")) {
            String name = doc.get("ev").asText();
            JsonNode data = doc.path("data");
            JsonNode user = doc.get("user");
            submit(events, () -> host.event(name, data, user == null ? NullNode.getInstance() : user));
        } else if (doc.has("log")) {
            log(doc.get("log").asText(), doc.path("msg").asText(""));
        } else if (doc.has("ready")) {
            ready.complete(null);
        }
    }

    private void answer(long id, String name, JsonNode args) {
        ObjectNode reply = BufferJson.object();
        reply.put("re", id);
        try {
            JsonNode result = host.call(name, args);
            reply.set("result", result == null ? NullNode.getInstance() : result);
        } catch (Exception e) {
            DRIVER_LOG.warn("[{}] the driver's '{}' call failed: {}", tag, name, e.getMessage());
            reply.putObject("error").put("message", name + " failed on the JVM: " + e.getMessage());
        }
        write(reply);
    }

    private void stderrLoop() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                if (!line.isBlank()) {
                    // Node's own crash reports (OOM, uncaught errors): shortened, they name no key
                    DRIVER_LOG.warn("[{}] driver stderr: {}", tag,
                            line.length() > MAX_STDERR_LINE ? line.substring(0, MAX_STDERR_LINE) + "..." : line);
                }
            }
        } catch (IOException ignored) {
            // the process is gone; the reader reports it
        }
    }

    private void onExit() {
        if (!gone.compareAndSet(false, true)) {
            return;
        }
        String reason = exitReason();
        if (!ready.isDone()) {
            ready.completeExceptionally(new IllegalStateException(reason));
        }
        DriverException failure = new DriverException(reason, 428);
        pending.values().forEach(f -> f.completeExceptionally(failure));
        submit(events, () -> host.exited(reason));
        events.shutdown();
        calls.shutdown();
    }

    private String exitReason() {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (process.isAlive()) {
            return "the Baileys driver stopped answering (pid " + process.pid() + ")";
        }
        int code = process.exitValue();
        if (closing && (code == 0 || code == 143)) {
            return "the Baileys driver was closed";
        }
        // on Unix a process killed by signal N reports 128 + N
        return code > 128 && code < 160
                ? "the Baileys driver died (killed by signal " + (code - 128) + (code == 137 ? ", SIGKILL or out of memory" : "") + ")"
                : "the Baileys driver died (exit code " + code + ")";
    }

    private void submit(ExecutorService on, Runnable task) {
        try {
            on.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    DRIVER_LOG.warn("[{}] handling a driver message failed", tag, e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException afterExit) {
            DRIVER_LOG.debug("[{}] dropped a driver message that arrived after its exit", tag);
        }
    }

    private void log(String level, String msg) {
        switch (level) {
            case "trace" -> DRIVER_LOG.trace("[{}] {}", tag, msg);
            case "debug" -> DRIVER_LOG.debug("[{}] {}", tag, msg);
            case "info" -> DRIVER_LOG.info("[{}] {}", tag, msg);
            case "warn" -> DRIVER_LOG.warn("[{}] {}", tag, msg);
            default -> DRIVER_LOG.error("[{}] {}", tag, msg);
        }
    }

    private static String levelOf(Logger log) {
        if (log.isTraceEnabled()) {
            return "trace";
        }
        if (log.isDebugEnabled()) {
            return "debug";
        }
        if (log.isInfoEnabled()) {
            return "info";
        }
        return log.isWarnEnabled() ? "warn" : "error";
    }

    /** Kills the process at once (SIGKILL); the exit is reported like any other. */
    void kill() {
        process.destroyForcibly();
    }

    /** Closes stdin (the driver exits by itself), then terminates it if it lingers. Idempotent. */
    @Override
    public void close() {
        closing = true;
        synchronized (writeLock) {
            try {
                stdin.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
