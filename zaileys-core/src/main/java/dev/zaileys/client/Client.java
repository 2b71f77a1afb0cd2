package dev.zaileys.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.binding.StoreBinding;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.socket.EventStream;
import dev.zaileys.socket.SocketFactory;
import dev.zaileys.socket.WASocket;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.SessionLease;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.memory.MemoryMessageStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WhatsApp client wired to pluggable storage: it gives the auth store to the socket as its
 * authentication state (behind a read cache), persists every {@code creds.update}, binds the
 * message store to the socket's events, clears the session on a logged-out close (401/410),
 * reconnects with capped, jittered backoff after any other close, and runs restart-safe
 * scheduled sends.
 *
 * <pre>{@code
 * try (Client client = Client.builder().sessionId("main").socketFactory(factory).build()) {
 *     client.onQr(e -> System.out.println(e.qr()));
 *     client.onConnect(e -> System.out.println("connected as " + e.me().id()));
 *     client.connect();
 *     ...
 * }
 * }</pre>
 *
 * <p>This class is the facade; the work is done by package-private parts a reader can take one
 * at a time: {@code ClientOptions} (checked settings), {@code ConnectionSupervisor} (socket
 * lifecycle, reconnects, logout wipe), {@code CredsKeeper} (creds and the authentication state),
 * {@code Scheduler} (scheduled sends) and {@code ClientListeners} (events).
 *
 * <p>One live client per {@code sessionId} per process: a second one is refused. Listeners run on
 * the thread that raised the event (the socket's, or the client's timer thread); keep them short.
 */
public final class Client implements AutoCloseable {

    private final String sessionId;
    private final AuthStoreBundle auth;
    private final boolean ownsAuth;
    private final MessageStore store;
    private final boolean ownsStore;
    private final Logger log;
    private final SessionRegistry registry = SessionRegistry.PROCESS;
    private final ClientListeners events;
    private final Scheduler scheduler;
    private final ConnectionSupervisor connection;
    private final LeaseKeeper lease;

    private Client(ClientOptions options) {
        this.sessionId = options.sessionId();
        this.log = LoggerFactory.getLogger(options.loggerName());
        registry.acquire(sessionId, this);
        try {
            this.ownsAuth = options.auth() == null;
            this.auth = ownsAuth ? DefaultStores.fileAuth(options.authBasePath().resolve(sessionId)) : options.auth();
            this.ownsStore = options.store() == null;
            this.store = ownsStore ? new MemoryMessageStore() : options.store();
        } catch (RuntimeException e) {
            registry.release(sessionId, this);
            throw e;
        }
        this.events = new ClientListeners(sessionId, log);
        ScheduledExecutorService timer = ConnectionSupervisor.newTimer(sessionId);
        CredsKeeper creds = new CredsKeeper(sessionId, auth, options.cacheSignal(), timer, events, log);
        this.scheduler = new Scheduler(sessionId, new SchedulerHost(), events, store, options.clock(), timer, options.schedule(), log);
        this.connection = new ConnectionSupervisor(options, store, creds, scheduler, timer, events, log);
        this.lease = new LeaseKeeper(sessionId, auth, options.lease(), events, log, this::leaseLost);
    }

    /** A builder of clients; only its {@link Builder#socketFactory socket factory} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The session this client serves (it names the default auth folder and is on every event). */
    public String sessionId() {
        return sessionId;
    }

    /** The session store: the one passed to the builder, or the default file auth. */
    public AuthStoreBundle auth() {
        return auth;
    }

    /** The history store: the one passed to the builder, or the default in-memory one. */
    public MessageStore store() {
        return store;
    }

    /** Returns once every event the socket emitted so far is durable in the message store. */
    public void flush() {
        connection.flush();
    }

    /** The logged-in account while connected. */
    public Optional<WASocket.User> me() {
        return connection.me();
    }

    /** Whether the connection is open (logged in). */
    public boolean isConnected() {
        return connection.isOpen();
    }

