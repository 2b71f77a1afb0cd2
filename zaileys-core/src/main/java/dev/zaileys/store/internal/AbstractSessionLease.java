package dev.zaileys.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.store.LeaseHolder;
import dev.zaileys.store.SessionLease;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * What every backend's lease shares: validation, the wait loop, the messages, the holder's
 * encoding and binding the store's writes to the epoch. A backend implements four atomic
 * primitives on its own storage; each must decide on the backend's side (a transaction, a script,
 * a mutation, an OS lock), never by a read followed by a write from here.
 */
public abstract class AbstractSessionLease implements SessionLease {

    /** What {@link #tryAcquire} found: an epoch when it took the lease, else the current holder. */
    protected record Attempt(long epoch, LeaseHolder holder) {
        public static Attempt taken(long epoch) {
            return new Attempt(epoch, null);
        }

        public static Attempt heldBy(LeaseHolder holder) {
            return new Attempt(0, holder);
        }

        boolean acquired() {
            return holder == null;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MIN_TTL = Duration.ofMillis(100);
    private static final Duration MAX_TTL = Duration.ofDays(1);
    private static final String HOST = hostName();

    private final LongConsumer fence;
    private final String session;

    /**
     * @param fence   binds the store's writes to an epoch (the store's {@code fenceAt})
     * @param session how messages name the session (never a secret: no connection strings)
     */
    protected AbstractSessionLease(LongConsumer fence, String session) {
        this.fence = fence;
        this.session = session;
    }

    /** Takes the lease when it is free, expired or already {@code me}'s, with a new epoch. */
    protected abstract Attempt tryAcquire(LeaseHolder me, Duration ttl);

    /** Extends {@code me}'s lease at {@code epoch}; false when another owner took it over. */
    protected abstract boolean tryRenew(LeaseHolder me, long epoch, Duration ttl);

    /** Frees {@code me}'s lease at {@code epoch}, keeping the epoch; a no-op when it is no longer {@code me}'s. */
    protected abstract void free(LeaseHolder me, long epoch);

    /** The unexpired holder, if any. */
    protected abstract Optional<LeaseHolder> current();

    @Override
    public final Lease acquire(Duration ttl, Duration maxWait) {
        if (ttl == null || ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw ZaileysStoreException.invalid("lease ttl must be between 100 ms and 1 day; got " + ttl);
        }
        if (maxWait == null || maxWait.isNegative()) {
            throw ZaileysStoreException.invalid("lease wait must be zero or positive; got " + maxWait);
        }
        LeaseHolder me = new LeaseHolder(UUID.randomUUID().toString(), HOST, ProcessHandle.current().pid(),
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        long deadline = System.nanoTime() + maxWait.toNanos();
        long poll = Math.max(20, Math.min(500, ttl.toMillis() / 10));
        while (true) {
            Attempt a;
            try {
                a = Records.guarded(Code.STORE_WRITE_FAILED, "take the lease of " + session, () -> tryAcquire(me, ttl));
            } catch (ZaileysStoreException e) {
                // A backend busy or briefly away (a writer paused inside its transaction holds
                // SQLite's lock) is worth the caller's wait; past it, the failure is the answer.
                if (!e.code().transientFailure() || deadline - System.nanoTime() <= 0) {
                    throw e;
                }
                pause(poll, deadline, null);
                continue;
            }
            if (a.acquired()) {
                fence.accept(a.epoch());
                return new Held(me, a.epoch(), ttl);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw held(session, a.holder(), maxWait.isZero() ? "" : " (waited " + maxWait + ")");
            }
            pause(poll, deadline, a.holder());
        }
    }

    private void pause(long poll, long deadline, LeaseHolder holder) {
        try {
            Thread.sleep(Math.min(poll, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZaileysStoreException(Code.STORE_LEASE_HELD, "interrupted while waiting for the lease of "
                    + session + (holder == null ? "" : ", owned by " + holder.describe()));
        }
    }

    @Override
    public final Optional<LeaseHolder> holder() {
        return Records.guarded(Code.STORE_READ_FAILED, "read the lease of " + session, this::current);
    }

    /**
     * The refusal of a write whose epoch is older than the stored one; thrown inside the backend's
     * transaction. Named as the lease names its session, so every refusal reads alike.
     */
    protected final ZaileysStoreException fenced(long mine, long stored) {
        return new ZaileysStoreException(Code.STORE_FENCED, "write refused: the lease of " + session
                + " was taken over (epoch " + stored + ", this writer holds epoch " + mine + ")");
    }

    /**
     * Refuses with {@code STORE_LEASE_HELD} while a live owner holds the lease: what a drop checks
     * first, without taking the lease (which would write).
     */
    public final void requireFree() {
        holder().ifPresent(h -> {
            throw held(session, h, "");
        });
    }

    /**
     * The refusal of a caller that needs {@code session} unowned (an acquisition, a drop), naming
     * the live holder so an operator can find the process.
     */
    public static ZaileysStoreException held(String session, LeaseHolder holder, String detail) {
        return new ZaileysStoreException(Code.STORE_LEASE_HELD, session + " is owned by " + holder.describe() + detail
                + "; stop that process, or wait: it loses the lease when it stops renewing it");
    }

    /** The holder as one JSON text, for backends that keep it in one field. */
    public static String encode(LeaseHolder h) {
        ObjectNode n = JSON.createObjectNode();
        n.put("owner", h.owner()).put("host", h.host()).put("pid", h.pid()).put("since", h.since().toEpochMilli());
        return n.toString();
    }

    /** Reads {@link #encode}'s text back; a damaged one is {@code STORE_CORRUPTED} naming {@code where}. */
    public static LeaseHolder decode(String text, String where) {
        try {
            JsonNode n = JSON.readTree(text);
            return new LeaseHolder(n.get("owner").asText(), n.get("host").asText(), n.get("pid").asLong(),
                    Instant.ofEpochMilli(n.get("since").asLong()));
        } catch (Exception e) {
            throw new ZaileysStoreException(Code.STORE_CORRUPTED, "the lease record " + where + " is damaged", e);
        }
    }

    /** This machine's name, as holders started here carry it. */
    protected static String localHost() {
        return HOST;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "unknown-host" : env;
        }
    }

    @Override
    public String toString() {
        return "lease of " + session;
    }

    private final class Held implements Lease {
        private final LeaseHolder me;
        private final long epoch;
        private final Duration ttl;
        private final AtomicBoolean held = new AtomicBoolean(true);

        Held(LeaseHolder me, long epoch, Duration ttl) {
            this.me = me;
            this.epoch = epoch;
            this.ttl = ttl;
        }

        @Override
        public long epoch() {
            return epoch;
        }

        @Override
        public LeaseHolder holder() {
            return me;
        }

        @Override
        public Duration ttl() {
            return ttl;
        }

        @Override
        public void renew() {
            if (!held.get()) {
                throw new ZaileysStoreException(Code.STORE_FENCED, "the lease of " + session + " at epoch " + epoch
                        + " is no longer held; acquire it again");
            }
            boolean ok = Records.guarded(Code.STORE_WRITE_FAILED, "renew the lease of " + session,
                    () -> tryRenew(me, epoch, ttl));
            if (!ok) {
                held.set(false);
                String by = Records.guarded(Code.STORE_READ_FAILED, "read the lease of " + session, AbstractSessionLease.this::current)
                        .map(h -> " by " + h.describe()).orElse("");
                throw new ZaileysStoreException(Code.STORE_FENCED, "the lease of " + session + " at epoch " + epoch
                        + " was taken over" + by);
            }
        }

        @Override
        public boolean held() {
            return held.get();
        }

        @Override
        public void close() {
            if (held.compareAndSet(true, false)) {
                Records.guarded(Code.STORE_WRITE_FAILED, "release the lease of " + session, () -> {
                    free(me, epoch);
                    return null;
                });
            }
        }

        @Override
        public String toString() {
            return "lease of " + session + " at epoch " + epoch + " held by " + me.describe();
        }
    }
}
