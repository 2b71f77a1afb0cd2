package dev.zaileys.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.client.Client;
import dev.zaileys.client.ClientEvent;
import dev.zaileys.client.ScheduledSend;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.WAMessage;
import dev.zaileys.sim.SimulatedWhatsApp;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.SessionLease;
import dev.zaileys.store.file.FileAuthStore;
import dev.zaileys.store.sqlite.SqliteMessageStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code zaileys demo}: a bot on the <b>simulated</b> WhatsApp (nothing here reaches WhatsApp)
 * with the durable default stores under {@code ./.zaileys/}: File auth and SQLite history. It pairs, syncs history, answers a text
 * command, schedules a message, stops, starts again without a QR, fires the message that came
 * due while it was down, and prints what the stores hold. Run it twice: the second run resumes.
 *
 * <p>One run at a time per folder: the session's lease is this run's from its first connect to
 * its end, so a second {@code zaileys demo} started meanwhile in the same folder fails at once
 * with {@code STORE_LEASE_HELD}, naming the running one (host, pid, since), and exits 1 without
 * touching the session (it never pairs again).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs a bot on the simulated WhatsApp with the durable default stores under ./.zaileys/.")
public final class DemoCommand implements Callable<Integer> {

    static final String SESSION = "demo";
    static final String PEER = "6281234567890@s.whatsapp.net";

