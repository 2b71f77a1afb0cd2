package dev.zaileys.baileys;

import dev.zaileys.socket.AuthenticationState;
import dev.zaileys.socket.SocketFactory;
import dev.zaileys.socket.WASocket;
import dev.zaileys.store.MessageStore;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Real WhatsApp through Baileys: each {@link #create socket} is one Baileys socket in its own
 * Node driver process ({@link BaileysDriver}). The process keeps no state: the creds come from
 * the {@link AuthenticationState} the client hands over (fresh ones are made by Baileys'
 * {@code initAuthCreds} and announced as {@code creds.update} before the socket uses them),
 * every Signal key read and write is a call into its {@code SignalKeyStore}, and a key write is
 * acknowledged to Baileys only once that store returned from it. When the process dies the socket
 * closes with status 428 and a reason naming the death; the client then opens a new socket, with
 * a new process, from the stored state.
 *
 * <pre>{@code
 * var whatsapp = BaileysSocketFactory.builder().messageStore(store).build();
 * try (Client client = Client.builder().auth(auth).store(store).socketFactory(whatsapp).build()) {
 *     client.onQr(e -> System.out.println(e.qr()));
 *     client.connect();
 * }
 * }</pre>
 *
 * <p>Unofficial: Baileys is a reverse-engineered WhatsApp Web client, not a WhatsApp product.
 */
public final class BaileysSocketFactory implements SocketFactory {

    private final Settings settings;

    private BaileysSocketFactory(Settings settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The driver the sockets run in. */
    public BaileysDriver driver() {
        return settings.driver();
    }

    @Override
    public WASocket create(String sessionId, AuthenticationState auth) {
        return new BaileysSocket(settings, sessionId, Objects.requireNonNull(auth, "auth"));
    }

    /** What every socket of a factory shares. */
    record Settings(BaileysDriver driver, URI wsUrl, String pairingPhone, MessageStore messageStore,
                    Duration requestTimeout, Duration callTimeout) {}

    /** Options; {@link #build()} checks that Node.js 20+ runs (the driver installs on first use). */
    public static final class Builder {
        private BaileysDriver driver;
        private URI wsUrl;
        private String pairingPhone;
        private MessageStore messageStore;
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration callTimeout = Duration.ofSeconds(30);

        private Builder() {}

        /** The driver (default {@link BaileysDriver#defaults()}: {@code ZAILEYS_NODE}, the PATH, the home cache). */
        public Builder driver(BaileysDriver driver) {
            this.driver = Objects.requireNonNull(driver, "driver");
            return this;
        }

        /** WhatsApp's WebSocket endpoint (Baileys' {@code waWebSocketUrl}), for tests and proxies. */
        public Builder wsUrl(URI wsUrl) {
            this.wsUrl = Objects.requireNonNull(wsUrl, "wsUrl");
            return this;
        }

        /**
         * Pair with a pairing code instead of a QR: the phone number (international format, digits
         * only) the code is for. The code arrives as {@code connection.update} {@code {pairingCode}}.
         */
        public Builder pairingPhone(String phone) {
            if (phone == null || !phone.replaceAll("[^0-9]", "").matches("[0-9]{6,15}")) {
                throw new IllegalArgumentException("pairing phone must be 6-15 digits in international format");
            }
            this.pairingPhone = phone.replaceAll("[^0-9]", "");
            return this;
        }

        /**
         * The store Baileys' {@code getMessage(key)} is answered from (the message a retry receipt
         * asks to resend); pass the client's message store. Without one, retries find nothing.
         */
        public Builder messageStore(MessageStore store) {
            this.messageStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /** How long a command to the driver (send, logout) may take (default 60 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "request timeout");
            return this;
        }

        /** How long the driver waits for the JVM to answer one of its calls (default 30 s). */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = positive(timeout, "call timeout");
            return this;
        }

        public BaileysSocketFactory build() {
            BaileysDriver d = driver == null ? BaileysDriver.defaults() : driver;
            d.checkNode();
            if (wsUrl != null && !"ws".equals(wsUrl.getScheme()) && !"wss".equals(wsUrl.getScheme())) {
                throw new IllegalArgumentException("wsUrl must be a ws:// or wss:// URL, got " + wsUrl);
            }
            return new BaileysSocketFactory(new Settings(d, wsUrl, pairingPhone, messageStore, requestTimeout, callTimeout));
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }
    }
}
