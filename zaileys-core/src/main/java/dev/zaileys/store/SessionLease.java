package dev.zaileys.store;

import java.time.Duration;
import java.util.Optional;

/**
 * One live owner per session, across processes: a lease with a TTL and a fencing epoch, obtained
 * from {@link AuthStoreBundle#lease()}.
 *
 * <p>{@link #acquire} takes the lease when it is free or expired, and binds the store it came from
 * to the new epoch: from then on every creds and Signal write of that store carries the epoch, and
 * the backend refuses it with {@code STORE_FENCED}, inside its own transaction or script, once a
 * newer owner took the lease over. So an owner that was paused (a GC pause, {@code SIGSTOP}) and
 * wakes after a takeover cannot write a single key. An owner that dies stops renewing, and another
 * process takes over once the TTL ran out (File: at once, the OS frees the lock of a dead process).
 *
 * <pre>{@code
 * try (SessionLease.Lease lease = auth.lease().orElseThrow().acquire(SessionLease.DEFAULT_TTL, Duration.ZERO)) {
 *     ... // renew() at least every ttl/3 while the session runs; the Client does this for you
 * }
 * }</pre>
 *
 * <p>Thread-safe. Stores of another implementation may have no lease ({@code lease()} empty).
 */
public interface SessionLease {

    /** The TTL a client uses unless told otherwise. */
    Duration DEFAULT_TTL = Duration.ofSeconds(30);

    /**
     * Takes the lease, waiting up to {@code maxWait} for its holder to release it or let it expire.
     *
     * @param ttl     how long the lease lasts without a renewal (100 ms to 1 day)
     * @param maxWait how long to wait for a held lease; {@link Duration#ZERO} fails at once
     * @throws dev.zaileys.model.ZaileysStoreException {@code STORE_LEASE_HELD} naming the holder when
     *     it is still held after {@code maxWait}; {@code STORE_INVALID_INPUT} for a bad ttl or wait
     */
    Lease acquire(Duration ttl, Duration maxWait);

    /** The current holder, empty when the lease is free or expired. */
    Optional<LeaseHolder> holder();

    /** A held lease. Closing it releases it. */
    interface Lease extends AutoCloseable {

        /** The fencing epoch: it grows with every acquisition of the session's lease. */
        long epoch();

        LeaseHolder holder();

        Duration ttl();

        /**
         * Extends the lease by its TTL from now.
         *
         * @throws dev.zaileys.model.ZaileysStoreException {@code STORE_FENCED} when another owner took
         *     the lease over (this one is then lost for good); a transient code when the backend
         *     could not be reached (retry before the TTL runs out)
         */
        void renew();

        /** False once a renewal found the lease taken over, or after {@link #close()}. */
        boolean held();

        /** Releases the lease when this owner still holds it, so a successor need not wait for the TTL. Idempotent. */
        @Override
        void close();
    }
}
