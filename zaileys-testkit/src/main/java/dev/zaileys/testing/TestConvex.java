package dev.zaileys.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Convex test backend for tests: {@code zaileys-testkit/convex-server/server.mjs} (the project's
 * {@code examples/convex} functions in convex-test, behind Convex's HTTP API) in a Node.js child
 * process. {@link #shared()} starts one per JVM, running {@code npm ci} first when its
 * {@code node_modules} is missing; the server ends with the JVM (its stdin closes). No Node.js is a
 * loud failure, never a skip.
 */
public final class TestConvex {

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(90);
    private static volatile TestConvex shared;

    private final Process process;
    private final OutputStream stdin; // kept open: the server exits when it closes
    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private TestConvex(Process process, int port) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.url = "http://127.0.0.1:" + port;
    }

    /** The JVM-wide test backend, started on first call. */
    public static TestConvex shared() {
        TestConvex s = shared;
        if (s != null) {
            return s;
        }
        synchronized (TestConvex.class) {
            if (shared == null) {
                shared = start();
                TestConvex started = shared;
                Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "TestConvex-shutdown"));
            }
            return shared;
        }
    }

    /** {@code http://127.0.0.1:<port>}: the deployment URL to give the stores. */
    public String url() {
        return url;
    }

    /** Drops all data of the backend. */
    public void reset() {
        String reply = post("/__reset", "{}");
        if (!reply.contains("success")) {
            throw new IllegalStateException("convex test backend: reset failed: " + reply);
        }
    }

    /** Runs a function directly ({@code kind}: query or mutation); returns the raw HTTP reply body. */
    public String call(String kind, String path, String argsJson) {
        return post("/api/" + kind, "{\"path\":\"" + path + "\",\"args\":" + argsJson + ",\"format\":\"json\"}");
    }

    private String post(String path, String body) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException("convex test backend at " + url + " cannot be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server (closing its stdin, then SIGTERM). */
    public void stop() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    // ---- starting ----

    /** The folder of server.mjs, from the module directory (Maven's working directory) or the repository root. */
    public static Path serverDir() {
        for (String candidate : List.of("convex-server", "../zaileys-testkit/convex-server", "zaileys-testkit/convex-server")) {
            Path p = Path.of(candidate).toAbsolutePath();
            if (Files.isRegularFile(p.resolve("server.mjs"))) {
                return p;
            }
        }
        throw new IllegalStateException("convex test backend: zaileys-testkit/convex-server/server.mjs not found from "
                + Path.of("").toAbsolutePath());
    }

    /** Runs {@code npm ci} when node_modules is missing (the versions of package-lock.json). */
    public static synchronized void ensureInstalled() {
        Path dir = serverDir();
        requireNode();
        if (Files.isDirectory(dir.resolve("node_modules/convex-test")) && Files.isDirectory(dir.resolve("node_modules/convex"))
                && Files.isDirectory(dir.resolve("node_modules/typescript"))) {
            return;
        }
        Result r = run(dir, Duration.ofMinutes(10), npm(), "ci", "--no-audit", "--no-fund");
        if (r.exit != 0) {
            throw new IllegalStateException("convex test backend: `npm ci` in " + dir + " failed (exit " + r.exit + "):\n" + r.output);
        }
    }

    /** The exit code and output of a command run in {@code dir}. */
    public record Result(int exit, String output) {}

    public static Result run(Path dir, Duration limit, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "(output unreadable: " + e + ")";
                }
            });
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + limit);
            }
            return new Result(p.exitValue(), out.join());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + " in " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String npm() {
        return System.getProperty("os.name").toLowerCase().contains("win") ? "npm.cmd" : "npm";
    }

    private static void requireNode() {
        Result r;
        try {
            r = run(Path.of("."), Duration.ofSeconds(30), "node", "--version");
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the Convex tests need Node.js 20 or later on the PATH (node not found): "
                    + e.getMessage(), e);
        }
        String v = r.output.strip();
        int major = -1;
        try {
            major = Integer.parseInt(v.replaceFirst("^v", "").split("\\.")[0]);
        } catch (NumberFormatException ignored) {
            // reported below
        }
        if (r.exit != 0 || major < 20) {
            throw new IllegalStateException("the Convex tests need Node.js 20 or later on the PATH; `node --version` said: " + v);
        }
    }

    private static TestConvex start() {
        ensureInstalled();
        Path dir = serverDir();
        Path log = Path.of("target", "convex-test-server.log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>(List.of("node", "server.mjs", "0"));
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            });
            String line;
            try {
                line = first.get(STARTUP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
                throw new IllegalStateException("convex test backend did not start within " + STARTUP_WAIT + "; see " + log, e);
            }
            if (line == null || !line.startsWith("LISTENING ")) {
                p.destroyForcibly();
                throw new IllegalStateException("convex test backend failed to start (said " + line + "); see " + log);
            }
            return new TestConvex(p, Integer.parseInt(line.substring("LISTENING ".length()).strip()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the convex test backend in " + dir + ": " + e.getMessage(), e);
        }
    }
}
