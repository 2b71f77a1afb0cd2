package dev.zaileys.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.WAMessage;
import dev.zaileys.socket.AuthenticationState;
import dev.zaileys.socket.SocketFactory;
import dev.zaileys.socket.WASocket;
import dev.zaileys.workload.Workload;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A <b>simulated</b> WhatsApp: a deterministic, in-process peer that implements the socket SPI
 * for tests, the demo and the benchmarks. It never opens a network connection and never talks to
 * WhatsApp; its QR codes pair nothing real.
 *
 * <p>It behaves as a real socket does toward its storage: on a first login (no creds) it creates
 * creds, uploads pre-keys through the Signal key store, shows a QR, pairs when the simulated
 * phone scans it ({@link #scanQr()}, automatic by default) and then asks for a restart (status
 * 515), as WhatsApp does; with creds it resumes without a QR. After pairing it syncs history
 * ({@code messaging-history.set}) from the standard workload generator, once per login (tracked
 * in the creds' {@code processedHistoryMessages}, as Baileys does). It streams live traffic
 * ({@link #receiveText}, {@link #liveTraffic}), writes Signal sessions when messages come and
 * go, echoes sends back with status updates, and can drop the connection or log the device out.
 *
 * <p>One instance stands for WhatsApp's servers plus the account's phone; every socket it creates
 * is a device connection. Thread-safe.
 */
public final class SimulatedWhatsApp implements SocketFactory {

    /** The simulated account. */
    public static final String ME_JID = Workload.ME_JID;
    public static final String ME_NAME = Workload.ME_NAME;

    final long seed;
    final Clock clock;
    final int historyChats;
    final int historyMessages;
    final int preKeys;
    private final boolean autoScan;
    private final List<SimulatedSocket> sockets = new CopyOnWriteArrayList<>();
    /** Registration ids whose session WhatsApp ended, with the status it closes their connections with. */
    private final Map<Integer, Integer> endedSessions = new ConcurrentHashMap<>();
    private final List<WAMessage> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger qrsShown = new AtomicInteger();
    private final AtomicInteger pairings = new AtomicInteger();
    private volatile Predicate<String> failSends = jid -> false;
    private final SplittableRandom rng;
    private List<ObjectNode> history;
    private final LiveTraffic live = new LiveTraffic(this);

    private SimulatedWhatsApp(Builder b) {
        this.seed = b.seed;
        this.clock = b.clock;
        this.historyChats = b.historyChats;
        this.historyMessages = b.historyMessages;
        this.preKeys = b.preKeys;
        this.autoScan = b.autoScan;
        this.rng = new SplittableRandom(seed);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public WASocket create(String sessionId, AuthenticationState auth) {
        SimulatedSocket s = new SimulatedSocket(this, sessionId, auth, connections.incrementAndGet(), autoScan);
        sockets.add(s);
        return s;
    }

    // ---- the phone and the servers ----

    /** The phone scans the QR shown by every socket waiting for one (when auto-scan is off). */
    public void scanQr() {
        for (SimulatedSocket s : sockets) {
            s.scanned();
        }
    }

    /** Drops every open connection (status 408, connection lost); clients reconnect. */
    public void dropConnection() {
        for (SimulatedSocket s : sockets) {
            s.closeWith(408, "Connection Lost (simulated)");
        }
    }

    /** Logs the paired device out from the phone: its connections close with status 401 and its creds stop working. */
    public void logoutDevice() {
        endSessions(401, "Logged Out (simulated)");
    }

    /**
     * Removes the paired device from the account: its connections close with status 410 (device
     * removed, which Baileys reports like a logout) and its creds stop working, also on resume.
     */
    public void removeDevice() {
        endSessions(410, "Device Removed (simulated)");
    }

    private void endSessions(int status, String why) {
        for (SimulatedSocket s : sockets) {
            s.registrationId().ifPresent(id -> endedSessions.put(id, status));
            s.closeWith(status, why);
        }
    }

    /** An incoming text from {@code fromJid} to every open connection; returns it. */
    public WAMessage receiveText(String fromJid, String text) {
        ObjectNode msg = BufferJson.object();
        ObjectNode key = msg.putObject("key");
        key.put("remoteJid", fromJid);
        key.put("fromMe", false);
        key.put("id", messageId("SIM"));
        msg.put("messageTimestamp", clock.instant().getEpochSecond());
        msg.put("pushName", "Sim Peer");
        msg.putObject("message").put("conversation", text);
        WAMessage m = WAMessage.of(msg);
        for (SimulatedSocket s : openSockets()) {
            s.deliver(m);
        }
        live.received(m);
        return m;
    }

    /**
     * Streams {@code count} live events to every open connection, deterministically: new
     * messages (from the workload generator), edits, revokes, receipts, reactions, presence,
     * chat and contact updates, in a fixed rotation. Returns how many events were emitted.
     */
    public int liveTraffic(int count) {
        int emitted = 0;
        for (int i = 0; i < count; i++) {
            List<SimulatedSocket> open = openSockets();
            LiveTraffic.Event e = live.next();
            if (e == null) {
                continue;
            }
            for (SimulatedSocket s : open) {
                s.emitLater(e.name(), e.payload());
            }
            emitted++;
        }
        return emitted;
    }

    /** Sends to jids matching {@code when} fail (the socket throws) until this is called again. */
    public void failSends(Predicate<String> when) {
        this.failSends = when == null ? jid -> false : when;
    }

    /** Every message sent through this simulator, in order. */
    public List<WAMessage> sent() {
        return List.copyOf(sent);
    }

    /** Sockets created so far. */
    public int connections() {
        return connections.get();
    }

    /** QR codes shown so far. */
    public int qrsShown() {
        return qrsShown.get();
    }

    /** Successful pairings so far. */
    public int pairings() {
        return pairings.get();
    }

    /** The history a fresh login receives: workload messages, oldest first (copies). */
    public synchronized List<WAMessage> history() {
        return Workload.asWAMessages(historyDocs());
    }

    /** Waits until every socket emitted what it was asked to (for tests and the demo). */
    public void settle() {
        for (SimulatedSocket s : sockets) {
            s.settle();
        }
    }

    // ---- package-private: used by the sockets ----

    synchronized List<ObjectNode> historyDocs() {
        if (history == null) {
            history = new ArrayList<>();
            Workload.messages(historyChats, seed * 31 + 1, historyMessages, seed * 31 + 2).forEachRemaining(history::add);
        }
        List<ObjectNode> copy = new ArrayList<>(history.size());
        history.forEach(h -> copy.add(h.deepCopy()));
        return copy;
    }

    void markLoggedOut(int registrationId) {
        endedSessions.put(registrationId, 401);
    }

    /** The status a connection resuming this session is closed with (401 or 410), or empty while it is valid. */
    OptionalInt endedWith(int registrationId) {
        Integer status = endedSessions.get(registrationId);
        return status == null ? OptionalInt.empty() : OptionalInt.of(status);
    }

    boolean sendFails(String jid) {
        return failSends.test(jid);
    }

    void recordSent(WAMessage m) {
        sent.add(m);
    }

    void qrShown() {
        qrsShown.incrementAndGet();
    }

    void paired() {
        pairings.incrementAndGet();
    }

    void closed(SimulatedSocket s) {
        sockets.remove(s);
    }

    synchronized String messageId(String prefix) {
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < 16; i++) {
            sb.append("0123456789ABCDEF".charAt(rng.nextInt(16)));
        }
        return sb.toString();
    }

    synchronized byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rng.nextInt(256);
        }
        return b;
    }

    synchronized int nextInt(int bound) {
        return rng.nextInt(bound);
    }

    private List<SimulatedSocket> openSockets() {
        List<SimulatedSocket> out = new ArrayList<>();
        for (SimulatedSocket s : sockets) {
            if (s.isOpen()) {
                out.add(s);
            }
        }
        return out;
    }

    /** Chats and contacts of a history batch, derived from its messages (as WhatsApp sends them). */
    static ObjectNode historySet(List<ObjectNode> messages) {
        Map<String, ObjectNode> chats = new LinkedHashMap<>();
        Map<String, ObjectNode> contacts = new LinkedHashMap<>();
        for (ObjectNode m : messages) {
            String jid = m.path("key").path("remoteJid").asText();
            ObjectNode chat = chats.computeIfAbsent(jid, j -> {
                ObjectNode c = BufferJson.object();
                c.put("id", j);
                c.put("unreadCount", 0);
                return c;
            });
            chat.put("conversationTimestamp", m.path("messageTimestamp").asLong());
            if (!m.path("key").path("fromMe").asBoolean()) {
                chat.put("unreadCount", chat.path("unreadCount").asInt() + 1);
                String sender = m.path("key").path("participant").asText(jid);
                ObjectNode contact = BufferJson.object();
                contact.put("id", sender);
                contact.put("notify", m.path("pushName").asText(""));
                contacts.put(sender, contact);
            }
        }
        ObjectNode p = BufferJson.object();
        ArrayNode c = p.putArray("chats");
        chats.values().forEach(c::add);
        ArrayNode ct = p.putArray("contacts");
        contacts.values().forEach(ct::add);
        ArrayNode ms = p.putArray("messages");
        messages.forEach(ms::add);
        p.put("isLatest", true);
        p.put("syncType", "INITIAL_BOOTSTRAP");
        return p;
    }

    static BinaryNode bin(byte[] b) {
        return BinaryNode.valueOf(b);
    }

    /** Options of the simulator. */
    public static final class Builder {
        private long seed = 1;
        private Clock clock = Clock.systemUTC();
        private int historyChats = 5;
        private int historyMessages = 50;
        private int preKeys = 30;
        private boolean autoScan = true;

        private Builder() {}

        /** Seeds every generated id, key and message (default 1). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = java.util.Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Size of the history sync after pairing (default 5 chats, 50 messages). */
        public Builder history(int chats, int messages) {
            if (chats < 1 || messages < 0) {
                throw new IllegalArgumentException("history needs at least one chat and a non-negative message count");
            }
            this.historyChats = chats;
            this.historyMessages = messages;
            return this;
        }

        /** Pre-keys uploaded at first login (default 30). */
        public Builder preKeys(int preKeys) {
            if (preKeys < 1) {
                throw new IllegalArgumentException("preKeys must be positive");
            }
            this.preKeys = preKeys;
            return this;
        }

        /** Whether the phone scans each QR at once (default true); otherwise call {@link #scanQr()}. */
        public Builder autoScan(boolean autoScan) {
            this.autoScan = autoScan;
            return this;
        }

        public SimulatedWhatsApp build() {
            return new SimulatedWhatsApp(this);
        }
    }
}
