package dev.zaileys.store.file;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.store.LeaseHolder;
import dev.zaileys.store.internal.AbstractSessionLease;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;

/**
 * The lease of a session folder: an OS lock on {@code .zaileys-lease.lock}, which the OS frees the
 * moment its process dies (kill -9 included), so a successor need not wait for a TTL; the holder
 * in {@code .zaileys-lease.json}, so a waiting process can name it; and the epoch in
 * {@code .zaileys-lease-epoch}, raised on each acquisition. The TTL plays no part here: the lock
 * lasts as long as its process. The Node original ignores these files.
 */
final class FileLease extends AbstractSessionLease {

    static final String LOCK_FILE = ".zaileys-lease.lock";
    static final String HOLDER_FILE = ".zaileys-lease.json";
    static final String EPOCH_FILE = ".zaileys-lease-epoch";

    /**
     * The lock files this JVM holds. POSIX locks belong to the process, and closing any channel
     * on a file drops all of them: so a second store of this JVM never opens a held lock file
     * (to try or probe it), it answers from here.
     */
    private static final java.util.Map<Path, FileLease> HELD_HERE = new java.util.HashMap<>();

    private final Path dir;
    private final Path lockFile;
    private final boolean posix;
    private final BiConsumer<Path, byte[]> durableWrite;
    private FileChannel channel;
    private FileLock lock;

    /** @param durableWrite the store's own atomic, fsynced file write */
    FileLease(Path dir, boolean posix, BiConsumer<Path, byte[]> durableWrite, LongConsumer fence) {
        super(fence, "the session in " + dir);
        this.dir = dir;
        this.lockFile = dir.resolve(LOCK_FILE);
        this.posix = posix;
        this.durableWrite = durableWrite;
    }

    @Override
    protected Attempt tryAcquire(LeaseHolder me, Duration ttl) {
        synchronized (HELD_HERE) {
            if (HELD_HERE.containsKey(lockFile)) {
                return Attempt.heldBy(holderOrUnknown());
            }
            FileChannel ch = null;
            try {
                if (!Files.isDirectory(dir)) {
                    if (posix) {
                        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                    } else {
                        Files.createDirectories(dir);
                    }
                }
                ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock l;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException sameProcess) {
                    l = null;
                }
                if (l == null) {
                    ch.close();
                    return Attempt.heldBy(holderOrUnknown());
                }
                long epoch = storedEpoch() + 1;
                durableWrite.accept(dir.resolve(EPOCH_FILE), Long.toString(epoch).getBytes(StandardCharsets.US_ASCII));
                durableWrite.accept(dir.resolve(HOLDER_FILE), encode(me).getBytes(StandardCharsets.UTF_8));
                synchronized (this) {
                    channel = ch;
                    lock = l;
                }
                HELD_HERE.put(lockFile, this);
                return Attempt.taken(epoch);
            } catch (IOException e) {
                closeQuietly(ch);
                throw new ZaileysStoreException(Code.STORE_WRITE_FAILED, "cannot take the lease lock in " + dir + ": " + e, e);
            } catch (RuntimeException e) {
                closeQuietly(ch);
                throw e;
            }
        }
    }

    @Override
    protected synchronized boolean tryRenew(LeaseHolder me, long epoch, Duration ttl) {
        return lock != null && lock.isValid() && storedEpoch() == epoch;
    }

    @Override
    protected void free(LeaseHolder me, long epoch) {
        synchronized (HELD_HERE) {
            synchronized (this) {
                if (lock == null) {
                    return;
                }
                try {
                    if (storedEpoch() == epoch) {
                        Files.deleteIfExists(dir.resolve(HOLDER_FILE));
                    }
                } catch (IOException ignored) {
                    // A stale holder file is never shown: it is read only while the lock is held.
                } finally {
                    closeQuietly(channel);
                    channel = null;
                    lock = null;
                    HELD_HERE.remove(lockFile, this);
                }
            }
        }
    }

    @Override
    protected Optional<LeaseHolder> current() {
        synchronized (HELD_HERE) {
            if (HELD_HERE.containsKey(lockFile)) {
                return Optional.of(holderOrUnknown());
            }
            if (!Files.exists(lockFile)) {
                return Optional.empty();
            }
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                FileLock probe;
                try {
                    probe = ch.tryLock();
                } catch (OverlappingFileLockException sameProcess) {
                    return Optional.of(holderOrUnknown());
                }
                if (probe == null) {
                    return Optional.of(holderOrUnknown());
                }
                probe.release();
                return Optional.empty();
            } catch (NoSuchFileException gone) {
                return Optional.empty();
            } catch (IOException e) {
                throw new ZaileysStoreException(Code.STORE_READ_FAILED, "cannot probe the lease lock in " + dir + ": " + e, e);
            }
        }
    }

    /** Refuses a write whose epoch is older than the folder's; the OS lock already keeps other live processes out. */
    void check(long mine) {
        if (mine != 0) {
            long stored = storedEpoch();
            if (stored > mine) {
                throw fenced(mine, stored);
            }
        }
    }

    private long storedEpoch() {
        try {
            String text = Files.readString(dir.resolve(EPOCH_FILE), StandardCharsets.US_ASCII).strip();
            return Long.parseLong(text);
        } catch (NoSuchFileException none) {
            return 0;
        } catch (NumberFormatException e) {
            throw new ZaileysStoreException(Code.STORE_CORRUPTED, "record " + dir.resolve(EPOCH_FILE) + " is damaged: no epoch number", e);
        } catch (IOException e) {
            throw new ZaileysStoreException(Code.STORE_READ_FAILED, "cannot read " + dir.resolve(EPOCH_FILE) + ": " + e, e);
        }
    }

    /**
     * The holder named in the holder file. The winner of the lock writes that file just after
     * taking it, so a loser racing it may find no file yet, or the file of a holder that died
     * (kill -9 leaves it): such a file is read again for a moment rather than naming the wrong process.
     */
    private LeaseHolder holderOrUnknown() {
        Path file = dir.resolve(HOLDER_FILE);
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (true) {
            LeaseHolder h = null;
            try {
                h = decode(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            } catch (IOException | ZaileysStoreException notYet) {
                // no file yet, or half replaced: read again
            }
            boolean plausible = h != null && (!h.host().equals(localHost())
                    || ProcessHandle.of(h.pid()).map(ProcessHandle::isAlive).orElse(false));
            if (plausible) {
                return h;
            }
            if (System.nanoTime() - deadline > 0) {
                return h != null ? h : new LeaseHolder("unknown", "unknown host (no " + HOLDER_FILE + " yet)", -1, Instant.EPOCH);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return h != null ? h : new LeaseHolder("unknown", "unknown host (no " + HOLDER_FILE + " yet)", -1, Instant.EPOCH);
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // Closing releases the lock; the OS does too when the process ends.
            }
        }
    }
}
