package dev.zaileys.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.WAMessage;
import dev.zaileys.socket.AuthenticationState;
import dev.zaileys.socket.BaileysEvents;
import dev.zaileys.socket.EventEmitter;
import dev.zaileys.socket.EventStream;
import dev.zaileys.socket.SignalKeyStore;
import dev.zaileys.socket.WASocket;
import dev.zaileys.store.SignalTypes;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One simulated device connection. Events are emitted in order on the socket's own thread.
 *
 * <p>About 400 lines because it plays one connection's whole life (pairing, restart, history
 * sync, key rotation, sends) in the order a real socket goes through it; the traffic it relays
 * is generated elsewhere ({@link LiveTraffic}).
 */
final class SimulatedSocket implements WASocket {

    private enum State { NEW, CONNECTING, WAITING_FOR_SCAN, OPEN, CLOSED }

    private final SimulatedWhatsApp sim;
    private final String sessionId;
    private final AuthenticationState auth;
    private final boolean autoScan;
    private final EventEmitter ev = new EventEmitter();
    private final ExecutorService thread;
    private volatile State state = State.NEW;
    private volatile User user;
    private volatile Integer registrationId;

    SimulatedSocket(SimulatedWhatsApp sim, String sessionId, AuthenticationState auth, int number, boolean autoScan) {
        this.sim = sim;
        this.sessionId = sessionId;
        this.auth = auth;
        this.autoScan = autoScan;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "zaileys-sim-" + sessionId + "-" + number);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void start() {
        run(this::connect);
    }

    @Override
    public EventStream ev() {
        return ev;
    }

    @Override
    public Optional<User> user() {
        return Optional.ofNullable(user);
    }

    boolean isOpen() {
        return state == State.OPEN;
    }

    Optional<Integer> registrationId() {
        return Optional.ofNullable(registrationId);
    }

    @Override
    public WAMessage sendMessage(String jid, JsonNode content) {
        if (state != State.OPEN) {
            throw new IllegalStateException("simulated connection is not open");
        }
        if (sim.sendFails(jid)) {
            throw new IllegalStateException("simulated send failure to " + jid);
        }
        ObjectNode msg = BufferJson.object();
        ObjectNode key = msg.putObject("key");
        key.put("remoteJid", jid);
        key.put("fromMe", true);
        key.put("id", sim.messageId("3EB0"));
        msg.put("messageTimestamp", sim.clock.instant().getEpochSecond());
        if (user != null) {
            msg.put("pushName", user.name());
        }
        ObjectNode body = msg.putObject("message");
        if (content.has("text") && content.size() == 1) {
            body.put("conversation", content.get("text").asText());
        } else {
            body.setAll((ObjectNode) content.deepCopy());
        }
        msg.put("status", 1);
        WAMessage sent = WAMessage.of(msg);
        // Encrypting for the recipient advances its Signal session, as a real client does.
        ratchet(jid);
        sim.recordSent(sent);
        run(() -> {
            ObjectNode up = BufferJson.object();
            up.putArray("messages").add(msg.deepCopy());
            up.put("type", "append");
            emit(BaileysEvents.MESSAGES_UPSERT, up);
            emit(BaileysEvents.MESSAGES_UPDATE, statusUpdate(sent, 2));
            emit(BaileysEvents.MESSAGES_UPDATE, statusUpdate(sent, 3));
        });
        return sent;
    }

    @Override
    public void logout() {
        registrationId().ifPresent(sim::markLoggedOut);
        closeWith(401, "Intentional Logout");
    }

    @Override
    public void end(Throwable reason) {
        closeWith(428, reason == null ? "Connection Closed" : String.valueOf(reason.getMessage()));
    }

    // ---- driven by the simulator ----

    void scanned() {
        run(() -> {
            if (state == State.WAITING_FOR_SCAN) {
                pair();
            }
        });
    }

    void deliver(WAMessage m) {
        run(() -> {
            if (state != State.OPEN) {
                return;
            }
            ratchet(m.key().participantJid().orElse(m.key().remoteJid()));
            ObjectNode up = BufferJson.object();
            up.putArray("messages").add(m.toJson());
            up.put("type", "notify");
            emit(BaileysEvents.MESSAGES_UPSERT, up);
        });
    }

    void emitLater(String event, JsonNode payload) {
        JsonNode copy = payload.deepCopy();
        run(() -> {
            if (state == State.OPEN) {
                emit(event, copy);
            }
        });
    }

    void closeWith(int status, String message) {
        run(() -> {
            if (state != State.CLOSED) {
                closeNow(status, message);
            }
        });
    }

