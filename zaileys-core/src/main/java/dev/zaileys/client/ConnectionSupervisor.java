package dev.zaileys.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.binding.StoreBinding;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.socket.BaileysEvents;
import dev.zaileys.socket.DisconnectReason;
import dev.zaileys.socket.EventStream;
import dev.zaileys.socket.SocketFactory;
import dev.zaileys.socket.WASocket;
import dev.zaileys.store.MessageStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Keeps one session connected: opens a socket from the stored creds, follows its connection
 * updates, reconnects with capped, jittered backoff after a close, wipes the session (through
 * {@link CredsKeeper#clear()}) after a logged-out one (401/410), and moves the message store's
 * binding and the raw-event forwarding to every new socket.
 *
 * <p>All socket state is guarded by one lock ({@code lifecycle}); sockets are opened and closes
 * handled on the client's single timer thread, which this class also stops on shutdown (the
 * creds keeper and the scheduler only schedule work on it).
 */
final class ConnectionSupervisor {

    private final String sessionId;
    private final MessageStore store;
    private final SocketFactory socketFactory;
    private final CredsKeeper creds;
    private final Scheduler scheduler;
    private final ScheduledExecutorService timer;
    private final ClientListeners events;
    private final Logger log;
    private final Duration reconnectBase;
    private final Duration reconnectMax;
    private final int bindQueueSize;
    private final Set<String> rawEvents = ConcurrentHashMap.newKeySet();

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

    ConnectionSupervisor(ClientOptions options, MessageStore store, CredsKeeper creds, Scheduler scheduler,
                         ScheduledExecutorService timer, ClientListeners events, Logger log) {
        this.sessionId = options.sessionId();
        this.store = store;
        this.socketFactory = options.socketFactory();
        this.reconnectBase = options.reconnectBaseDelay();
        this.reconnectMax = options.reconnectMaxDelay();
        this.bindQueueSize = options.bindQueueSize();
        this.creds = creds;
        this.scheduler = scheduler;
        this.timer = timer;
        this.events = events;
        this.log = log;
    }

    /** The single thread a client's connection work runs on. */
    static ScheduledExecutorService newTimer(String sessionId) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, timerThreadName(sessionId));
            t.setDaemon(true);
            return t;
        });
    }

    private static String timerThreadName(String sessionId) {
        return "zaileys-client-" + sessionId;
    }

    boolean isOpen() {
        return open;
    }

    Optional<WASocket.User> me() {
        return Optional.ofNullable(me);
    }

    void connect() {
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

    void logout() {
        WASocket s;
        synchronized (lifecycle) {
            ensureNotClosed();
            logoutRequested = true;
            s = socket;
        }
        if (s != null) {
            s.logout();
        } else {
            creds.clear();
        }
    }

    WAMessage send(String jid, JsonNode content) {
        WASocket s = socket;
        if (s == null || !open) {
            throw new IllegalStateException("session '" + sessionId + "' is not connected");
        }
        return s.sendMessage(jid, content);
    }

    /** The binding of the message store, once the first socket was made. */
    StoreBinding binding() {
        synchronized (lifecycle) {
            return binding;
        }
    }

    /** Returns once every event the socket emitted so far is durable in the message store. */
    void flush() {
        StoreBinding b;
        synchronized (lifecycle) {
            b = binding;
        }
        if (b != null) {
            b.flush();
        }
    }

    /** Forwards the raw socket events of {@code name} as {@link ClientEvent.SocketEvent}s, across reconnects. */
    void forwardRawEvents(String name) {
        if (rawEvents.add(name)) {
            synchronized (lifecycle) {
                if (socket != null) {
                    forward(socket, name);
                }
            }
        }
    }

    void ensureNotClosed() {
        synchronized (lifecycle) {
            if (closing) {
                throw new IllegalStateException("client of session '" + sessionId + "' is closed");
            }
        }
    }

    /**
     * Ends the connection for good: stops the scheduler and the timer thread, ends the socket and
     * reports the close if it was open. The message store's binding stays until
     * {@link #closeBinding()}, so the caller decides how its flush failure is reported.
     *
     * @return false when already shut down (the caller's close is then a no-op)
     */
    boolean shutDown() {
        WASocket s;
        boolean wasOpen;
        synchronized (lifecycle) {
            if (closing) {
                return false;
            }
            closing = true;
            s = socket;
            wasOpen = open;
            // the socket's own close update is ignored from here on: the client reports it
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
            if (!timer.isTerminated() && !Thread.currentThread().getName().equals(timerThreadName(sessionId))) {
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
            events.emit(new ClientEvent.Disconnected(sessionId, DisconnectReason.CONNECTION_CLOSED.statusCode(),
                    DisconnectReason.CONNECTION_CLOSED, "client closed", false, false));
        }
        return true;
    }

    /** Flushes and unbinds the message store (after {@link #shutDown()}). */
    void closeBinding() {
        StoreBinding b;
        synchronized (lifecycle) {
            b = binding;
            binding = null;
        }
        if (b != null) {
            b.close();
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
                creds.load();
            } catch (ZaileysStoreException e) {
                // Never pair over a session we merely failed to read: retry later.
                events.storeFailed(e, 0, true);
                scheduleReconnect(DisconnectReason.UNKNOWN.statusCode(), false);
                return;
            }
            CredsKeeper.SocketAuth state = creds.newSocketAuth();
            s = socketFactory.create(sessionId, state);
            socket = s;
            socketSubscriptions.forEach(EventStream.Subscription::close);
            socketSubscriptions.clear();
            EventStream ev = s.ev();
            socketSubscriptions.add(ev.on(BaileysEvents.CONNECTION_UPDATE, u -> onConnectionUpdate(s, state, u)));
            socketSubscriptions.add(ev.on(BaileysEvents.CREDS_UPDATE, u -> creds.onCredsUpdate(state, u)));
            for (String name : rawEvents) {
                forward(s, name);
            }
            if (binding == null) {
                binding = StoreBinding.bind(store, ev, events::storeFailed, bindQueueSize);
            } else {
                binding.rebind(ev);
            }
        }
        log.debug("[{}] connecting", sessionId);
        s.start();
    }

    private void forward(WASocket s, String name) {
        socketSubscriptions.add(s.ev().on(name,
                payload -> events.emit(new ClientEvent.SocketEvent(sessionId, name, payload))));
    }

    private void onConnectionUpdate(WASocket s, CredsKeeper.SocketAuth state, JsonNode u) {
        if (u.hasNonNull("qr")) {
            log.info("[{}] pairing: scan the QR", sessionId);
            events.emit(new ClientEvent.Qr(sessionId, u.get("qr").asText()));
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
            events.emit(new ClientEvent.Connected(sessionId, me));
            scheduler.start();
        } else if (connection.equals("close")) {
            JsonNode error = u.path("lastDisconnect").path("error");
            int status = error.path("statusCode").asInt(error.path("output").path("statusCode").asInt(-1));
            String message = error.path("message").asText("");
            if (DisconnectReason.isLoggedOut(status)) {
                // from now on this socket's late writes are dropped, so none can land after the wipe
                state.fence();
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
            } catch (RejectedExecutionException closed) {
                events.emit(new ClientEvent.Disconnected(sessionId, status, DisconnectReason.of(status), message,
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
            cleared = creds.clear();
        } else {
            log.info("[{}] connection closed (status {} {}){}", sessionId, status, DisconnectReason.of(status),
                    reconnect ? ", reconnecting" : "");
        }
        events.emit(new ClientEvent.Disconnected(sessionId, status, DisconnectReason.of(status), message, loggedOut,
                reconnect));
        if (reconnect) {
            // a failed clear is retried by the next attempt's path (creds still there: logged out again)
            scheduleReconnect(status, loggedOut && cleared);
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
            delay = immediate || status == DisconnectReason.RESTART_REQUIRED.statusCode()
                    ? Duration.ZERO
                    : backoff(attempt);
        }
        events.emit(new ClientEvent.Reconnecting(sessionId, attempt, delay));
        try {
            timer.schedule(this::openSocket, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // closing
        }
    }

    private Duration backoff(int attempt) {
        long cap = reconnectMax.toMillis();
        long exp = Math.min(cap, reconnectBase.toMillis() << Math.min(attempt - 1, 20));
        // "equal jitter": half fixed, half random, so clients that dropped together spread out
        return Duration.ofMillis(exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1));
    }
}
