package dev.zaileys.client;

import dev.zaileys.socket.SocketFactory;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * A client's settings, checked once: {@link Client.Builder} only collects values, so every rule
 * about what a valid client is lives here and a {@link Client} never sees a bad one.
 *
 * @param auth the caller's session store, or null for the default file auth under
 *     {@code authBasePath/sessionId} (then the client owns and closes it)
 * @param store the caller's history store, or null for an owned in-memory one
 */
record ClientOptions(String sessionId, AuthStoreBundle auth, Path authBasePath, MessageStore store,
                     boolean cacheSignal, SocketFactory socketFactory, Clock clock, String loggerName,
                     Duration reconnectBaseDelay, Duration reconnectMaxDelay, Scheduler.Settings schedule,
                     int bindQueueSize,
                     LeaseKeeper.Settings lease) {

    ClientOptions {
        if (sessionId == null || !sessionId.matches("[A-Za-z0-9._-]{1,64}") || sessionId.startsWith(".")) {
            throw new IllegalArgumentException("sessionId must be 1-64 letters, digits, '.', '_' or '-' and not start"
                    + " with '.'; got " + (sessionId == null ? "null" : "'" + sessionId + "'"));
        }
        if (socketFactory == null) {
            throw new IllegalArgumentException("socketFactory is required (for example a SimulatedWhatsApp)");
        }
        requirePositive(reconnectBaseDelay, "reconnect base delay");
        requirePositive(reconnectMaxDelay, "reconnect max delay");
        requirePositive(schedule.pollInterval(), "schedule poll interval");
        requirePositive(schedule.retryBase(), "schedule retry base");
        requirePositive(schedule.retryMax(), "schedule retry max");
        requirePositive(schedule.lease(), "schedule lease");
        if (lease.ttl() == null || lease.ttl().compareTo(Duration.ofMillis(300)) < 0 || lease.ttl().compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("leaseTtl must be between 300 ms and 1 day; got " + lease.ttl());
        }
        if (lease.maxWait() == null || lease.maxWait().isNegative()) {
            throw new IllegalArgumentException("leaseWait must be zero (fail at once) or positive; got " + lease.maxWait());
        }
        if (!(schedule.ratePerSecond() > 0)) {
            throw new IllegalArgumentException("scheduleRateLimitPerSec must be positive");
        }
        if (bindQueueSize < 1) {
            throw new IllegalArgumentException("bindQueueSize must be at least 1, got " + bindQueueSize);
        }
        if (schedule.maxAttempts() < 1) {
            throw new IllegalArgumentException("scheduleMaxAttempts must be at least 1");
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(loggerName, "loggerName");
        Objects.requireNonNull(authBasePath, "authBasePath");
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration");
        }
    }
}
