package dev.zaileys.store.file;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.store.SessionCatalog;
import dev.zaileys.store.SessionSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The sessions under one base folder: each sub-folder that holds a {@link FileAuthStore}
 * ({@code creds.json} or {@code signal/}) is a session named by the folder, as the client's
 * default auth keeps {@code ./.zaileys/auth/<sessionId>}. File stores keep no history, so a
 * summary counts creds and Signal keys only. A session name is one folder name: not empty, no
 * {@code /} or {@code \}, not {@code .} or {@code ..}.
 *
 * <pre>{@code
 * try (var sessions = FileSessions.of(Path.of("./.zaileys/auth"))) {
 *     sessions.list().forEach(System.out::println);
 * }
 * }</pre>
 */
public final class FileSessions implements SessionCatalog {

    private final Path base;

    private FileSessions(Path base) {
        this.base = base;
    }

    /** A catalog of the sessions under {@code basePath}; nothing is created. */
    public static FileSessions of(Path basePath) {
        if (basePath == null) {
            throw ZaileysStoreException.invalid("basePath is required");
        }
        return new FileSessions(basePath);
    }

    @Override
    public List<String> list() {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, Files::isDirectory)) {
            for (Path d : dirs) {
                if (isSession(d)) {
                    out.add(d.getFileName().toString());
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new ZaileysStoreException(Code.STORE_READ_FAILED, "cannot list the sessions in " + base + ": " + e, e);
        }
        out.sort(null);
        return out;
    }

    private static boolean isSession(Path dir) {
        return Files.isRegularFile(dir.resolve(FileAuthStore.CREDS_FILE)) || Files.isDirectory(dir.resolve(FileAuthStore.SIGNAL_DIR));
    }

    private Path folder(String session) {
        if (session == null || session.isEmpty() || session.equals(".") || session.equals("..") || session.indexOf('/') >= 0
                || session.indexOf('\\') >= 0 || session.indexOf('\0') >= 0) {
            throw ZaileysStoreException.invalid("a File session is one folder name under " + base
                    + " (not empty, no '/' or '\\', not '.' or '..')");
        }
        return base.resolve(session);
    }

    @Override
    public boolean exists(String session) {
        Path d = folder(session);
        return Files.isDirectory(d) && isSession(d);
    }

    @Override
    public Optional<SessionSummary> summary(String session) {
        Path d = folder(session);
        if (!exists(session)) {
            return Optional.empty();
        }
        long keys = 0;
        Path signal = d.resolve(FileAuthStore.SIGNAL_DIR);
        if (Files.isDirectory(signal)) {
            try (Stream<Path> files = Files.walk(signal, 2)) {
                keys = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".json") && !n.startsWith(FileAuthStore.TEMP_PREFIX)).count();
            } catch (IOException | UncheckedIOException e) {
                throw new ZaileysStoreException(Code.STORE_READ_FAILED, "cannot count the keys of " + d + ": " + e, e);
            }
        }
        return Optional.of(new SessionSummary(session, Files.isRegularFile(d.resolve(FileAuthStore.CREDS_FILE)), keys,
                0, 0, 0, 0, 0));
    }

    /** Deletes the session's folder and everything in it; a folder that is no session is left alone. */
    @Override
    public boolean drop(String session) {
        Path d = folder(session);
        if (!exists(session)) {
            return false;
        }
        // The OS lock of a running (or paused) owner stays held, so a live session is never deleted
        // from under it; the lease is only read here, never taken, so nothing is written first.
        new FileLease(d, false, (file, bytes) -> {}, epoch -> {}).requireFree();
        try (Stream<Path> all = Files.walk(d)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new ZaileysStoreException(Code.STORE_WRITE_FAILED, "cannot delete " + d + ": " + e, e);
        }
        return true;
    }

    @Override
    public void close() {
        // Holds nothing open.
    }

    @Override
    public String toString() {
        return "FileSessions[" + base + "]";
    }
}
