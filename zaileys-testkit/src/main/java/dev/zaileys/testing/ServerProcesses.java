package dev.zaileys.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** What the embedded test servers share: their live set, temp directory, log tail and port waits. */
final class ServerProcesses {

    static final String HOST = "127.0.0.1";

    private ServerProcesses() {}

    /** A set of live servers that a JVM shutdown hook destroys, so no test leaves a process behind. */
    static <T> Set<T> liveSet(String owner, Consumer<T> destroy) {
        Set<T> live = ConcurrentHashMap.newKeySet();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (T server : live) {
                try {
                    destroy.accept(server);
                } catch (RuntimeException e) {
                    System.err.println(owner + " shutdown: " + e);
                }
            }
        }, owner + "-shutdown"));
        return live;
    }

    static Path tempDir(String owner, String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(owner + ": cannot create a temp directory", e);
        }
    }

    /** The last 30 lines of a server's log, to append to a failure message ("" when there is none). */
    static String logTail(Path logFile) {
        if (logFile == null || !Files.exists(logFile)) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return "\n--- last lines of " + logFile + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | RuntimeException e) {
            return " (log " + logFile + " unreadable: " + e + ")";
        }
    }

    /**
     * Waits until nothing listens on {@code port}: a stopped server's port must refuse connections
     * before a fault test goes on, or "the server is down" is not what it tests.
     */
    static void awaitPortClosed(String owner, int port, Duration limit, long pollMillis, Path logFile) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (accepts(port)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(owner + ": port " + port + " still accepts connections after stop"
                        + logTail(logFile));
            }
            sleep(pollMillis);
        }
    }

    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // best effort: a temp directory
        }
    }
}