    /** Bound writes accepted from the socket and not yet durable in the message store. */
    public long pendingStoreWrites() {
        StoreBinding b = connection.binding();
        return b == null ? 0 : b.pending();
    }

    /** Bound writes given up on (each reported as a {@link ClientEvent.StoreError} that will not retry). */
    public long failedStoreWrites() {
        StoreBinding b = connection.binding();
        return b == null ? 0 : b.failedWrites();
    }

    // ---- listeners ----

    /** Subscribes to one kind of event; closing the handle unsubscribes. */
    public <E extends ClientEvent> EventStream.Subscription on(Class<E> type, Consumer<? super E> listener) {
        return events.add(type, listener);
    }

    /** Subscribes to pairing QRs. */
    public EventStream.Subscription onQr(Consumer<? super ClientEvent.Qr> listener) {
        return on(ClientEvent.Qr.class, listener);
    }

    /** Subscribes to opened connections. */
    public EventStream.Subscription onConnect(Consumer<? super ClientEvent.Connected> listener) {
        return on(ClientEvent.Connected.class, listener);
    }

    /** Subscribes to closed connections. */
    public EventStream.Subscription onDisconnect(Consumer<? super ClientEvent.Disconnected> listener) {
        return on(ClientEvent.Disconnected.class, listener);
    }

    /** Subscribes to reconnect attempts. */
    public EventStream.Subscription onReconnecting(Consumer<? super ClientEvent.Reconnecting> listener) {
        return on(ClientEvent.Reconnecting.class, listener);
    }

    /** Subscribes to background store failures. */
    public EventStream.Subscription onStoreError(Consumer<? super ClientEvent.StoreError> listener) {
        return on(ClientEvent.StoreError.class, listener);
    }

    /** Subscribes to scheduled jobs the client gave up on. */
    public EventStream.Subscription onScheduleFailed(Consumer<? super ClientEvent.ScheduleFailed> listener) {
        return on(ClientEvent.ScheduleFailed.class, listener);
    }

    /** Raw socket events of one Baileys name (e.g. {@code messages.upsert}), across reconnects. */
    public EventStream.Subscription onSocketEvent(String name, Consumer<? super ClientEvent.SocketEvent> listener) {
        Objects.requireNonNull(name, "name");
        EventStream.Subscription s = on(ClientEvent.SocketEvent.class, e -> {
            if (e.name().equals(name)) {
                listener.accept(e);
            }
        });
        connection.forwardRawEvents(name);
        return s;
    }

    // ---- lifecycle ----

    /**
     * Takes the session's lease, then starts connecting (returns once the lease is held; watch
     * {@code qr} and {@code connect}). Reconnects by itself, keeping the lease.
     *
     * @throws ZaileysStoreException {@code STORE_LEASE_HELD} naming the process that owns the
     *     session (host, pid, since) when it still holds the lease after {@link Builder#leaseWait}
     */
    public void connect() {
        connection.ensureNotClosed();
        lease.acquire();
        connection.connect();
    }

    /** The fencing epoch of the session lease this client holds; empty before {@link #connect()} or once lost. */
    public java.util.OptionalLong leaseEpoch() {
        return lease.epoch();
    }

    /** {@link ClientEvent.LeaseLost}: another process took the session over; this client has closed. */
    public EventStream.Subscription onLeaseLost(Consumer<? super ClientEvent.LeaseLost> listener) {
        return on(ClientEvent.LeaseLost.class, listener);
    }

    private void leaseLost(String reason, long epoch) {
        try {
            close();
        } catch (RuntimeException e) {
            log.warn("[{}] closing after the lease was lost failed: {}", sessionId, e.getMessage());
        }
        events.emit(new ClientEvent.LeaseLost(sessionId, epoch, reason));
    }

    /** Logs the device out: the session's auth is cleared and the client does not reconnect. */
    public void logout() {
        connection.logout();
    }

    /**
     * Sends a message now through the open connection (see {@link WASocket#sendMessage}).
     * Throws {@link IllegalStateException} when not connected.
     */
    public WAMessage sendMessage(String jid, JsonNode content) {
        return connection.send(jid, content);
    }

