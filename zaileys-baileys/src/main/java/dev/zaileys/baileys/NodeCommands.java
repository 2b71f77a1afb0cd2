package dev.zaileys.baileys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs short Node/npm commands to completion (version checks, {@code npm ci}). */
final class NodeCommands {

    record Result(int exit, String output) {}

    private NodeCommands() {}

    static Result run(Path dir, Duration limit, String... command) {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + ": " + e.getMessage(), e);
        }
        try {
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "(output unreadable: " + e.getMessage() + ")";
                }
            });
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + limit);
            }
            return new Result(p.exitValue(), out.join());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command[0], e);
        }
    }

    /** The major version of {@code node --version} output ({@code v20.1.0}); -1 when unreadable. */
    static int major(String versionOutput) {
        try {
            return Integer.parseInt(versionOutput.strip().replaceFirst("^v", "").split("\\.")[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
