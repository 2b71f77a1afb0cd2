package dev.zaileys.spring.boot;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything under {@code zaileys.}: the stores by URI, the session, encryption at rest and the
 * client. Keys are read like any Spring property, so {@code ZAILEYS_AUTH_ENCRYPTION_KEY} in the
 * environment sets {@code zaileys.auth.encryption.key}; keep keys there, never in a committed file.
 */
@ConfigurationProperties("zaileys")
public class ZaileysProperties {

    /**
     * The session: names the default auth folder, scopes encryption and is carried on every client
     * event. 1-64 letters, digits, '.', '_' or '-'.
     */
    private String sessionId = "default";

    private final Auth auth = new Auth();

    private final History history = new History();

    private final Client client = new Client();

    private final Metrics metrics = new Metrics();

    private final Baileys baileys = new Baileys();

    public String getSessionId() {
        return sessionId;
    }

    public void setSessionId(String sessionId) {
        this.sessionId = sessionId;
    }

    public Auth getAuth() {
        return auth;
    }

    public History getHistory() {
        return history;
    }

    public Client getClient() {
        return client;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public Baileys getBaileys() {
        return baileys;
    }

    /** The real WhatsApp transport, when zaileys-baileys is on the class path. */
    public static class Baileys {

        /** Whether BaileysSocketFactory is the default SocketFactory (it needs Node.js 20+). */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The session store: login credentials and Signal keys. */
    public static class Auth {

        /**
         * Store URI of the session: file:./dir, sqlite:./x.db, postgres://user:password@host/db
         * (postgres: alone: the application's DataSource), redis://host:6379?namespace=wa,
         * convex:https://x.convex.cloud or memory:. Default: file:./.zaileys/auth/SESSION_ID.
         */
        private String uri;

        private final Encryption encryption = new Encryption();

        public String getUri() {
            return uri;
        }

        public void setUri(String uri) {
            this.uri = uri;
        }

        public Encryption getEncryption() {
            return encryption;
        }
    }

    /** Encryption at rest of the session store (AES-256-GCM); off while no key is set. */
    public static class Encryption {

        /** The key that seals new writes: 32 bytes, base64-encoded. Set it from the environment. */
        private String key;

        /** The id stored beside each sealed value, naming the key that sealed it. */
        private String keyId = "k1";

        /** Earlier keys by id (base64), still read until a rekey moves their values to the current key. */
        private Map<String, String> oldKeys = new LinkedHashMap<>();

        /** What values are bound to besides type and id. Default: the session id. */
        private String scope;

        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            this.key = key;
        }

        public String getKeyId() {
            return keyId;
        }

        public void setKeyId(String keyId) {
            this.keyId = keyId;
        }

        public Map<String, String> getOldKeys() {
            return oldKeys;
        }

        public void setOldKeys(Map<String, String> oldKeys) {
            this.oldKeys = oldKeys;
        }

        public String getScope() {
            return scope;
        }

        public void setScope(String scope) {
            this.scope = scope;
        }

        // never the keys: this object is bound, validated and may be printed by Spring
        @Override
        public String toString() {
            return "Encryption{keyId=" + keyId + ", oldKeyIds=" + oldKeys.keySet() + ", enabled=" + (key != null) + "}";
        }
    }

    /** The history store: messages, chats, contacts, presence and scheduled sends. */
    public static class History {

        /**
         * Store URI of the history: sqlite:./history.db, postgres://user:password@host/db
         * (postgres: alone: the application's DataSource), redis://host:6379?namespace=wa,
         * convex:https://x.convex.cloud or memory:.
         */
        private String uri = "memory:";

        public String getUri() {
            return uri;
        }

        public void setUri(String uri) {
            this.uri = uri;
        }
    }

    /** The Client, made when the application has a SocketFactory bean. */
    public static class Client {

        /** Whether to make the Client bean. */
        private boolean enabled = true;

        /** Whether to connect once the application context has started. */
        private boolean autoConnect = true;

        /** Whether to keep an in-memory read cache over the Signal key store. */
        private boolean cacheSignal = true;

        /** How many bound writes may wait for the history store before the socket's thread blocks. */
        private int bindQueueSize = 10_000;

        /** First delay before reconnecting; doubles up to the maximum. */
        private Duration reconnectBaseDelay = Duration.ofSeconds(1);

        /** Longest delay between reconnect attempts. */
        private Duration reconnectMaxDelay = Duration.ofSeconds(60);

        /** How often the scheduler looks for due jobs. */
        private Duration schedulePollInterval = Duration.ofSeconds(1);

        /** Scheduled sends per second at most. */
        private double scheduleRateLimitPerSec = 1;

        /** Attempts of a scheduled send before it is given up on (kept, marked failed). */
        private int scheduleMaxAttempts = 5;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isAutoConnect() {
            return autoConnect;
        }

        public void setAutoConnect(boolean autoConnect) {
            this.autoConnect = autoConnect;
        }

        public boolean isCacheSignal() {
            return cacheSignal;
        }

        public void setCacheSignal(boolean cacheSignal) {
            this.cacheSignal = cacheSignal;
        }

        public int getBindQueueSize() {
            return bindQueueSize;
        }

        public void setBindQueueSize(int bindQueueSize) {
            this.bindQueueSize = bindQueueSize;
        }

        public Duration getReconnectBaseDelay() {
            return reconnectBaseDelay;
        }

        public void setReconnectBaseDelay(Duration reconnectBaseDelay) {
            this.reconnectBaseDelay = reconnectBaseDelay;
        }

        public Duration getReconnectMaxDelay() {
            return reconnectMaxDelay;
        }

        public void setReconnectMaxDelay(Duration reconnectMaxDelay) {
            this.reconnectMaxDelay = reconnectMaxDelay;
        }

        public Duration getSchedulePollInterval() {
            return schedulePollInterval;
        }

        public void setSchedulePollInterval(Duration schedulePollInterval) {
            this.schedulePollInterval = schedulePollInterval;
        }

        public double getScheduleRateLimitPerSec() {
            return scheduleRateLimitPerSec;
        }

        public void setScheduleRateLimitPerSec(double scheduleRateLimitPerSec) {
            this.scheduleRateLimitPerSec = scheduleRateLimitPerSec;
        }

        public int getScheduleMaxAttempts() {
            return scheduleMaxAttempts;
        }

        public void setScheduleMaxAttempts(int scheduleMaxAttempts) {
            this.scheduleMaxAttempts = scheduleMaxAttempts;
        }
    }

    /** Micrometer metrics of the stores and the client. */
    public static class Metrics {

        /** Whether to time the store operations and publish the client's gauges (needs a MeterRegistry). */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