    /** Sends a text message now. */
    public WAMessage sendText(String jid, String text) {
        ObjectNode content = BufferJson.object();
        content.put("text", text);
        return sendMessage(jid, content);
    }

    /**
     * Schedules {@code payload} (message content like {@code {"text": "hi"}}) to {@code recipient}
     * at {@code at}. The job is persisted in the message store before this returns, so it
     * survives a restart (with a persistent store); it fires once, is deleted only after the send
     * succeeded, is retried with backoff when the send fails, and is reported (a
     * {@link ClientEvent.ScheduleFailed} and a log line) when the client gives up.
     *
     * @throws IllegalArgumentException for a null or absurd time, a recipient that is not a
     *     jid, or an empty payload; nothing is stored then
     */
    public ScheduledSend schedule(Instant at, String recipient, JsonNode payload) {
        connection.ensureNotClosed();
        return scheduler.schedule(at, recipient, payload);
    }

    /** {@link #schedule(Instant, String, JsonNode)} of a text message. */
    public ScheduledSend schedule(Instant at, String recipient, String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("text must not be empty");
        }
        ObjectNode content = BufferJson.object();
        content.put("text", text);
        return schedule(at, recipient, content);
    }

    /**
     * Ends the connection, stops the scheduler, flushes the message store and closes the stores
     * this client created (never the ones you passed in). Idempotent.
     */
    @Override
    public void close() {
        if (!connection.shutDown()) {
            return;
        }
        try {
            try {
                connection.closeBinding();
            } finally {
                if (ownsStore) {
                    store.close();
                }
            }
        } catch (ZaileysStoreException e) {
            log.error("[{}] flushing the message store on close failed: {}", sessionId, e.getMessage());
            throw e;
        } finally {
            try {
                lease.release();
                if (ownsAuth) {
                    auth.close();
                }
            } finally {
                registry.release(sessionId, this);
            }
        }
    }

    @Override
    public String toString() {
        return "Client{session=" + sessionId + ", store=" + store + ", connected=" + isConnected() + "}";
    }

    /** The scheduler's view of the connection, which is made after it (the connection starts it). */
    private final class SchedulerHost implements Scheduler.Host {
        @Override
        public boolean isOpen() {
            return connection.isOpen();
        }

        @Override
        public void send(String recipient, JsonNode payload) {
            connection.send(recipient, payload);
        }
    }

    /**
     * Client options; {@link #build()} validates them (the rules live in {@code ClientOptions}).
     * Only {@link #socketFactory} is required.
     */
    public static final class Builder {
        private String sessionId = "default";
        private AuthStoreBundle auth;
        private Path authBasePath = Path.of(".zaileys", "auth");
        private MessageStore store;
        private boolean cacheSignal = true;
        private SocketFactory socketFactory;
        private Clock clock = Clock.systemUTC();
        private String loggerName = Client.class.getName();
        private Duration reconnectBaseDelay = Duration.ofSeconds(1);
        private Duration reconnectMaxDelay = Duration.ofSeconds(60);
        private Duration schedulePollInterval = Duration.ofSeconds(1);
        private double scheduleRateLimitPerSec = 1;
        private int scheduleMaxAttempts = 5;
        private Duration scheduleRetryBase = Duration.ofSeconds(5);
        private Duration scheduleRetryMax = Duration.ofMinutes(5);
        private Duration scheduleLease = Duration.ofSeconds(60);
        private int bindQueueSize = StoreBinding.QUEUE_CAPACITY;
        private Duration leaseTtl = SessionLease.DEFAULT_TTL;
        private Duration leaseWait = Duration.ZERO;

        private Builder() {}

        /** Names the session (default {@code default}); the default auth folder and every event carry it. */
        public Builder sessionId(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        /** The session store (default: a {@code FileAuthStore} under {@code ./.zaileys/auth/<sessionId>}). */
        public Builder auth(AuthStoreBundle auth) {
            this.auth = auth;
            return this;
        }

        /** Where the default file auth keeps its session folders (default {@code ./.zaileys/auth}). */
        public Builder authBasePath(Path basePath) {
            this.authBasePath = basePath;
            return this;
        }

        /** The history store (default: a {@code MemoryMessageStore}). */
        public Builder store(MessageStore store) {
            this.store = store;
            return this;
        }

        /** Whether Signal reads go through an in-memory cache (default true). */
        public Builder cacheSignal(boolean cacheSignal) {
            this.cacheSignal = cacheSignal;
            return this;
        }

        /** Makes the sockets (required): a {@code SimulatedWhatsApp} in tests and demos, Baileys in production. */
        public Builder socketFactory(SocketFactory socketFactory) {
            this.socketFactory = socketFactory;
            return this;
        }

        /** The time scheduled jobs are due against (default the system UTC clock). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The SLF4J logger the client logs to (default {@code dev.zaileys.client.Client}). */
        public Builder loggerName(String loggerName) {
            this.loggerName = loggerName;
            return this;
        }

        /** First reconnect delay (doubled per attempt, jittered, capped by the max). */
        public Builder reconnectDelay(Duration base, Duration max) {
            this.reconnectBaseDelay = base;
            this.reconnectMaxDelay = max;
            return this;
        }

        /** How often the scheduler looks for due jobs while connected (default 1 s). */
        public Builder schedulePollInterval(Duration interval) {
            this.schedulePollInterval = interval;
            return this;
        }

        /** At most this many scheduled sends per second (default 1). */
        public Builder scheduleRateLimitPerSec(double perSecond) {
            this.scheduleRateLimitPerSec = perSecond;
            return this;
        }

        /** Sends tried per job before it is marked failed and reported (default 5). */
        public Builder scheduleMaxAttempts(int attempts) {
            this.scheduleMaxAttempts = attempts;
            return this;
        }

        /** Delay before the first retry of a failed send, doubled per attempt up to {@code max}. */
        public Builder scheduleRetryBackoff(Duration base, Duration max) {
            this.scheduleRetryBase = base;
            this.scheduleRetryMax = max;
            return this;
        }

        /**
         * How many bound writes may wait for the message store (default
         * {@value StoreBinding#QUEUE_CAPACITY}); beyond it the socket's event thread blocks.
         */
        public Builder bindQueueSize(int size) {
            this.bindQueueSize = size;
            return this;
        }

        /**
         * The TTL of the session lease (default 30 s), renewed every third of it: a process that
         * dies loses the session after at most this long, and another may take it over.
         */
        public Builder leaseTtl(Duration ttl) {
            this.leaseTtl = ttl;
            return this;
        }

        /**
         * How long {@link Client#connect()} waits for a session lease another process holds
         * (default zero: fail at once with {@code STORE_LEASE_HELD} naming that process). A rolling
         * deploy's new process sets about the TTL plus a margin, to take over from the old one.
         */
        public Builder leaseWait(Duration wait) {
            this.leaseWait = wait;
            return this;
        }

        /** How long a claim holds a job (default 60 s): longer than a send can take. */
        public Builder scheduleLease(Duration lease) {
            this.scheduleLease = lease;
            return this;
        }

        /**
         * Checks the options and makes the client.
         *
         * @throws IllegalArgumentException for a missing socket factory, a bad session id or a
         *     non-positive delay, rate or attempt count
         * @throws IllegalStateException when this process already has a live client of the session
         */
        public Client build() {
            return new Client(new ClientOptions(sessionId, auth, authBasePath, store, cacheSignal, socketFactory,
                    clock, loggerName, reconnectBaseDelay, reconnectMaxDelay,
                    new Scheduler.Settings(schedulePollInterval, scheduleRateLimitPerSec, scheduleMaxAttempts,
                            scheduleRetryBase, scheduleRetryMax, scheduleLease), bindQueueSize,
                    new LeaseKeeper.Settings(leaseTtl, leaseWait)));
        }
    }
}
