package dev.zaileys.store.file;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.SignalTypes;
import dev.zaileys.store.internal.AbstractAuthStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default auth store: one session's creds and Signal keys as JSON files under
 * {@code basePath} ({@code ./.zaileys/auth} unless set), laid out as the Node original lays them
 * out, so either can read what the other wrote:
 *
 * <pre>
 * basePath/creds.json
 * basePath/signal/&lt;type&gt;/&lt;encoded id&gt;.json
 * </pre>
 *
 * <p>Every file is written to a temp file in the same folder, fsynced, renamed over the old one
 * and then the folder is fsynced, so a crash leaves the old or the new value, never half of one.
 * Files are created {@code 0600} and folders {@code 0700} (on POSIX file systems). Ids are
 * encoded into file names one-to-one, so no id ({@code ../../x}, {@code a/b}) reaches outside
 * {@code basePath}. An id whose encoded name would pass 240 characters (the original cannot
 * store those) gets a hashed name, and its file holds {@code {"id": ..., "value": ...}}.
 *
 * <p>Limit: a {@link #write} of several keys writes several files. All new values are written
 * and fsynced before the first rename, but a crash among the renames can leave some keys of the
 * set updated and others not; each single key is always whole.
 *
 * <p>One store per folder: two processes writing one folder are not coordinated.
 *
 * <p>Longer than most stores because the layout, the id encoding and the crash-safe write
 * protocol above are one unit: whether a crash can lose a key is only checkable with all three in
 * view.
 */
public final class FileAuthStore extends AbstractAuthStore {

    /** The seed's default {@code basePath}. */
    public static final Path DEFAULT_BASE_PATH = Path.of(".zaileys", "auth");

    private static final Logger log = LoggerFactory.getLogger(FileAuthStore.class);

    static final String CREDS_FILE = "creds.json";
    static final String SIGNAL_DIR = "signal";
    static final String TEMP_PREFIX = ".zaileys-";
    static final String TEMP_SUFFIX = ".tmp";
    /**
     * How old a temp file must be before an open may delete it. Another process (or another store
     * on the same folder) may be between writing its temp file and renaming it; deleting that file
     * would fail its write. A live writer holds a temp file for milliseconds, so one untouched for an
     * hour was provably left by a writer that died (or is so stalled its write is lost anyway). A
     * pid in the name would not do: folders are shared across containers whose pids differ.
     */
    static final java.time.Duration TEMP_ABANDONED_AFTER = java.time.Duration.ofHours(1);

    private final Path basePath;
    private final Path credsFile;
    private final Path signalDir;
    private final FileLease lease;
    private final boolean posix;

    private FileAuthStore(Path basePath) {
        this.basePath = basePath.toAbsolutePath().normalize();
        this.credsFile = this.basePath.resolve(CREDS_FILE);
        this.signalDir = this.basePath.resolve(SIGNAL_DIR);
        this.posix = this.basePath.getFileSystem().supportedFileAttributeViews().contains("posix");
        this.lease = new FileLease(this.basePath, posix, (file, data) -> apply(List.of(new Change(file, data))), this::fenceAt);
        if (Files.exists(this.basePath) && !Files.isDirectory(this.basePath)) {
            throw ZaileysStoreException.invalid("basePath " + this.basePath + " exists and is not a directory");
        }
        removeLeftoverTempFiles();
    }

    /** The only way to make one. Options: {@code basePath} (default {@code ./.zaileys/auth}). */
    public static Builder builder() {
        return new Builder();
    }

    /** The folder this store owns (absolute). */
    public Path basePath() {
        return basePath;
    }

    /** Options of a {@link FileAuthStore}. */
    public static final class Builder {
        private Path basePath = DEFAULT_BASE_PATH;

        private Builder() {}

        /** The session's folder; default {@code ./.zaileys/auth}. Created on the first write. */
        public Builder basePath(Path basePath) {
            this.basePath = basePath;
            return this;
        }

        /**
         * @throws ZaileysStoreException {@code STORE_INVALID_INPUT} when basePath is null or empty,
         *     or names something that is not a folder
         */
        public FileAuthStore build() {
            if (basePath == null || basePath.toString().isEmpty()) {
                throw ZaileysStoreException.invalid("basePath must not be null or empty");
            }
            return new FileAuthStore(basePath);
        }
    }

    @Override
    protected Optional<byte[]> loadCreds() {
        return readIfExists(credsFile);
    }

    @Override
    protected void storeCreds(byte[] data) {
        lease.check(fenceEpoch());
        apply(List.of(new Change(credsFile, data)));
    }

    @Override
    protected Map<String, byte[]> loadKeys(String type, List<String> ids) {
        Map<String, byte[]> out = new HashMap<>();
        for (String id : ids) {
            String name = FileNames.encode(id);
            Path file = keyFile(type, name);
            readIfExists(file).ifPresent(bytes -> {
                if (!FileNames.isLong(name)) {
                    out.put(id, bytes);
                } else {
                    LongIdRecord r = LongIdRecord.read(bytes, file);
                    if (r.id().equals(id)) {
                        out.put(id, r.value());
                    }
                }
            });
        }
        return out;
    }

    @Override
    protected Map<String, ? extends Collection<String>> loadKeyIds() {
        Map<String, Set<String>> out = new HashMap<>();
        for (Path typeDir : typeDirs()) {
            String type = typeDir.getFileName().toString();
            Set<String> ids = new HashSet<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(typeDir)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    if (isTempFile(name) || !name.endsWith(FileNames.SUFFIX) || !Files.isRegularFile(file)) {
                        continue;
                    }
                    String stem = name.substring(0, name.length() - FileNames.SUFFIX.length());
                    Optional<String> id = FileNames.isLong(stem)
                            ? Optional.of(LongIdRecord.read(readIfExists(file).orElse(new byte[] {'{', '}'}), file).id())
                                    .filter(longId -> FileNames.encode(longId).equals(stem))
                            : FileNames.decode(stem);
                    if (id.isPresent()) {
                        ids.add(id.get());
                    } else {
                        log.warn("Skipping {}: its name is not an encoded Signal id", file);
                    }
                }
            } catch (NoSuchFileException gone) {
                continue;
            } catch (IOException e) {
                throw failure(Code.STORE_READ_FAILED, "cannot list " + typeDir, e);
            }
            out.put(type, ids);
        }
        return out;
    }

    @Override
    protected void storeKeys(List<KeyWrite> writes) {
        lease.check(fenceEpoch());
        Map<Path, Change> changes = new LinkedHashMap<>();
        for (KeyWrite w : writes) {
            String name = FileNames.encode(w.id());
            Path file = keyFile(w.type(), name);
            byte[] data = w.data() != null && FileNames.isLong(name) ? LongIdRecord.wrap(w.id(), w.data()) : w.data();
            changes.put(file, new Change(file, data));
        }
        apply(new ArrayList<>(changes.values()));
    }

    @Override
    protected void removeAll() {
        lease.check(fenceEpoch());
        Set<Path> touched = new LinkedHashSet<>();
        deleteFile(credsFile, touched);
        for (Path typeDir : typeDirs()) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(typeDir)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    if ((name.endsWith(FileNames.SUFFIX) || isTempFile(name))
                            && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                        deleteFile(file, touched);
                    }
                }
            } catch (NoSuchFileException gone) {
                continue;
            } catch (IOException e) {
                throw failure(Code.STORE_WRITE_FAILED, "cannot clear " + typeDir, e);
            }
            deleteDirIfEmpty(typeDir, touched);
        }
        deleteDirIfEmpty(signalDir, touched);
        fsyncDirs(touched);
    }

    @Override
    public Optional<dev.zaileys.store.SessionLease> lease() {
        return Optional.of(lease);
    }

    @Override
    protected void release() {
        // Nothing is held open between calls.
    }

    /** Names the file, so a {@code STORE_CORRUPTED} message says which one to look at. */
    @Override
    protected String recordName(String type, String id) {
        if (type == null) {
            return credsFile.toString();
        }
        return keyFile(type, FileNames.encode(id)).toString();
    }

    @Override
    public String toString() {
        return "FileAuthStore{" + basePath + "}";
    }

    // ---- files -------------------------------------------------------------------------------

    /** One file to replace ({@code data != null}) or delete. */
    private record Change(Path file, byte[] data) {}

    /**
     * The file of an id too long for a plain name: {@code {"id": <id>, "value": <value>}}, so
     * listing can tell the id from its hashed name.
     */
    private record LongIdRecord(String id, byte[] value) {

        static byte[] wrap(String id, byte[] value) {
            byte[] head;
            try {
                head = ("{\"id\":" + BufferJson.mapper().writeValueAsString(id) + ",\"value\":").getBytes(StandardCharsets.UTF_8);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            byte[] out = Arrays.copyOf(head, head.length + value.length + 1);
            System.arraycopy(value, 0, out, head.length, value.length);
            out[out.length - 1] = '}';
            return out;
        }

        static LongIdRecord read(byte[] bytes, Path file) {
            JsonNode node;
            try {
                node = BufferJson.decode(bytes);
            } catch (IllegalArgumentException e) {
                throw new ZaileysStoreException(Code.STORE_CORRUPTED, "record " + file + " is damaged: " + e.getMessage(), e);
            }
            if (!node.path("id").isTextual() || node.get("value") == null) {
                throw new ZaileysStoreException(Code.STORE_CORRUPTED, "record " + file + " is damaged: no id and value");
            }
            return new LongIdRecord(node.get("id").textValue(), BufferJson.encode(node.get("value")));
        }
    }

    private Path keyFile(String type, String encodedId) {
        return signalDir.resolve(type).resolve(encodedId + FileNames.SUFFIX);
    }

    private Optional<byte[]> readIfExists(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure(Code.STORE_READ_FAILED, "cannot read " + file, e);
        }
        if (isBlank(bytes)) {
            // A crash of a writer that does not fsync (or a truncation) leaves an empty file: damaged, not absent.
            throw new ZaileysStoreException(Code.STORE_CORRUPTED, "record " + file + " is damaged: the file is empty");
        }
        return Optional.of(bytes);
    }

    /**
     * Writes new values to fsynced temp files, then renames them over the targets and deletes
     * what is to be deleted, then fsyncs the folders. A failure before the first rename changes
     * nothing.
     */
    private void apply(List<Change> changes) {
        Set<Path> touched = new LinkedHashSet<>();
        Map<Change, Path> temps = new java.util.IdentityHashMap<>();
        try {
            for (Change c : changes) {
                if (c.data() != null) {
                    Path dir = c.file().getParent();
                    ensureDir(dir, touched);
                    temps.put(c, writeTemp(dir, c.data()));
                }
            }
            forceAll(temps.values());
            for (Change c : changes) {
                if (c.data() != null) {
                    Files.move(temps.remove(c), c.file(), StandardCopyOption.ATOMIC_MOVE);
                    touched.add(c.file().getParent());
                } else {
                    deleteFile(c.file(), touched);
                }
            }
        } catch (IOException e) {
            throw failure(Code.STORE_WRITE_FAILED, "cannot write under " + basePath, e);
        } finally {
            for (Path tmp : temps.values()) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // Removed on the next open.
                }
            }
        }
        fsyncDirs(touched);
    }

    private Path writeTemp(Path dir, byte[] data) throws IOException {
        Path tmp = posix
                ? Files.createTempFile(dir, TEMP_PREFIX, TEMP_SUFFIX, ownerOnly(false))
                : Files.createTempFile(dir, TEMP_PREFIX, TEMP_SUFFIX);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    /**
     * Forces every temp file to disk before the first rename. A batch (1,000 pre-keys at login) is
     * forced from several threads at once: one fsync after another costs a journal commit each,
     * while concurrent ones share commits (measured 2-5x faster on ext4 for 300 files). The order
     * of durability is unchanged: all temps are on disk before any is renamed.
     */
    private static void forceAll(Collection<Path> temps) throws IOException {
        if (temps.size() == 1) {
            force(temps.iterator().next());
            return;
        }
        List<java.util.concurrent.Future<?>> pending = new ArrayList<>(temps.size());
        for (Path tmp : temps) {
            pending.add(FORCERS.submit(() -> {
                force(tmp);
                return null;
            }));
        }
        IOException first = null;
        for (java.util.concurrent.Future<?> f : pending) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while forcing temp files");
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Daemon threads, gone when idle: a store that writes no batch holds no thread. */
    private static final java.util.concurrent.ThreadPoolExecutor FORCERS = forcers();

    private static java.util.concurrent.ThreadPoolExecutor forcers() {
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(8, 8, 10,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "zaileys-file-fsync");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Creates {@code dir} and missing parents ({@code 0700}); their parents are fsynced later. */
    private void ensureDir(Path dir, Set<Path> touched) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            try {
                if (posix) {
                    Files.createDirectory(p, ownerOnly(true));
                } else {
                    Files.createDirectory(p);
                }
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
            }
            if (p.getParent() != null) {
                touched.add(p.getParent());
            }
        }
    }

    private void deleteFile(Path file, Set<Path> touched) {
        try {
            if (Files.deleteIfExists(file)) {
                touched.add(file.getParent());
            }
        } catch (IOException e) {
            throw failure(Code.STORE_WRITE_FAILED, "cannot delete " + file, e);
        }
    }

    private void deleteDirIfEmpty(Path dir, Set<Path> touched) {
        try {
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(dir)) {
                touched.add(dir.getParent());
            }
        } catch (DirectoryNotEmptyException foreignFilesLeft) {
            // Holds files this store did not write: they stay, and so does the folder.
        } catch (IOException e) {
            throw failure(Code.STORE_WRITE_FAILED, "cannot delete " + dir, e);
        }
        touched.remove(dir);
    }

    /** Makes renames, creations and deletions in these folders durable. */
    private void fsyncDirs(Set<Path> dirs) {
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                ch.force(true);
            } catch (IOException e) {
                if (posix) {
                    throw failure(Code.STORE_WRITE_FAILED, "cannot fsync " + dir, e);
                }
                // Windows cannot open a directory as a channel; its renames are durable with the file.
            }
        }
    }

    /** The {@code signal/<type>} folders whose names are Signal types. */
    private List<Path> typeDirs() {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(signalDir)) {
            for (Path dir : dirs) {
                if (Files.isDirectory(dir) && isTypeName(dir.getFileName().toString())) {
                    out.add(dir);
                }
            }
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException none) {
            return out;
        } catch (IOException e) {
            throw failure(Code.STORE_READ_FAILED, "cannot list " + signalDir, e);
        }
        out.sort(null);
        return out;
    }

    /**
     * Deletes temp files a crashed writer left behind, only those older than
     * {@link #TEMP_ABANDONED_AFTER}: a younger one may belong to a live writer about to rename it.
     * Best effort: reads ignore temp files anyway, so keeping one longer costs only its bytes.
     */
    private void removeLeftoverTempFiles() {
        java.nio.file.attribute.FileTime cutoff =
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(TEMP_ABANDONED_AFTER));
        List<Path> dirs = new ArrayList<>();
        dirs.add(basePath);
        try {
            dirs.addAll(typeDirs());
        } catch (ZaileysStoreException e) {
            log.warn("Cannot look for leftover temp files under {}: {}", signalDir, e.getMessage());
        }
        for (Path dir : dirs) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
                for (Path file : files) {
                    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && isOlderThan(file, cutoff)) {
                        Files.deleteIfExists(file);
                        log.debug("Removed leftover temp file {}", file);
                    }
                }
            } catch (NoSuchFileException | java.nio.file.NotDirectoryException none) {
                // Nothing written yet.
            } catch (IOException e) {
                log.warn("Cannot remove leftover temp files in {}: {}", dir, e.toString());
            }
        }
    }

    private static boolean isOlderThan(Path file, java.nio.file.attribute.FileTime cutoff) {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).compareTo(cutoff) < 0;
        } catch (IOException gone) {
            return false; // renamed or removed by its writer meanwhile: not ours to touch
        }
    }

    private static boolean isTypeName(String name) {
        try {
            SignalTypes.require(name);
            return true;
        } catch (ZaileysStoreException e) {
            return false;
        }
    }

    private static boolean isTempFile(String name) {
        return name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX);
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static FileAttribute<?> ownerOnly(boolean dir) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(dir ? "rwx------" : "rw-------"));
    }

    private static ZaileysStoreException failure(Code code, String what, IOException e) {
        return new ZaileysStoreException(code, what + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
    }
}