    @Option(names = "--dir", description = "Where the stores live (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of(".zaileys");

    @Option(names = "--delay-seconds", description = "How long after scheduling the message is due (default: ${DEFAULT-VALUE}).")
    int delaySeconds = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        out = spec == null ? new PrintWriter(System.out, true) : spec.commandLine().getOut();
        Files.createDirectories(dir);
        SimulatedWhatsApp whatsapp = SimulatedWhatsApp.builder().seed(42).history(6, 120).build();
        Path authDir = dir.resolve("auth").resolve(SESSION);
        Supplier<MessageStore> history = historyStore();
        say("Zaileys demo on a SIMULATED WhatsApp (in-process; nothing is sent to WhatsApp).");
        say("  auth:    File, " + authDir);
        say("  history: " + historyDescription);
        say("  process: pid " + ProcessHandle.current().pid());

        // ---- phase 1: start, pair or resume, sync, live traffic, schedule ----
        say("");
        say("== phase 1: start");
        ScheduledSend scheduled;
        // closed in reverse order: the client (flushing the bound store) first, the stores last
        try (MessageStore store1 = history.get(); AuthStoreBundle auth = fileAuth(authDir);
             Client client = bot(auth, store1, whatsapp)) {
            Phase phase = new Phase(client);
            client.connect();
            phase.awaitConnected();
            whatsapp.settle();
            client.flush();
            say(phase.qrs.get() > 0 ? "paired with a QR (as above)" : "resumed from the stored session: no QR");
            say("history: " + countMessages(store1) + " messages in " + store1.listChats().size() + " chats stored");

            say("live traffic: a contact writes '!ping'");
            CountDownLatch replied = phase.replyLatch();
            whatsapp.receiveText(PEER, "!ping");
            if (!replied.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the bot did not answer '!ping'");
            }
            int events = whatsapp.liveTraffic(24);
            whatsapp.settle();
            say("  ... and " + events + " more live events (messages, edits, revokes, receipts, reactions, presence)");

            Instant at = Instant.now().plusSeconds(delaySeconds);
            scheduled = client.schedule(at, PEER, "Reminder: the meeting is moved to tomorrow (scheduled by the demo)");
            say("scheduled " + scheduled.id() + " for " + at + " (" + delaySeconds + " s from now)");
            say("stopping before it is due");
        }

        // ---- down while the job comes due ----
        long wait = Duration.between(Instant.now(), scheduled.fireAt()).toMillis() + 300;
        // The session stays this run's while it is "down": another demo started meanwhile is
        // refused (naming this process) rather than taking the session between the two phases.
        try (AuthStoreBundle idle = fileAuth(authDir);
             SessionLease.Lease held = idle.lease().orElseThrow().acquire(SessionLease.DEFAULT_TTL, Duration.ZERO)) {
            if (wait > 0) {
                say("(down for " + wait + " ms: the scheduled message comes due meanwhile)");
                Thread.sleep(wait);
            }
        }

        // ---- phase 2: restart from the stores ----
        say("");
        say("== phase 2: start again");
        try (MessageStore store2 = history.get(); AuthStoreBundle auth = fileAuth(authDir);
             Client client = bot(auth, store2, whatsapp)) {
            Phase phase = new Phase(client);
            CountDownLatch fired = new CountDownLatch(1);
            client.on(ClientEvent.ScheduleSent.class, e -> {
                if (e.job().id().equals(scheduled.id())) {
                    fired.countDown();
                }
            });
            client.connect();
            phase.awaitConnected();
            if (phase.qrs.get() > 0) {
                throw new IllegalStateException("the restart asked for a QR: the session was not resumed");
            }
            say("resumed without a QR");
            if (!fired.await(15, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the scheduled message did not fire after the restart");
            }
            whatsapp.settle();
            client.flush();
            say("the scheduled message fired after the restart: " + scheduled.id());
            say("");
            report(auth, store2);
        }
        say("");
        say("Run it again: the session resumes from " + authDir + " without a QR.");
        return 0;
    }

    private Client bot(AuthStoreBundle auth, MessageStore store, SimulatedWhatsApp whatsapp) {
        Client client = Client.builder().sessionId(SESSION).auth(auth).store(store).socketFactory(whatsapp)
                .clock(Clock.systemUTC()).loggerName("zaileys.demo")
                .schedulePollInterval(Duration.ofMillis(200))
                .reconnectDelay(Duration.ofMillis(200), Duration.ofSeconds(5))
                .build();
        client.onQr(e -> {
            say("QR for session '" + e.sessionId() + "' (simulated; the simulated phone scans it):");
            say("  " + e.qr());
        });
        client.onConnect(e -> say("connected as " + e.me().id() + " (" + e.me().name() + ")"));
        client.onDisconnect(e -> {
            if (e.statusCode() == 515) {
                say("paired; WhatsApp asks for a restart (515), reconnecting with the new creds");
            } else if (!e.willReconnect()) {
                say("disconnected (" + e.reason() + ")");
            }
        });
        client.onStoreError(e -> say("store error (" + (e.willRetry() ? "retrying" : "not retried") + "): "
                + e.error().getMessage()));
        client.onScheduleFailed(e -> say("scheduled send " + e.job().id() + " gave up: " + e.reason()));
        client.on(ClientEvent.ScheduleSent.class, e -> say("sent scheduled message " + e.job().id() + " to "
                + e.job().recipient()));
        client.onSocketEvent("messages.upsert", e -> {
            if (!"notify".equals(e.payload().path("type").asText())) {
                return;
            }
            for (JsonNode m : e.payload().path("messages")) {
                WAMessage msg = WAMessage.of((com.fasterxml.jackson.databind.node.ObjectNode) m);
                if (!msg.key().fromMe() && "!ping".equals(msg.text().orElse(""))) {
                    say("bot: got '!ping' from " + msg.key().remoteJid() + ", replying 'pong'");
                    client.sendText(msg.key().remoteJid(), "pong");
                    replies.incrementAndGet();
                    CountDownLatch l = replyLatch;
                    if (l != null) {
                        l.countDown();
                    }
                }
            }
        });
        return client;
    }

    private final AtomicInteger replies = new AtomicInteger();
    private volatile CountDownLatch replyLatch;

    private final class Phase {
        final AtomicInteger qrs = new AtomicInteger();
        final CountDownLatch connected = new CountDownLatch(1);
        final AtomicBoolean failed = new AtomicBoolean();

        Phase(Client client) {
            client.onQr(e -> qrs.incrementAndGet());
            client.onConnect(e -> connected.countDown());
        }

        void awaitConnected() throws InterruptedException {
            if (!connected.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("did not connect to the simulated WhatsApp");
            }
        }

        CountDownLatch replyLatch() {
            CountDownLatch l = new CountDownLatch(1);
            replyLatch = l;
            return l;
        }
    }

    private void report(AuthStoreBundle auth, MessageStore store) {
        say("== what the stores hold");
        say("auth: creds of " + auth.readCreds().flatMap(c -> c.meId()).orElse("nobody"));
        for (Map.Entry<String, List<String>> e : auth.listKeyIds().entrySet()) {
            say(String.format("  %-22s %5d keys", e.getKey(), e.getValue().size()));
        }
        say("history: " + countMessages(store) + " messages, " + store.listChats().size() + " chats, "
                + store.listContacts().size() + " contacts, " + store.listPresences().size() + " presences");
        List<ScheduledJob> jobs = store.listScheduledJobs();
        say("scheduled jobs still stored: " + jobs.size()
                + (jobs.isEmpty() ? "" : " " + jobs.stream().map(j -> j.id() + (j.failed() ? " (failed)" : "")).toList()));
        say("latest in " + PEER + ":");
        for (WAMessage m : store.listMessages(PEER, ListOptions.limit(6))) {
            say(String.format("  %s %-4s %s", Instant.ofEpochSecond(m.timestamp()), m.key().fromMe() ? "me" : "them",
                    describe(m)));
        }
    }

    private static String describe(WAMessage m) {
        if (m.text().isPresent()) {
            return m.text().get() + m.status().stream().mapToObj(st -> st >= 4 ? "  [read]" : st >= 3 ? "  [delivered]" : "")
                    .findFirst().orElse("");
        }
        if (m.isRevoked()) {
            return "(deleted by the sender)";
        }
        JsonNode body = m.toJson().path("message");
        if (body.has("reactionMessage")) {
            return "(reacted " + body.path("reactionMessage").path("text").asText() + ")";
        }
        return body.fieldNames().hasNext() ? "(" + body.fieldNames().next() + ")" : "(no content)";
    }

    private static int countMessages(MessageStore store) {
        int n = 0;
        for (String jid : store.listMessageJids()) {
            n += store.listMessages(jid, ListOptions.limit(ListOptions.MAX_LIMIT)).size();
        }
        return n;
    }

    private void say(String line) {
        synchronized (this) {
            out.println(line);
            out.flush();
        }
    }

    // ---- stores: the embedded durable defaults ----

    private String historyDescription;

    /** SQLite history in the demo folder (both demo phases and later runs open the same file). */
    private Supplier<MessageStore> historyStore() {
        Path db = dir.resolve("history.db");
        historyDescription = "SQLite, " + db;
        return () -> SqliteMessageStore.builder().database(db.toString()).build();
    }

    private static AuthStoreBundle fileAuth(Path dir) {
        return FileAuthStore.builder().basePath(dir).build();
    }
}
