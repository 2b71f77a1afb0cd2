package dev.zaileys.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.MessageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * Restart-safe scheduled sends of one client. Jobs live in the message store; this class only
 * keeps timers. While the client is connected it polls the store and claims due jobs with a
 * lease (a compare-and-set in the store), so several clients of one session sharing a store fire
 * each job once, and a claimer that dies loses its claim when the lease runs out. A job is
 * deleted only after its send succeeded; a failed send is retried with capped backoff and, after
 * the last attempt, marked failed in the store and reported.
 */
final class Scheduler {

    /** The connection the scheduler sends through. */
    interface Host {
        boolean isOpen();

        void send(String recipient, JsonNode payload);
    }

    record Settings(Duration pollInterval, double ratePerSecond, int maxAttempts, Duration retryBase,
                    Duration retryMax, Duration lease) {}

    static final Pattern JID = Pattern.compile(
            "[^@\\s/]+@(s\\.whatsapp\\.net|g\\.us|lid|broadcast|newsletter|c\\.us)");
    private static final int MAX_CLAIM = 50;
    private static final int MAX_PAYLOAD_BYTES = 1024 * 1024;

    private final String sessionId;
    private final Host host;
    private final ClientListeners events;
    private final MessageStore store;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Settings settings;
    private final Logger log;
    private final String owner;
    private ScheduledFuture<?> periodic;
    private ScheduledFuture<?> armed;
    private Instant armedAt;
    // token bucket on the monotonic clock: a rate limit is about real time, not the injected one
    private double tokens;
    private long refilledAt = System.nanoTime();

    Scheduler(String sessionId, Host host, ClientListeners events, MessageStore store, Clock clock,
              ScheduledExecutorService timer, Settings settings, Logger log) {
        this.sessionId = sessionId;
        this.host = host;
        this.events = events;
        this.store = store;
        this.clock = clock;
        this.timer = timer;
        this.settings = settings;
        this.log = log;
        this.owner = sessionId + "/" + UUID.randomUUID();
        this.tokens = Math.max(1, settings.ratePerSecond());
    }

    String owner() {
        return owner;
    }

    /** Validates, persists, arms. Throws {@link IllegalArgumentException} for bad input. */
    ScheduledSend schedule(Instant at, String recipient, JsonNode payload) {
        Instant now = clock.instant();
        if (at == null) {
            throw new IllegalArgumentException("schedule time must not be null");
        }
        if (at.isBefore(now.minus(1, ChronoUnit.MINUTES))) {
            throw new IllegalArgumentException("schedule time " + at + " is in the past (now " + now + ")");
        }
        if (at.isAfter(now.plus(3660, ChronoUnit.DAYS))) {
            throw new IllegalArgumentException("schedule time " + at + " is more than ten years ahead");
        }
        if (recipient == null || !JID.matcher(recipient).matches()) {
            throw new IllegalArgumentException("recipient must be a WhatsApp jid like 6281234567890@s.whatsapp.net"
                    + " or ...@g.us; got " + (recipient == null ? "null" : "'" + abbreviate(recipient) + "'"));
        }
        if (payload == null || !payload.isObject() || payload.isEmpty()) {
            throw new IllegalArgumentException("payload must be a non-empty JSON object (message content such as"
                    + " {\"text\": \"hi\"})");
        }
        if (BufferJson.encode(payload).length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload is larger than " + MAX_PAYLOAD_BYTES + " bytes");
        }
        ScheduledJob job = ScheduledJob.create("sched-" + UUID.randomUUID(), at, recipient, payload);
        store.saveScheduledJob(job);
        arm(at);
        return new Handle(job.id(), at, recipient);
    }

    /** Starts polling (on connect): jobs that came due while down fire now, at the rate limit. */
    synchronized void start() {
        if (timer.isShutdown()) {
            return;
        }
        try {
            if (periodic == null) {
                long ms = settings.pollInterval().toMillis();
                periodic = timer.scheduleWithFixedDelay(this::pollSafely, 0, ms, TimeUnit.MILLISECONDS);
            } else {
                timer.execute(this::pollSafely);
            }
        } catch (RejectedExecutionException closing) {
            // the client is closing
        }
    }

    synchronized void stop() {
        if (periodic != null) {
            periodic.cancel(false);
            periodic = null;
        }
        if (armed != null) {
            armed.cancel(false);
            armed = null;
            armedAt = null;
        }
    }

