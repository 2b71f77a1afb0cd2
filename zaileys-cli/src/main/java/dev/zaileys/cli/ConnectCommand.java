package dev.zaileys.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.baileys.BaileysDriver;
import dev.zaileys.baileys.BaileysSocketFactory;
import dev.zaileys.client.Client;
import dev.zaileys.client.ClientEvent;
import dev.zaileys.model.WAMessage;
import dev.zaileys.socket.BaileysEvents;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zaileys connect}: real WhatsApp through Baileys (unofficial). Pairs with a QR drawn in the
 * terminal or a pairing code, then prints incoming messages until Ctrl-C; the session and the
 * history go to the given stores, so the next run resumes without pairing.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = {"Connects to real WhatsApp through Baileys (UNOFFICIAL: not a WhatsApp product; "
                + "accounts using unofficial clients can be banned), pairing with a QR or a pairing code, "
                + "then prints incoming messages until Ctrl-C, persisting everything to the given stores.",
                "One process per session: while another process holds the session (its lease), connect fails "
                + "at once naming that process (host, pid, since when) and exits 1, or waits for it up to --lease-wait."})
public final class ConnectCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    @Option(names = "--auth", required = true, description = "where the session (creds and Signal keys) lives, e.g. sqlite:./wa.db")
    String auth;

    @Option(names = "--store", description = "where the history goes (default: ${DEFAULT-VALUE})")
    String store = "memory:";

    @Option(names = "--session", description = "the session id (default: ${DEFAULT-VALUE})")
    String session = "default";

    @Option(names = "--pairing-code", paramLabel = "PHONE",
            description = "pair with a code for this phone number (international format) instead of a QR")
    String pairingPhone;

    @Option(names = "--ws-url", paramLabel = "URL", description = "WhatsApp's WebSocket endpoint (for tests and proxies)")
    URI wsUrl;

    @Option(names = "--node", description = "the Node.js 20+ binary (default: $ZAILEYS_NODE, else node on the PATH)")
    Path node;

    @Option(names = "--cache-dir", description = "the driver cache root (default: $ZAILEYS_DRIVER_CACHE, else ~/.cache/zaileys/baileys-driver)")
    Path cacheDir;

    @Option(names = "--lease-wait", paramLabel = "DURATION", converter = WaitConverter.class,
            description = "how long to wait for a session another process holds, e.g. 45s, 2m or PT1M "
                    + "(default: 0, fail at once); that process loses it when it stops, or 30 s after it died")
    Duration leaseWait = Duration.ZERO;

    @Option(names = "--exit-on-close", hidden = true, description = "exit at the first closed connection (for tests and scripts)")
    boolean exitOnClose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static BaileysDriver driver(Path node, Path cacheDir) {
        BaileysDriver.Builder b = BaileysDriver.builder();
        if (node != null) {
            b.node(node);
        }
        if (cacheDir != null) {
            b.cacheDir(cacheDir);
        }
        return b.build();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Stores.Backend authBackend = Stores.open(auth);
             Stores.Backend storeBackend = Stores.open(store)) {
            BaileysSocketFactory.Builder whatsapp = BaileysSocketFactory.builder()
                    .driver(driver(node, cacheDir))
                    .messageStore(storeBackend.messages());
            if (wsUrl != null) {
                whatsapp.wsUrl(wsUrl);
            }
            if (pairingPhone != null) {
                whatsapp.pairingPhone(pairingPhone);
            }
            CountDownLatch stop = new CountDownLatch(1);
            AtomicReference<ClientEvent.Disconnected> lastClose = new AtomicReference<>();
            try (Client client = Client.builder().sessionId(session).auth(authBackend.auth()).leaseWait(leaseWait)
                    .store(storeBackend.messages()).socketFactory(whatsapp.build()).build()) {
                out.println("Connecting to WhatsApp through Baileys " + BaileysDriver.BAILEYS_VERSION
                        + " (unofficial). Session '" + session + "' in " + auth + ", history in " + store + ".");
                client.onQr(e -> {
                    out.println("Scan this QR with WhatsApp (Settings > Linked devices > Link a device):");
                    out.print(TerminalQr.render(e.qr()));
                    out.flush();
                });
                client.onSocketEvent(BaileysEvents.CONNECTION_UPDATE, e -> {
                    if (e.payload().hasNonNull("pairingCode")) {
                        out.println("Pairing code: " + e.payload().get("pairingCode").asText()
                                + " (WhatsApp > Linked devices > Link with phone number instead)");
                    }
                });
                client.onConnect(e -> out.println("Connected as " + (e.me() == null ? "?" : e.me().id())
                        + ". Incoming messages follow; Ctrl-C to stop."));
                client.onDisconnect(e -> {
                    out.println("Connection closed (status " + e.statusCode() + " " + e.reason() + ": " + e.message() + ")"
                            + (e.loggedOut() ? "; logged out, the stored session was cleared" : "")
                            + (e.willReconnect() ? "; reconnecting" : ""));
                    lastClose.set(e);
                    if (exitOnClose || !e.willReconnect()) {
                        stop.countDown();
                    }
                });
                client.onSocketEvent(BaileysEvents.MESSAGES_UPSERT, e -> printMessages(out, e.payload()));
                Thread hook = new Thread(stop::countDown, "zaileys-connect-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                client.connect();
                stop.await();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is what woke us
                }
                client.flush();
            }
            ClientEvent.Disconnected close = lastClose.get();
            return close != null && exitOnClose ? 1 : 0;
        }
    }

    /** {@code 45s}, {@code 500ms}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT1M}); zero or more. */
    static final class WaitConverter implements CommandLine.ITypeConverter<Duration> {
        private static final java.util.regex.Pattern SHORT = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            java.util.regex.Matcher m = SHORT.matcher(value.strip());
            Duration d;
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            } else if (value.equals("0")) {
                d = Duration.ZERO;
            } else {
                try {
                    d = Duration.parse(value.strip());
                } catch (java.time.format.DateTimeParseException e) {
                    throw new CommandLine.TypeConversionException("not a duration: '" + value + "' (use e.g. 45s, 2m or PT1M)");
                }
            }
            if (d.isNegative()) {
                throw new CommandLine.TypeConversionException("a wait cannot be negative: '" + value + "'");
            }
            return d;
        }
    }

    private static void printMessages(PrintWriter out, JsonNode upsert) {
        if (!"notify".equals(upsert.path("type").asText())) {
            return;
        }
        for (JsonNode m : upsert.path("messages")) {
            if (!m.isObject()) {
                continue;
            }
            WAMessage msg = WAMessage.of((com.fasterxml.jackson.databind.node.ObjectNode) m);
            String from = msg.key().fromMe() ? "me" : msg.pushName().orElse(msg.key().participantJid().orElse(msg.key().remoteJid()));
            out.println("[" + TIME.format(Instant.ofEpochSecond(msg.timestamp())) + "] " + msg.key().remoteJid() + " "
                    + from + ": " + msg.text().orElse("(" + firstField(m.path("message")) + ")"));
        }
        out.flush();
    }

    private static String firstField(JsonNode message) {
        var names = message.fieldNames();
        return names.hasNext() ? names.next() : "no content";
    }
}