    void settle() {
        try {
            thread.submit(() -> { }).get(10, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            // closed: nothing left to emit
        } catch (Exception e) {
            throw new IllegalStateException("simulated socket did not settle", e);
        }
    }

    // ---- the connection flow ----

    private void connect() {
        state = State.CONNECTING;
        connectionUpdate("connecting");
        Optional<AuthCreds> creds = auth.creds();
        if (creds.isPresent() && creds.get().meId().isPresent()) {
            resume(creds.get());
            return;
        }
        ObjectNode c = creds.map(AuthCreds::toJson).orElse(null);
        if (c == null) {
            c = initialCreds();
            emit(BaileysEvents.CREDS_UPDATE, c.deepCopy());
        }
        registrationId = c.path("registrationId").asInt();
        uploadPreKeys(c);
        ObjectNode qr = BufferJson.object();
        String ref = "2@" + Base64.getEncoder().encodeToString(sim.bytes(24));
        qr.put("qr", ref + "," + b64(c.at("/noiseKey/public")) + "," + b64(c.at("/signedIdentityKey/public")) + ","
                + b64(c.path("advSecretKey")));
        state = State.WAITING_FOR_SCAN;
        sim.qrShown();
        emit(BaileysEvents.CONNECTION_UPDATE, qr);
        if (autoScan) {
            pair();
        }
    }

    private void pair() {
        sim.paired();
        ObjectNode update = BufferJson.object();
        ObjectNode me = update.putObject("me");
        me.put("id", SimulatedWhatsApp.ME_JID.replace("@", ":" + (1 + sim.nextInt(20)) + "@"));
        me.put("name", SimulatedWhatsApp.ME_NAME);
        ObjectNode account = update.putObject("account");
        account.set("details", SimulatedWhatsApp.bin(sim.bytes(32)));
        account.set("accountSignatureKey", SimulatedWhatsApp.bin(sim.bytes(32)));
        account.set("accountSignature", SimulatedWhatsApp.bin(sim.bytes(64)));
        account.set("deviceSignature", SimulatedWhatsApp.bin(sim.bytes(64)));
        update.put("platform", "simulated");
        update.put("registered", true);
        emit(BaileysEvents.CREDS_UPDATE, update);
        // WhatsApp ends the pairing connection and expects a fresh login with the new creds.
        closeNow(515, "Stream Errored (restart required)");
    }

    private void resume(AuthCreds creds) {
        ObjectNode c = creds.toJson();
        registrationId = c.path("registrationId").asInt();
        java.util.OptionalInt ended = sim.endedWith(registrationId);
        if (ended.isPresent()) {
            closeNow(ended.getAsInt(), "Connection Failure: session ended (simulated)");
            return;
        }
        String meId = creds.meId().orElseThrow();
        user = new User(meId, c.path("me").path("name").asText(SimulatedWhatsApp.ME_NAME));
        state = State.OPEN;
        connectionUpdate("open");
        JsonNode processed = c.get("processedHistoryMessages");
        if (processed == null || !processed.isArray() || processed.isEmpty()) {
            syncHistory();
        }
    }

    private void syncHistory() {
        List<ObjectNode> history = sim.historyDocs();
        // Decrypting history and app state writes Signal sessions and app-state keys.
        auth.keys().transaction(() -> {
            Map<String, Map<String, JsonNode>> writes = new LinkedHashMap<>();
            Map<String, JsonNode> sessions = new LinkedHashMap<>();
            for (ObjectNode m : history) {
                String peer = m.path("key").path("participant").asText(m.path("key").path("remoteJid").asText());
                if (peer.endsWith("@s.whatsapp.net")) {
                    sessions.put(signalAddress(peer), session(1));
                }
            }
            writes.put(SignalTypes.SESSION, sessions);
            ObjectNode appKey = BufferJson.object();
            appKey.putObject("keyData").set("data", SimulatedWhatsApp.bin(sim.bytes(32)));
            appKey.put("timestamp", sim.clock.millis());
            writes.put(SignalTypes.APP_STATE_SYNC_KEY, Map.of("AAAAAB" + sim.nextInt(1000), appKey));
            auth.keys().set(writes);
            return null;
        });
        emit(BaileysEvents.MESSAGING_HISTORY_SET, SimulatedWhatsApp.historySet(history));
        ObjectNode cu = BufferJson.object();
        ArrayNode processed = cu.putArray("processedHistoryMessages");
        ObjectNode p = processed.addObject();
        if (!history.isEmpty()) {
            ObjectNode last = history.get(history.size() - 1);
            p.set("key", last.get("key").deepCopy());
            p.put("messageTimestamp", last.path("messageTimestamp").asLong());
        } else {
            p.put("messageTimestamp", sim.clock.instant().getEpochSecond());
        }
        cu.put("accountSyncCounter", 1);
        emit(BaileysEvents.CREDS_UPDATE, cu);
    }

    /** Reads and advances the Signal session with {@code jid}, in one transaction. */
    private void ratchet(String jid) {
        if (!jid.endsWith("@s.whatsapp.net")) {
            return;
        }
        String address = signalAddress(jid);
        SignalKeyStore keys = auth.keys();
        keys.transaction(() -> {
            JsonNode existing = keys.get(SignalTypes.SESSION, List.of(address)).get(address);
            int counter = existing == null ? 0 : existing.path("counter").asInt();
            keys.set(Map.of(SignalTypes.SESSION, Map.of(address, session(counter + 1))));
            return null;
        });
    }

    private ObjectNode session(int counter) {
        ObjectNode s = BufferJson.object();
        s.put("counter", counter);
        s.set("rootKey", SimulatedWhatsApp.bin(sim.bytes(32)));
        s.set("chainKey", SimulatedWhatsApp.bin(sim.bytes(32)));
        return s;
    }

    private static String signalAddress(String jid) {
        return jid.substring(0, jid.indexOf('@')) + ".0";
    }

    private void uploadPreKeys(ObjectNode creds) {
        int first = creds.path("nextPreKeyId").asInt(1);
        int count = sim.preKeys;
        auth.keys().transaction(() -> {
            Map<String, JsonNode> preKeys = new LinkedHashMap<>();
            for (int i = first; i < first + count; i++) {
                preKeys.put(Integer.toString(i), keyPair());
            }
            auth.keys().set(Map.of(SignalTypes.PRE_KEY, preKeys));
            return null;
        });
        ObjectNode cu = BufferJson.object();
        cu.put("nextPreKeyId", first + count);
        cu.put("firstUnuploadedPreKeyId", first + count);
        emit(BaileysEvents.CREDS_UPDATE, cu);
    }

    private ObjectNode initialCreds() {
        ObjectNode c = BufferJson.object();
        c.set("noiseKey", keyPair());
        c.set("pairingEphemeralKeyPair", keyPair());
        c.set("signedIdentityKey", keyPair());
        ObjectNode spk = c.putObject("signedPreKey");
        spk.set("keyPair", keyPair());
        spk.set("signature", SimulatedWhatsApp.bin(sim.bytes(64)));
        spk.put("keyId", 1);
        c.put("registrationId", 1 + sim.nextInt(16380));
        c.put("advSecretKey", Base64.getEncoder().encodeToString(sim.bytes(32)));
        c.putArray("processedHistoryMessages");
        c.put("nextPreKeyId", 1);
        c.put("firstUnuploadedPreKeyId", 1);
        c.put("accountSyncCounter", 0);
        c.putObject("accountSettings").put("unarchiveChats", false);
        c.put("registered", false);
        return c;
    }

    private ObjectNode keyPair() {
        ObjectNode k = BufferJson.object();
        k.set("private", SimulatedWhatsApp.bin(sim.bytes(32)));
        k.set("public", SimulatedWhatsApp.bin(sim.bytes(32)));
        return k;
    }

    private static String b64(JsonNode n) {
        try {
            return n.isBinary() ? Base64.getEncoder().encodeToString(n.binaryValue()) : n.asText();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static ArrayNode statusUpdate(WAMessage m, int status) {
        ArrayNode a = BufferJson.mapper().createArrayNode();
        ObjectNode u = a.addObject();
        u.set("key", m.key().toJson());
        u.putObject("update").put("status", status);
        return a;
    }

    private void connectionUpdate(String connection) {
        ObjectNode u = BufferJson.object();
        u.put("connection", connection);
        emit(BaileysEvents.CONNECTION_UPDATE, u);
    }

    /** Closes from the socket thread itself. */
    private void closeNow(int status, String message) {
        state = State.CLOSED;
        user = null;
        ObjectNode u = BufferJson.object();
        u.put("connection", "close");
        ObjectNode err = u.putObject("lastDisconnect").putObject("error");
        err.put("statusCode", status);
        err.put("message", message);
        emit(BaileysEvents.CONNECTION_UPDATE, u);
        sim.closed(this);
        thread.shutdown();
    }

    private void emit(String event, JsonNode payload) {
        ev.emit(event, payload);
    }

    private void run(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(SimulatedSocket.class)
                            .warn("[{}] simulated socket task failed: {}", sessionId, e.toString());
                    if (state != State.CLOSED) {
                        closeNow(500, "simulated socket failed: " + e.getMessage());
                    }
                }
            });
        } catch (RejectedExecutionException closed) {
            // the connection is over; late work is dropped as a real socket drops it
        }
    }

    @Override
    public String toString() {
        return "SimulatedSocket{" + sessionId + ", " + state + "}";
    }
}