    /** Arms a one-shot poll at {@code at} when it comes before anything already armed. */
    private synchronized void arm(Instant at) {
        if (periodic == null || (armedAt != null && !at.isBefore(armedAt) && armed != null && !armed.isDone())) {
            return;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        if (delay >= settings.pollInterval().toMillis() * 2) {
            delay = settings.pollInterval().toMillis() * 2;
        }
        try {
            armed = timer.schedule(this::pollSafely, delay, TimeUnit.MILLISECONDS);
            armedAt = at;
        } catch (RejectedExecutionException closing) {
            // the client is closing
        }
    }

    private void pollSafely() {
        try {
            poll();
        } catch (ZaileysStoreException e) {
            events.storeFailed(e, 0, true);
        } catch (RuntimeException e) {
            log.error("[{}] scheduler poll failed", sessionId, e);
        }
    }

    /** Claims and fires due jobs, as many as the rate limit allows right now. */
    void poll() {
        if (!host.isOpen()) {
            return;
        }
        int allowed = takeTokens();
        if (allowed == 0) {
            later(this::pollSafely, millisToNextToken());
            return;
        }
        Instant now = clock.instant();
        List<ScheduledJob> claimed = store.claimDueJobs(now, owner, settings.lease(), allowed);
        returnTokens(allowed - claimed.size());
        for (ScheduledJob job : claimed) {
            if (!host.isOpen()) {
                release(job, "connection closed before the send");
                continue;
            }
            fire(job);
        }
        if (claimed.size() == allowed) {
            // maybe more are due: come back when the rate limit lets us
            later(this::pollSafely, millisToNextToken());
        }
    }

    private void fire(ScheduledJob job) {
        try {
            host.send(job.recipient(), job.payload());
        } catch (RuntimeException e) {
            failed(job, e);
            return;
        }
        deleteSent(job, 0);
    }

    private void deleteSent(ScheduledJob job, int tries) {
        try {
            store.deleteScheduledJob(job.id());
            log.info("[{}] scheduled job {} sent to {}", sessionId, job.id(), job.recipient());
            events.emit(new ClientEvent.ScheduleSent(sessionId, job));
        } catch (ZaileysStoreException e) {
            // Sent but still stored: keep trying to delete before the lease lets someone resend it.
            events.storeFailed(e, 1, true);
            long delay = Math.min(settings.lease().toMillis() / 4, 100L << Math.min(tries, 10));
            later(() -> deleteSent(job, tries + 1), delay);
        }
    }

    private void failed(ScheduledJob job, RuntimeException e) {
        String reason = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage());
        try {
            if (job.attempts() >= settings.maxAttempts()) {
                ScheduledJob dead = job.failed(reason);
                store.replaceScheduledJob(job, dead);
                log.error("[{}] scheduled job {} to {} failed {} times, giving up (kept in the store, marked failed): {}",
                        sessionId, job.id(), job.recipient(), job.attempts(), reason);
                events.emit(new ClientEvent.ScheduleFailed(sessionId, dead, reason));
                return;
            }
            Instant next = clock.instant().plus(backoff(job.attempts()));
            if (store.replaceScheduledJob(job, job.retryAt(next, reason))) {
                log.warn("[{}] scheduled job {} failed (attempt {} of {}), retrying at {}: {}", sessionId, job.id(),
                        job.attempts(), settings.maxAttempts(), next, reason);
                arm(next);
            }
        } catch (ZaileysStoreException se) {
            // the lease will free the job; it is retried then
            events.storeFailed(se, 1, true);
        }
    }

    private void release(ScheduledJob job, String reason) {
        try {
            ScheduledJob back = job.retryAt(job.fireAt(), reason);
            store.replaceScheduledJob(job, back);
        } catch (ZaileysStoreException e) {
            events.storeFailed(e, 1, true);
        }
    }

    private void later(Runnable task, long delayMs) {
        try {
            timer.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // the client is closing; the store still holds the job
        }
    }

    Duration backoff(int attempts) {
        long base = settings.retryBase().toMillis();
        long ms = base << Math.min(Math.max(attempts - 1, 0), 20);
        return Duration.ofMillis(Math.min(ms, settings.retryMax().toMillis()));
    }

    private synchronized int takeTokens() {
        refill();
        int n = (int) Math.min(Math.floor(tokens), MAX_CLAIM);
        tokens -= n;
        return n;
    }

    private synchronized void returnTokens(int n) {
        tokens += n;
    }

    private synchronized long millisToNextToken() {
        refill();
        double missing = Math.max(0, 1 - tokens);
        return Math.max(1, (long) Math.ceil(missing * 1000 / settings.ratePerSecond()));
    }

    private void refill() {
        long now = System.nanoTime();
        double capacity = Math.max(1, settings.ratePerSecond());
        tokens = Math.min(capacity, tokens + (now - refilledAt) / 1e9 * settings.ratePerSecond());
        refilledAt = now;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    private final class Handle implements ScheduledSend {
        private final String id;
        private final Instant fireAt;
        private final String recipient;

        Handle(String id, Instant fireAt, String recipient) {
            this.id = id;
            this.fireAt = fireAt;
            this.recipient = recipient;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Instant fireAt() {
            return fireAt;
        }

        @Override
        public String recipient() {
            return recipient;
        }

        @Override
        public boolean cancel() {
            Optional<ScheduledJob> job = store.getScheduledJob(id);
            return job.isPresent() && store.deleteScheduledJob(id);
        }

        @Override
        public String toString() {
            return "ScheduledSend{" + id + " at " + fireAt + " to " + recipient + "}";
        }
    }
}
