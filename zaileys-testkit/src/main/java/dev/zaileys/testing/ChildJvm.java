package dev.zaileys.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real child JVM on this JVM's class path, for tests that need a separate process: one killed
 * with {@code kill -9} mid-write (crash tests), or one with another umask (file modes).
 *
 * <p>The child runs under {@code umask 022} (the usual default), through {@code sh -c 'umask 022;
 * exec java ...'}: {@code exec} keeps one process, so {@link #kill()} hits the JVM itself. Its
 * stdout is read as whole lines only: a line the child was writing when it was killed (no
 * newline yet) is dropped, so a report cut in half never counts as a report. Its stderr goes to a
 * file whose tail is added to failure messages.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Path stderr;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private boolean eof;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.reader = new Thread(this::readLines, "child-jvm-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code main} with {@code args} in a new JVM with this JVM's class path, a small heap
     * and the quick-start JIT (children live for a second or two).
     */
    public static ChildJvm start(Class<?> main, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "umask 022 && exec \"$0\" \"$@\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        try {
            Path err = Files.createTempFile("child-jvm-", ".err");
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            return new ChildJvm(p, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM for " + main.getName(), e);
        }
    }

    private void readLines() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (InputStream in = process.getInputStream()) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        String s = line.toString(StandardCharsets.UTF_8);
                        line.reset();
                        synchronized (this) {
                            lines.add(s);
                            notifyAll();
                        }
                    } else {
                        line.write(buf[i]);
                    }
                }
            }
        } catch (IOException e) {
            // The pipe broke with the child: what was read whole is what it reported.
        } finally {
            synchronized (this) {
                eof = true;
                notifyAll();
            }
        }
    }

    /** Waits for the first whole line matching {@code test}; fails if the child ends or time runs out first. */
    public synchronized String awaitLine(Predicate<String> test, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < lines.size(); seen++) {
                if (test.test(lines.get(seen))) {
                    return lines.get(seen);
                }
            }
            long left = deadline - System.nanoTime();
            if (eof || left <= 0) {
                throw new IllegalStateException((eof ? "the child ended" : "no such line within " + limit)
                        + " before the awaited line; its output: " + lines + stderrTail());
            }
            try {
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** {@code kill -9} ({@link Process#destroyForcibly()} is SIGKILL on Linux), then every whole line it wrote. */
    public List<String> kill() {
        process.destroyForcibly();
        return awaitEnd();
    }

    /** Waits for the child to exit by itself, then every whole line it wrote. */
    public List<String> waitForExit(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the child did not exit within " + limit + "; output: " + lines()
                        + stderrTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return awaitEnd();
    }

    private List<String> awaitEnd() {
        try {
            process.waitFor();
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return lines();
    }

    /** The exit code (after {@link #kill()} or {@link #waitForExit}). */
    public int exitValue() {
        return process.exitValue();
    }

    /** Sends one line to the child's stdin. */
    public void send(String line) {
        try {
            OutputStream out = process.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the child", e);
        }
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The last lines of the child's stderr, for a failure message. */
    public String stderrTail() {
        return ServerProcesses.logTail(stderr);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            awaitEnd();
        }
        try {
            Files.deleteIfExists(stderr);
        } catch (IOException ignored) {
            // A temp file: the OS cleans it.
        }
    }
}
