package dev.zaileys.store.memory;

import dev.zaileys.store.LeaseHolder;
import dev.zaileys.store.internal.AbstractSessionLease;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongConsumer;

/** The lease of one {@link MemoryAuthStore}: its data lives in one process, so does its lease. */
final class MemoryLease extends AbstractSessionLease {

    private LeaseHolder holder;
    private long expiresAt;
    private long epoch;

    MemoryLease(LongConsumer fence) {
        super(fence, "the memory session");
    }

    @Override
    protected synchronized Attempt tryAcquire(LeaseHolder me, Duration ttl) {
        long now = System.nanoTime();
        if (holder != null && now - expiresAt < 0) {
            return Attempt.heldBy(holder);
        }
        holder = me;
        expiresAt = now + ttl.toNanos();
        return Attempt.taken(++epoch);
    }

    @Override
    protected synchronized boolean tryRenew(LeaseHolder me, long at, Duration ttl) {
        if (at != epoch) {
            return false;
        }
        holder = me;
        expiresAt = System.nanoTime() + ttl.toNanos();
        return true;
    }

    @Override
    protected synchronized void free(LeaseHolder me, long at) {
        if (at == epoch) {
            holder = null;
        }
    }

    @Override
    protected synchronized Optional<LeaseHolder> current() {
        return holder != null && System.nanoTime() - expiresAt < 0 ? Optional.of(holder) : Optional.empty();
    }

    /** Refuses a write carrying an epoch older than the newest acquisition. */
    synchronized void check(long mine) {
        if (mine != 0 && epoch > mine) {
            throw fenced(mine, epoch);
        }
    }
}
