package dev.zaileys.testing;

import java.io.IOException;
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
 * stdout goes to a file read as whole lines only: a line the child was writing when it was killed
 * (no newline yet) is dropped, so a report cut in half never counts as a report. Its stderr goes
 * to a file whose tail is added to failure messages.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ChildJvm(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
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
            // Stdout to a file, not a pipe: what the child wrote before a kill -9 is in the file
            // whole, while a pipe's last bytes can be lost to the JDK's drain of an exited process.
            Path out = Files.createTempFile("child-jvm-", ".out");
            Path err = Files.createTempFile("child-jvm-", ".err");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new ChildJvm(p, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM for " + main.getName(), e);
        }
    }

    /** Waits for the first whole line matching {@code test}; fails if the child ends or time runs out first. */
    public String awaitLine(Predicate<String> test, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            boolean ended = !process.isAlive();
            List<String> now = lines();
            for (String line : now) {
                if (test.test(line)) {
                    return line;
                }
            }
            if (ended || System.nanoTime() > deadline) {
                throw new IllegalStateException((ended ? "the child ended" : "no such line within " + limit)
                        + " before the awaited line; its output: " + now + stderrTail());
            }
            try {
                Thread.sleep(5);
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

    /** Every whole line written so far; a last line without its newline (cut by a kill) is left out. */
    public List<String> lines() {
        String text;
        try {
            text = Files.readString(stdout, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the child's output", e);
        }
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n", -1));
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
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        } catch (IOException ignored) {
            // Temp files: the OS cleans them.
        }
    }
}
