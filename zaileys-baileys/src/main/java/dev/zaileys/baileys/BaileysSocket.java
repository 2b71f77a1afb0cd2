package dev.zaileys.baileys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.WAMessage;
import dev.zaileys.socket.AuthenticationState;
import dev.zaileys.socket.BaileysEvents;
import dev.zaileys.socket.DisconnectReason;
import dev.zaileys.socket.EventEmitter;
import dev.zaileys.socket.EventStream;
import dev.zaileys.socket.WASocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Baileys socket in one driver process. It reports exactly one {@code connection: "close"}:
 * Baileys' own, or, when the process dies first, one made here with status 428 and the death as
 * its message. After the close the process is ended: a socket connects once.
 */
final class BaileysSocket implements WASocket {

    private static final Logger LOG = LoggerFactory.getLogger(BaileysSocket.class);
    private static final Duration END_LIMIT = Duration.ofSeconds(5);

    private final BaileysSocketFactory.Settings settings;
    private final String sessionId;
    private final AuthenticationState auth;
    private final EventEmitter ev = new EventEmitter();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closeReported = new AtomicBoolean();
    private final Object processLock = new Object();
    private DriverProcess driver; // guarded by processLock
    private boolean ended; // guarded by processLock
    private volatile User user;

    BaileysSocket(BaileysSocketFactory.Settings settings, String sessionId, AuthenticationState auth) {
        this.settings = settings;
        this.sessionId = sessionId;
        this.auth = auth;
    }

    @Override
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a socket starts once");
        }
        // Starting Node (and installing it the first time) takes a while: not on the caller's thread.
        Thread t = new Thread(this::launch, "zaileys-baileys-start-" + sessionId);
        t.setDaemon(true);
        t.start();
    }

    private void launch() {
        DriverProcess d;
        try {
            d = DriverProcess.start(settings.driver(), sessionId, new Host(), settings.callTimeout());
        } catch (RuntimeException e) {
            LOG.error("[{}] the Baileys driver did not start: {}", sessionId, e.getMessage());
            reportClose(DisconnectReason.CONNECTION_CLOSED.statusCode(), "the Baileys driver did not start: " + e.getMessage());
            return;
        }
        synchronized (processLock) {
            if (ended) {
                d.close();
                return;
            }
            driver = d;
        }
        ObjectNode args = BufferJson.object();
        auth.creds().ifPresent(c -> args.set("creds", c.toJson()));
        if (settings.wsUrl() != null) {
            args.put("wsUrl", settings.wsUrl().toString());
        }
        if (settings.pairingPhone() != null) {
            args.put("pairingPhone", settings.pairingPhone());
        }
        try {
            d.request("connect", args, settings.requestTimeout());
        } catch (DriverException e) {
            LOG.warn("[{}] connecting failed: {}", sessionId, e.getMessage());
            d.close();
        }
    }

    @Override
    public EventStream ev() {
        return ev;
    }

    @Override
    public Optional<User> user() {
        return Optional.ofNullable(user);
    }

    @Override
    public WAMessage sendMessage(String jid, JsonNode content) {
        ObjectNode args = BufferJson.object();
        args.put("jid", jid);
        args.set("content", content);
        JsonNode sent = live().request("sendMessage", args, settings.requestTimeout());
        if (!sent.isObject()) {
            throw new DriverException("Baileys returned no message for the send", -1);
        }
        return WAMessage.of((ObjectNode) sent);
    }

    @Override
    public void logout() {
        DriverProcess d = live();
        try {
            d.request("logout", BufferJson.object(), settings.requestTimeout());
        } catch (DriverException e) {
            // WhatsApp could not be told; the user still asked for this device's session to go
            LOG.warn("[{}] logging out through WhatsApp failed ({}); ending the session locally", sessionId, e.getMessage());
            reportClose(DisconnectReason.LOGGED_OUT.statusCode(), "logged out locally: " + e.getMessage());
            endProcess();
        }
    }

    @Override
    public void end(Throwable reason) {
        DriverProcess d;
        synchronized (processLock) {
            ended = true;
            d = driver;
        }
        if (d != null && d.isAlive()) {
            ObjectNode args = BufferJson.object();
            if (reason != null) {
                args.put("reason", String.valueOf(reason.getMessage()));
            }
            try {
                d.request("end", args, END_LIMIT);
            } catch (DriverException e) {
                LOG.debug("[{}] ending the Baileys socket: {}", sessionId, e.getMessage());
            }
        }
        endProcess();
    }

    /** A raw driver command (the tests' hooks). */
    JsonNode command(String cmd, ObjectNode args) {
        return live().request(cmd, args, settings.requestTimeout());
    }

    /** The live driver, or an exception saying the socket is not connected. */
    private DriverProcess live() {
        synchronized (processLock) {
            if (driver == null || !driver.isAlive()) {
                throw new DriverException("session '" + sessionId + "' has no running Baileys driver", 428);
            }
            return driver;
        }
    }

    private void endProcess() {
        DriverProcess d;
        synchronized (processLock) {
            ended = true;
            d = driver;
        }
        if (d != null) {
            d.close();
        }
    }

    private void reportClose(int status, String message) {
        if (!closeReported.compareAndSet(false, true)) {
            return;
        }
        ObjectNode update = BufferJson.object();
        update.put("connection", "close");
        ObjectNode error = update.putObject("lastDisconnect").putObject("error");
        error.put("statusCode", status);
        error.put("message", message);
        ev.emit(BaileysEvents.CONNECTION_UPDATE, update);
    }

    private final class Host implements DriverProcess.Host {
        @Override
        public JsonNode call(String name, JsonNode args) {
            return switch (name) {
                case "keys.get" -> KeyCalls.get(auth.keys(), args);
                case "keys.set" -> {
                    KeyCalls.set(auth.keys(), args);
                    yield null;
                }
                case "creds.init" -> {
                    // the client persists creds.update on this (the event) thread before we answer
                    ev.emit(BaileysEvents.CREDS_UPDATE, args.path("creds"));
                    yield null;
                }
                case "getMessage" -> storedMessage(args.path("key"));
                default -> throw new IllegalArgumentException("unknown driver call " + name);
            };
        }

        private JsonNode storedMessage(JsonNode key) {
            if (settings.messageStore() == null || !key.isObject()) {
                return null;
            }
            return settings.messageStore().getMessage(MessageKey.fromJson(key))
                    .map(m -> m.toJson().get("message"))
                    .orElse(null);
        }

        @Override
        public void event(String name, JsonNode data, JsonNode me) {
            if (me.hasNonNull("id")) {
                user = new User(me.get("id").asText(), me.path("name").asText(""));
            }
            if (name.equals(BaileysEvents.CONNECTION_UPDATE) && data.path("connection").asText().equals("close")) {
                if (closeReported.compareAndSet(false, true)) {
                    ev.emit(name, data);
                }
                // a socket connects once: its process goes with its connection
                Thread t = new Thread(BaileysSocket.this::endProcess, "zaileys-baileys-end-" + sessionId);
                t.setDaemon(true);
                t.start();
                return;
            }
            ev.emit(name, data);
        }

        @Override
        public void exited(String reason) {
            boolean deliberate;
            synchronized (processLock) {
                deliberate = ended;
            }
            if (!closeReported.get() && !deliberate) {
                LOG.warn("[{}] {}", sessionId, reason);
            }
            reportClose(DisconnectReason.CONNECTION_CLOSED.statusCode(), reason);
        }
    }
}
