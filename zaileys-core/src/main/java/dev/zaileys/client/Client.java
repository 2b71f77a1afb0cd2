package dev.zaileys.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.binding.StoreBinding;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.socket.AuthenticationState;
import dev.zaileys.socket.BaileysEvents;
import dev.zaileys.socket.DisconnectReason;
import dev.zaileys.socket.EventStream;
import dev.zaileys.socket.SignalKeyStore;
import dev.zaileys.socket.SocketFactory;
import dev.zaileys.socket.WASocket;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.memory.MemoryMessageStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
 * <p>One live client per {@code sessionId} per process: a second one is refused. Listeners run on
 * the thread that raised the event (the socket's, or the client's timer thread); keep them short.
 */
public final class Client implements AutoCloseable {

    private final String sessionId;
    private final AuthStoreBundle auth;
    private final boolean ownsAuth;
    private final MessageStore store;
    private final boolean ownsStore;
    private final SocketFactory socketFactory;
    private final Clock clock;
    private final Logger log;
    private final Duration reconnectBase;
    private final Duration reconnectMax;
    private final SessionRegistry registry;
    private final TransactionalKeyStore keys;
    private final ScheduledExecutorService timer;
    private final Scheduler scheduler;

    private final List<Listener<?>> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> rawEvents = ConcurrentHashMap.newKeySet();
    private final Object credsLock = new Object();
    private AuthCreds creds;

    private final Object lifecycle = new Object();
    private WASocket socket;
    // Guarded by lifecycle; made on the first connect and moved to every later socket.
    private StoreBinding binding;
    private final List<EventStream.Subscription> socketSubscriptions = new ArrayList<>();
    private volatile boolean open;
    private volatile WASocket.User me;
    private boolean started;
    private boolean closing;
    private boolean logoutRequested;
    private int reconnectAttempts;

    private record Listener<E extends ClientEvent>(Class<E> type, Consumer<? super E> action) {
        void offer(ClientEvent e) {
            if (type.isInstance(e)) {
                action.accept(type.cast(e));
            }
        }
    }

