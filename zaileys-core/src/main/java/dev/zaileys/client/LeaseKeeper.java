package dev.zaileys.client;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.SessionLease;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjLongConsumer;
import org.slf4j.Logger;

/**
 * Holds the session's lease while the client runs: taken before the first connection, renewed
 * every third of its TTL on a thread of its own (so a slow socket or store call on the client's
 * timer never delays a renewal), released on close. When a renewal finds the lease taken over,
 * or cannot reach the backend for a whole TTL (another process may then own the session), the
 * lease is lost: {@code onLost} closes the client and reports it.
 */
final class LeaseKeeper {

    /** Settings: the TTL, and how long {@code connect()} waits for a lease another process holds. */
    record Settings(Duration ttl, Duration maxWait) {}

    private final String sessionId;
    private final AuthStoreBundle auth;
    private final Settings settings;
    private final ClientListeners events;
    private final Logger log;
    private final ObjLongConsumer<String> onLost;
    /** Held by a renewal in flight and by release() while it closes the lease. */
    private final Object renewing = new Object();
    private SessionLease.Lease lease;
    private ScheduledExecutorService renewer;
    private long lastRenewed;
    private boolean warnedNoLease;

    LeaseKeeper(String sessionId, AuthStoreBundle auth, Settings settings, ClientListeners events, Logger log, ObjLongConsumer<String> onLost) {
        this.sessionId = sessionId;
        this.auth = auth;
        this.settings = settings;
        this.events = events;
        this.log = log;
        this.onLost = onLost;
    }

    /**
     * Takes the lease (waiting up to the configured wait) unless this client holds it already.
     *
     * @throws ZaileysStoreException {@code STORE_LEASE_HELD} naming the holder
     */
    synchronized void acquire() {
        if (lease != null) {
            return;
        }
        SessionLease provider = auth.lease().orElse(null);
        if (provider == null) {
            if (!warnedNoLease) {
                warnedNoLease = true;
                log.warn("[{}] {} has no session lease: nothing stops another process from running this session", sessionId, auth);
            }
            return;
        }
        lease = provider.acquire(settings.ttl(), settings.maxWait());
        lastRenewed = System.nanoTime();
        log.info("[{}] holds the session lease at epoch {} (ttl {})", sessionId, lease.epoch(), settings.ttl());
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "zaileys-lease-" + sessionId);
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, settings.ttl().toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    OptionalLong epoch() {
        SessionLease.Lease l;
        synchronized (this) {
            l = lease;
        }
        return l == null || !l.held() ? OptionalLong.empty() : OptionalLong.of(l.epoch());
    }

    private void renew() {
        // Held across the renewal so release() cannot close the lease under a renewal in flight:
        // a graceful stop then reads as a stop, never as a takeover (LeaseLost after "stopped").
        synchronized (renewing) {
            SessionLease.Lease l;
            synchronized (this) {
                l = lease;
            }
            if (l == null) {
                return;
            }
            try {
                l.renew();
                lastRenewed = System.nanoTime();
            } catch (ZaileysStoreException e) {
                if (released(l)) {
                    return;
                }
                if (e.code() == Code.STORE_FENCED) {
                    lost(l.epoch(), e.getMessage());
                } else if (System.nanoTime() - lastRenewed >= settings.ttl().toNanos()) {
                    lost(l.epoch(), "the lease could not be renewed for a whole TTL (" + settings.ttl() + "): " + e.getMessage());
                } else {
                    events.storeFailed(e, 0, true);
                }
            } catch (RuntimeException e) {
                if (!released(l)) {
                    log.error("[{}] renewing the session lease failed", sessionId, e);
                }
            }
        }
    }

    /** Whether release() gave {@code l} up meanwhile (its interrupt may be what failed the renewal). */
    private synchronized boolean released(SessionLease.Lease l) {
        return lease != l;
    }

    private void lost(long epoch, String reason) {
        log.error("[{}] lost the session lease: {}; closing the client", sessionId, reason);
        synchronized (this) {
            if (renewer != null) {
                renewer.shutdown();
            }
        }
        onLost.accept(reason, epoch);
    }

    /** Stops renewing and releases the lease when still held, so a successor need not wait for the TTL. */
    void release() {
        SessionLease.Lease l;
        ScheduledExecutorService r;
        synchronized (this) {
            l = lease;
            r = renewer;
            lease = null;
            renewer = null;
        }
        if (r != null) {
            r.shutdownNow();
        }
        if (l != null) {
            synchronized (renewing) {
                try {
                    l.close();
                } catch (ZaileysStoreException e) {
                    // It expires by itself after its TTL; only the successor's wait is longer.
                    log.warn("[{}] releasing the session lease failed: {}", sessionId, e.getMessage());
                }
            }
        }
    }
}
