package dev.zaileys.baileys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.BufferJson;
import dev.zaileys.socket.SignalKeyStore;
import dev.zaileys.store.AuthCredsStore;
import dev.zaileys.store.AuthStoreBundle;
import java.time.Duration;
import java.util.Objects;

/**
 * Baileys' own Signal repository (libsignal behind Baileys' storage adapter) in a driver
 * process, with no WhatsApp connection: one identity whose creds and keys live in our stores.
 * It exists to prove, and to measure, that real Signal state round-trips through the bridge:
 * the round-trip tests and the bridge benchmark use it. Not a messaging API.
 */
public final class BaileysSignal implements AutoCloseable {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final DriverProcess driver;
    private final int registrationId;

    private BaileysSignal(DriverProcess driver, int registrationId) {
        this.driver = driver;
        this.registrationId = registrationId;
    }

    /** Opens the identity stored in {@code store} (fresh creds from Baileys' {@code initAuthCreds} if none). */
    public static BaileysSignal open(BaileysDriver driver, String tag, AuthStoreBundle store) {
        return open(driver, tag, store, new StoreKeys(store));
    }

    /** As {@link #open(BaileysDriver, String, AuthStoreBundle)}, with the keys behind {@code keys}. */
    public static BaileysSignal open(BaileysDriver driver, String tag, AuthCredsStore creds, SignalKeyStore keys) {
        return open(driver, tag, creds, keys, Duration.ofSeconds(30));
    }

    static BaileysSignal open(BaileysDriver driver, String tag, AuthCredsStore creds, SignalKeyStore keys, Duration callTimeout) {
        Objects.requireNonNull(creds, "creds");
        Objects.requireNonNull(keys, "keys");
        DriverProcess d = DriverProcess.start(driver, tag, new DriverProcess.Host() {
            @Override
            public JsonNode call(String name, JsonNode args) {
                switch (name) {
                    case "keys.get":
                        return KeyCalls.get(keys, args);
                    case "keys.set":
                        KeyCalls.set(keys, args);
                        return null;
                    case "creds.init":
                        creds.writeCreds(AuthCreds.of((ObjectNode) args.get("creds")));
                        return null;
                    case "creds.update":
                        ObjectNode merged = creds.readCreds().orElseThrow().toJson();
                        merged.setAll((ObjectNode) args.get("update"));
                        creds.writeCreds(AuthCreds.of(merged));
                        return null;
                    default:
                        throw new IllegalArgumentException("unknown driver call " + name);
                }
            }

            @Override
            public void event(String name, JsonNode data, JsonNode user) {
                // the repository alone emits no events
            }

            @Override
            public void exited(String reason) {
                // requests in flight fail with the reason
            }
        }, callTimeout);
        try {
            ObjectNode args = BufferJson.object();
            creds.readCreds().ifPresent(c -> args.set("creds", c.toJson()));
            JsonNode opened = d.request("signal.open", args, LIMIT);
            return new BaileysSignal(d, opened.path("registrationId").asInt());
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    /** The identity's registration id (from its creds). */
    public int registrationId() {
        return registrationId;
    }

    /**
     * Makes one more one-time pre-key (stored through the bridge) and returns this identity's
     * pre-key bundle, in the shape Baileys' {@code injectE2ESession} takes.
     */
    public JsonNode preKeyBundle() {
        ObjectNode args = BufferJson.object();
        args.put("count", 1);
        return driver.request("signal.bundle", args, LIMIT);
    }

    /** Starts a session with {@code jid} from its pre-key bundle ({@link #preKeyBundle()} of the peer). */
    public void startSession(String jid, JsonNode bundle) {
        ObjectNode args = BufferJson.object();
        args.put("jid", jid);
        args.set("session", bundle);
        driver.request("signal.inject", args, LIMIT);
    }

    /** A 1:1 Signal message: {@code type} is {@code pkmsg} or {@code msg}. */
    public record Encrypted(String type, byte[] ciphertext) {}

    /** A group message and the sender key distribution message its receivers need first. */
    public record GroupEncrypted(byte[] senderKeyDistributionMessage, byte[] ciphertext) {}

    public Encrypted encrypt(String jid, byte[] plaintext) {
        ObjectNode args = BufferJson.object();
        args.put("jid", jid);
        args.put("data", plaintext);
        JsonNode r = driver.request("signal.encrypt", args, LIMIT);
        return new Encrypted(r.path("type").asText(), binary(r.path("ciphertext")));
    }

    public byte[] decrypt(String jid, Encrypted message) {
        ObjectNode args = BufferJson.object();
        args.put("jid", jid);
        args.put("type", message.type());
        args.put("ciphertext", message.ciphertext());
        return binary(driver.request("signal.decrypt", args, LIMIT));
    }

    public GroupEncrypted groupEncrypt(String group, String meId, byte[] plaintext) {
        ObjectNode args = BufferJson.object();
        args.put("group", group);
        args.put("meId", meId);
        args.put("data", plaintext);
        JsonNode r = driver.request("signal.groupEncrypt", args, LIMIT);
        return new GroupEncrypted(binary(r.path("senderKeyDistributionMessage")), binary(r.path("ciphertext")));
    }

    /** Takes in a group sender's key (its sender key distribution message). */
    public void processSenderKey(String group, String authorJid, byte[] senderKeyDistributionMessage) {
        ObjectNode args = BufferJson.object();
        args.put("group", group);
        args.put("authorJid", authorJid);
        args.put("skdm", senderKeyDistributionMessage);
        driver.request("signal.groupDistribute", args, LIMIT);
    }

    public byte[] groupDecrypt(String group, String authorJid, byte[] ciphertext) {
        ObjectNode args = BufferJson.object();
        args.put("group", group);
        args.put("authorJid", authorJid);
        args.put("msg", ciphertext);
        return binary(driver.request("signal.groupDecrypt", args, LIMIT));
    }

    /**
     * Runs {@code rounds} 1:1 round trips (encrypt + decrypt each way) between two identities
     * kept in this driver's memory, the bridge's lower bound; returns the nanoseconds they took.
     */
    public long localRoundTripNanos(int rounds) {
        ObjectNode args = BufferJson.object();
        args.put("rounds", rounds);
        return driver.request("signal.localBench", args, Duration.ofMinutes(10)).path("nanos").asLong();
    }

    /**
     * Runs {@code rounds} key round trips from the driver (a {@code keys.set} of one
     * {@code bytes}-sized record, then its {@code keys.get}, each a call into the JVM's key store);
     * returns the nanoseconds they took, as timed by the driver.
     */
    public long keyRoundTripNanos(int rounds, int bytes) {
        ObjectNode args = BufferJson.object();
        args.put("rounds", rounds);
        args.put("bytes", bytes);
        return driver.request("bench.keys", args, Duration.ofMinutes(10)).path("nanos").asLong();
    }

    /** The driver's process id. */
    public long pid() {
        return driver.pid();
    }

    /** Kills the driver (SIGKILL), for failure tests. */
    public void kill() {
        driver.kill();
    }

    @Override
    public void close() {
        driver.close();
    }

    private static byte[] binary(JsonNode n) {
        if (n == null || !n.isBinary()) {
            throw new DriverException("the driver returned no binary value", -1);
        }
        try {
            return n.binaryValue();
        } catch (java.io.IOException e) {
            throw new DriverException("unreadable binary value from the driver", -1, e);
        }
    }
}