    private Client(Builder b) {
        this.sessionId = b.sessionId;
        this.socketFactory = Objects.requireNonNull(b.socketFactory, "socketFactory");
        this.clock = b.clock;
        this.log = LoggerFactory.getLogger(b.loggerName);
        this.reconnectBase = b.reconnectBaseDelay;
        this.reconnectMax = b.reconnectMaxDelay;
        this.registry = SessionRegistry.PROCESS;
        registry.acquire(sessionId, this);
        try {
            this.ownsAuth = b.auth == null;
            this.auth = ownsAuth ? DefaultStores.fileAuth(b.authBasePath.resolve(sessionId)) : b.auth;
            this.ownsStore = b.store == null;
            this.store = ownsStore ? new MemoryMessageStore() : b.store;
        } catch (RuntimeException e) {
            registry.release(sessionId, this);
            throw e;
        }
        this.keys = new TransactionalKeyStore(b.cacheSignal ? new CachingKeyStore(auth) : CachingKeyStore.direct(auth));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "zaileys-client-" + sessionId);
            t.setDaemon(true);
            return t;
        });
        this.scheduler = new Scheduler(new SchedulerHost(), store, clock, timer,
                new Scheduler.Settings(b.schedulePollInterval, b.scheduleRateLimitPerSec, b.scheduleMaxAttempts,
                        b.scheduleRetryBase, b.scheduleRetryMax, b.scheduleLease), log);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String sessionId() {
        return sessionId;
    }

    public AuthStoreBundle auth() {
        return auth;
    }

    public MessageStore store() {
        return store;
    }

    /** Returns once every event the socket emitted so far is durable in the message store. */
    public void flush() {
        StoreBinding b;
        synchronized (lifecycle) {
            b = binding;
        }
        if (b != null) {
            b.flush();
        }
    }

    /** The logged-in account while connected. */
    public Optional<WASocket.User> me() {
        return Optional.ofNullable(me);
    }

    public boolean isConnected() {
        return open;
    }

    // ---- listeners ----

    /** Subscribes to one kind of event; closing the handle unsubscribes. */
    public <E extends ClientEvent> EventStream.Subscription on(Class<E> type, Consumer<? super E> listener) {
        Listener<E> l = new Listener<>(Objects.requireNonNull(type, "type"), Objects.requireNonNull(listener, "listener"));
        listeners.add(l);
        return () -> listeners.remove(l);
    }

    public EventStream.Subscription onQr(Consumer<? super ClientEvent.Qr> listener) {
        return on(ClientEvent.Qr.class, listener);
    }

    public EventStream.Subscription onConnect(Consumer<? super ClientEvent.Connected> listener) {
        return on(ClientEvent.Connected.class, listener);
    }

    public EventStream.Subscription onDisconnect(Consumer<? super ClientEvent.Disconnected> listener) {
        return on(ClientEvent.Disconnected.class, listener);
    }

    public EventStream.Subscription onReconnecting(Consumer<? super ClientEvent.Reconnecting> listener) {
        return on(ClientEvent.Reconnecting.class, listener);
    }

    public EventStream.Subscription onStoreError(Consumer<? super ClientEvent.StoreError> listener) {
        return on(ClientEvent.StoreError.class, listener);
    }

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
        if (rawEvents.add(name)) {
            synchronized (lifecycle) {
                if (socket != null) {
                    forward(socket, name);
                }
            }
        }
        return s;
    }

    private void emit(ClientEvent e) {
        for (Listener<?> l : listeners) {
            try {
                l.offer(e);
            } catch (RuntimeException failure) {
                log.warn("[{}] a {} listener failed", sessionId, e.getClass().getSimpleName(), failure);
            }
        }
    }

    // ---- lifecycle ----

    /** Starts connecting (returns at once; watch {@code qr} and {@code connect}). Reconnects by itself. */
    public void connect() {
        synchronized (lifecycle) {
            ensureNotClosed();
            if (started) {
                return;
            }
            started = true;
            logoutRequested = false;
        }
        timer.execute(this::openSocket);
    }

    /** Logs the device out: the session's auth is cleared and the client does not reconnect. */
    public void logout() {
        WASocket s;
        synchronized (lifecycle) {
            ensureNotClosed();
            logoutRequested = true;
            s = socket;
        }
        if (s != null) {
            s.logout();
        } else {
            clearAuth();
        }
    }

    /**
     * Sends a message now through the open connection (see {@link WASocket#sendMessage}).
     * Throws {@link IllegalStateException} when not connected.
     */
    public WAMessage sendMessage(String jid, JsonNode content) {
        WASocket s = socket;
        if (s == null || !open) {
            throw new IllegalStateException("session '" + sessionId + "' is not connected");
        }
        return s.sendMessage(jid, content);
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
        synchronized (lifecycle) {
            ensureNotClosed();
        }
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
        WASocket s;
        boolean wasOpen;
        synchronized (lifecycle) {
            if (closing) {
                return;
            }
            closing = true;
            s = socket;
            wasOpen = open;
            // the socket's own close update is ignored from here on: this client reports it
            socket = null;
            open = false;
            me = null;
        }
        scheduler.stop();
        if (s != null) {
            try {
                s.end(null);
            } catch (RuntimeException e) {
                log.debug("[{}] ending the socket failed", sessionId, e);
            }
        }
        timer.shutdownNow();
        try {
            if (!timer.isTerminated() && !Thread.currentThread().getName().equals("zaileys-client-" + sessionId)) {
                timer.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lifecycle) {
            socketSubscriptions.forEach(EventStream.Subscription::close);
            socketSubscriptions.clear();
        }
        if (wasOpen) {
            log.info("[{}] closed", sessionId);
            emit(new ClientEvent.Disconnected(sessionId, DisconnectReason.CONNECTION_CLOSED.statusCode(),
                    DisconnectReason.CONNECTION_CLOSED, "client closed", false, false));
        }
        try {
            StoreBinding b;
            synchronized (lifecycle) {
                b = binding;
                binding = null;
            }
            try {
                if (b != null) {
                    b.close();
                }
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
                if (ownsAuth) {
                    auth.close();
                }
            } finally {
                registry.release(sessionId, this);
            }
        }
    }

    private void ensureNotClosed() {
        if (closing) {
            throw new IllegalStateException("client of session '" + sessionId + "' is closed");
        }
    }

    /** On the timer thread: builds the auth state and opens a socket. */
    private void openSocket() {
        WASocket s;
        synchronized (lifecycle) {
            if (closing) {
                return;
            }
            try {
                synchronized (credsLock) {
                    creds = auth.readCreds().orElse(null);
                }
            } catch (ZaileysStoreException e) {
                // Never pair over a session we merely failed to read: retry later.
                storeFailed(e, 0, true);
                scheduleReconnect(DisconnectReason.UNKNOWN.statusCode(), false);
                return;
            }
            State state = new State();
            s = socketFactory.create(sessionId, state);
            socket = s;
            socketSubscriptions.forEach(EventStream.Subscription::close);
            socketSubscriptions.clear();
            EventStream ev = s.ev();
            socketSubscriptions.add(ev.on(BaileysEvents.CONNECTION_UPDATE, u -> onConnectionUpdate(s, state, u)));
            socketSubscriptions.add(ev.on(BaileysEvents.CREDS_UPDATE, u -> onCredsUpdate(state, u)));
            for (String name : rawEvents) {
                forward(s, name);
            }
            if (binding == null) {
                binding = StoreBinding.bind(store, ev, (error, pending, willRetry) -> storeFailed(error, pending, willRetry));
            } else {
                binding.rebind(ev);
            }
        }
        log.debug("[{}] connecting", sessionId);
        s.start();
    }

    private void forward(WASocket s, String name) {
        socketSubscriptions.add(s.ev().on(name, payload -> emit(new ClientEvent.SocketEvent(sessionId, name, payload))));
    }

    private void onConnectionUpdate(WASocket s, State state, JsonNode u) {
        if (u.hasNonNull("qr")) {
            log.info("[{}] pairing: scan the QR", sessionId);
            emit(new ClientEvent.Qr(sessionId, u.get("qr").asText()));
        }
        String connection = u.path("connection").asText("");
        if (connection.equals("open")) {
            synchronized (lifecycle) {
                if (s != socket) {
                    return;
                }
                reconnectAttempts = 0;
                me = s.user().orElse(null);
                open = true;
            }
            log.info("[{}] connected as {}", sessionId, me == null ? "?" : me.id());
            emit(new ClientEvent.Connected(sessionId, me));
            scheduler.start();
        } else if (connection.equals("close")) {
            JsonNode error = u.path("lastDisconnect").path("error");
            int status = error.path("statusCode").asInt(error.path("output").path("statusCode").asInt(-1));
            String message = error.path("message").asText("");
            if (DisconnectReason.isLoggedOut(status)) {
                // from now on this socket's late writes are dropped, so none can land after the wipe
                state.fenced = true;
            }
            synchronized (lifecycle) {
                if (s != socket) {
                    return;
                }
                open = false;
                me = null;
            }
            scheduler.stop();
            try {
                timer.execute(() -> onClose(s, status, message));
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                emit(new ClientEvent.Disconnected(sessionId, status, DisconnectReason.of(status), message,
                        DisconnectReason.isLoggedOut(status), false));
            }
        }
    }

    /** On the timer thread. */
    private void onClose(WASocket s, int status, String message) {
        boolean loggedOut = DisconnectReason.isLoggedOut(status);
        boolean reconnect;
        synchronized (lifecycle) {
            if (s != socket) {
                return;
            }
            reconnect = !closing && !logoutRequested;
            if (!reconnect) {
                started = false;
            }
        }
        boolean cleared = true;
        if (loggedOut) {
            log.warn("[{}] logged out (status {}): clearing the session's creds and keys before pairing again",
                    sessionId, status);
            cleared = clearAuth();
        } else {
            log.info("[{}] connection closed (status {} {}){}", sessionId, status, DisconnectReason.of(status),
                    reconnect ? ", reconnecting" : "");
        }
        emit(new ClientEvent.Disconnected(sessionId, status, DisconnectReason.of(status), message, loggedOut, reconnect));
        if (reconnect) {
            // a failed clear is retried by the next attempt's path (creds still there: logged out again)
            scheduleReconnect(status, loggedOut && cleared);
        }
    }

    private boolean clearAuth() {
        try {
            // Under both write locks: a creds write or key commit still in flight finishes first, and
            // a logged-out socket's later ones see its fence (checked under the same locks) and drop.
            keys.exclusive(() -> {
                synchronized (credsLock) {
                    auth.clear();
                    keys.invalidate();
                    creds = null;
                }
            });
            return true;
        } catch (ZaileysStoreException e) {
            storeFailed(e, 0, true);
            return false;
        }
    }

    private void scheduleReconnect(int status, boolean immediate) {
        Duration delay;
        int attempt;
        synchronized (lifecycle) {
            if (closing) {
                return;
            }
            attempt = ++reconnectAttempts;
            if (immediate || status == DisconnectReason.RESTART_REQUIRED.statusCode()) {
                delay = Duration.ZERO;
            } else {
                long cap = reconnectMax.toMillis();
                long exp = Math.min(cap, reconnectBase.toMillis() << Math.min(attempt - 1, 20));
                // "equal jitter": half fixed, half random, so clients that dropped together spread out
                delay = Duration.ofMillis(exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1));
            }
        }
        emit(new ClientEvent.Reconnecting(sessionId, attempt, delay));
        try {
            timer.schedule(this::openSocket, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closing
        }
    }

    /** Merges a partial creds update (as Baileys' {@code Object.assign}) and persists it. */
    private void onCredsUpdate(State from, JsonNode update) {
        if (!update.isObject()) {
            return;
        }
        synchronized (credsLock) {
            if (from.fenced) {
                // a logged-out socket's creds would make the next start resume a dead session
                log.debug("[{}] dropped a creds update from a logged-out connection", sessionId);
                return;
            }
            ObjectNode merged = creds == null ? BufferJson.object() : creds.toJson();
            update.fields().forEachRemaining(f -> merged.set(f.getKey(), f.getValue().deepCopy()));
            AuthCreds next = AuthCreds.of(merged);
            creds = next;
            try {
                auth.writeCreds(next);
            } catch (ZaileysStoreException e) {
                // kept in memory; the next update (or this one's retry) writes the merged whole
                storeFailed(e, 1, true);
                try {
                    timer.schedule(this::retryCredsWrite, 500, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    // closing
                }
            }
        }
    }

    private void retryCredsWrite() {
        synchronized (credsLock) {
            if (creds == null) {
                return;
            }
            try {
                auth.writeCreds(creds);
            } catch (ZaileysStoreException e) {
                storeFailed(e, 1, true);
                timer.schedule(this::retryCredsWrite, 2, TimeUnit.SECONDS);
            }
        }
    }

    private void storeFailed(ZaileysStoreException e, int pending, boolean willRetry) {
        log.warn("[{}] store error ({} pending, {}): {}", sessionId, pending, willRetry ? "will retry" : "not retried",
                e.getMessage());
        emit(new ClientEvent.StoreError(sessionId, e, pending, willRetry));
    }

    /**
     * The authentication state handed to one socket: live creds plus the (cached) key store, whose
     * writes stop once the socket is logged out ({@link #fenced}).
     */
    private final class State implements AuthenticationState {
        volatile boolean fenced;
        private final SignalKeyStore view = keys.fencedBy(() -> fenced);

        @Override
        public Optional<AuthCreds> creds() {
            synchronized (credsLock) {
                return Optional.ofNullable(creds);
            }
        }

        @Override
        public SignalKeyStore keys() {
            return view;
        }
    }

    private final class SchedulerHost implements Scheduler.Host {
        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void send(String recipient, JsonNode payload) {
            sendMessage(recipient, payload);
        }

        @Override
        public void emit(ClientEvent event) {
            Client.this.emit(event);
        }

        @Override
        public void storeFailed(ZaileysStoreException e, int pending, boolean willRetry) {
            Client.this.storeFailed(e, pending, willRetry);
        }

        @Override
        public String sessionId() {
            return sessionId;
        }
    }

    /** Client options; {@link #build()} validates them. Only {@link #socketFactory} is required. */
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

        public Builder socketFactory(SocketFactory socketFactory) {
            this.socketFactory = socketFactory;
            return this;
        }

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

        /** How long a claim holds a job (default 60 s): longer than a send can take. */
        public Builder scheduleLease(Duration lease) {
            this.scheduleLease = lease;
            return this;
        }


        public Client build() {
            if (sessionId == null || !sessionId.matches("[A-Za-z0-9._-]{1,64}") || sessionId.startsWith(".")) {
                throw new IllegalArgumentException("sessionId must be 1-64 letters, digits, '.', '_' or '-' and not start"
                        + " with '.'; got " + (sessionId == null ? "null" : "'" + sessionId + "'"));
            }
            if (socketFactory == null) {
                throw new IllegalArgumentException("socketFactory is required (for example a SimulatedWhatsApp)");
            }
            requirePositive(reconnectBaseDelay, "reconnect base delay");
            requirePositive(reconnectMaxDelay, "reconnect max delay");
            requirePositive(schedulePollInterval, "schedule poll interval");
            requirePositive(scheduleRetryBase, "schedule retry base");
            requirePositive(scheduleRetryMax, "schedule retry max");
            requirePositive(scheduleLease, "schedule lease");
            if (!(scheduleRateLimitPerSec > 0)) {
                throw new IllegalArgumentException("scheduleRateLimitPerSec must be positive");
            }
            if (scheduleMaxAttempts < 1) {
                throw new IllegalArgumentException("scheduleMaxAttempts must be at least 1");
            }
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(loggerName, "loggerName");
            Objects.requireNonNull(authBasePath, "authBasePath");
            return new Client(this);
        }

        private static void requirePositive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be a positive duration");
            }
        }
    }


    @Override
    public String toString() {
        return "Client{session=" + sessionId + ", store=" + store + ", connected=" + open + "}";
    }
}
