package dev.zaileys.store.internal;

import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** The open/closed state and the write lock every store has, shared by both base classes. */
final class StoreState {

    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final String name;

    StoreState(String name) {
        this.name = name;
    }

    boolean isClosed() {
        return closed.get();
    }

    void ensureOpen() {
        if (closed.get()) {
            throw new ZaileysStoreException(Code.STORE_CLOSED, name + " is closed");
        }
    }

    /** Runs a write alone (writes of one store never interleave); failures become typed. */
    <T> T locked(String what, Supplier<T> call) {
        writeLock.lock();
        try {
            ensureOpen();
            return Records.guarded(Code.STORE_WRITE_FAILED, what, call);
        } finally {
            writeLock.unlock();
        }
    }

    /** Marks the store closed once and runs {@code release} after any write in flight. */
    void closeOnce(Runnable release) {
        if (closed.compareAndSet(false, true)) {
            writeLock.lock();
            try {
                release.run();
            } finally {
                writeLock.unlock();
            }
        }
    }
}
