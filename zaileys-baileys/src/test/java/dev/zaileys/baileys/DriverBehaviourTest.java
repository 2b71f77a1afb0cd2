package dev.zaileys.baileys;

import static dev.zaileys.baileys.SignalRoundTripContract.BOB;
import static dev.zaileys.baileys.SignalRoundTripContract.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.client.Client;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.socket.SignalKeyStore;
import dev.zaileys.socket.SocketFactory;
import dev.zaileys.store.memory.MemoryAuthStore;
import dev.zaileys.store.memory.MemoryMessageStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DriverBehaviourTest {

    private static final String JID = "6281100000001@s.whatsapp.net";

    @Test
    @DisplayName("D1: events emitted on Baileys' socket reach the client in order as Baileys JSON (numbers for Longs, Buffers for bytes), "
            + "the store binds them, and Baileys' getMessage is answered from that store")
    void eventsAndGetMessage() throws Exception {
        byte[] secret = new byte[32];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) (i * 7);
        }
        List<String> seen = new CopyOnWriteArrayList<>();
        List<JsonNode> upserts = new CopyOnWriteArrayList<>();
        List<BaileysSocket> sockets = new CopyOnWriteArrayList<>();
        try (ClosingWebSocketServer server = new ClosingWebSocketServer(true);
             MemoryAuthStore auth = new MemoryAuthStore();
             MemoryMessageStore store = new MemoryMessageStore()) {
            BaileysSocketFactory baileys = BaileysSocketFactory.builder().driver(TestDriver.shared().withTestHooks())
                    .wsUrl(URI.create(server.url())).messageStore(store).build();
            SocketFactory capturing = (id, a) -> {
                BaileysSocket s = (BaileysSocket) baileys.create(id, a);
                sockets.add(s);
                return s;
            };
            try (Client client = Client.builder().sessionId("events").auth(auth).store(store).socketFactory(capturing).build()) {
                for (String name : List.of("chats.upsert", "contacts.upsert", "messages.upsert", "messages.update", "presence.update")) {
                    client.onSocketEvent(name, e -> {
                        seen.add(e.name());
                        if (e.name().equals("messages.upsert")) {
                            upserts.add(e.payload());
                        }
                    });
                }
                client.connect();
                await(() -> server.accepted() == 1, "the driver's connection");

                ObjectNode key = BufferJson.object().put("remoteJid", JID).put("fromMe", false).put("id", "3EB0ABC1");
                ObjectNode message = BufferJson.object();
                message.set("key", key);
                message.putObject("message").put("conversation", "halo").putObject("messageContextInfo").put("messageSecret", secret);
                message.put("messageTimestamp", 1_700_000_001L).put("pushName", "Budi");
                ArrayNode events = BufferJson.mapper().createArrayNode();
                events.add(event("chats.upsert", BufferJson.mapper().createArrayNode().add(BufferJson.object().put("id", JID).put("name", "Budi"))));
                events.add(event("contacts.upsert", BufferJson.mapper().createArrayNode().add(BufferJson.object().put("id", JID).put("notify", "Budi"))));
                ObjectNode upsert = BufferJson.object().put("type", "notify");
                upsert.putArray("messages").add(message);
                events.add(event("messages.upsert", upsert));
                ObjectNode update = BufferJson.object();
                update.set("key", key);
                update.putObject("update").put("status", 4);
                events.add(event("messages.update", BufferJson.mapper().createArrayNode().add(update)));
                ObjectNode presence = BufferJson.object().put("id", JID);
                presence.putObject("presences").putObject(JID).put("lastKnownPresence", "available");
                events.add(event("presence.update", presence));
                ObjectNode args = BufferJson.object();
                args.set("events", events);
                sockets.get(0).command("test.emit", args);

                await(() -> seen.size() == 5, "five events");
                assertThat(seen).containsExactly("chats.upsert", "contacts.upsert", "messages.upsert", "messages.update", "presence.update");
                JsonNode sent = upserts.get(0).path("messages").get(0);
                assertThat(sent.path("messageTimestamp").isIntegralNumber()).as("a Long crosses as a number").isTrue();
                assertThat(sent.path("messageTimestamp").asLong()).isEqualTo(1_700_000_001L);
                assertThat(sent.path("message").path("messageContextInfo").path("messageSecret").binaryValue())
                        .as("bytes cross as a Buffer").isEqualTo(secret);

                client.flush();
                MessageKey k = MessageKey.of(JID, false, "3EB0ABC1");
                assertThat(store.getMessage(k)).isPresent();
                assertThat(store.getMessage(k).get().text()).contains("halo");

                ObjectNode ask = BufferJson.object();
                ask.set("key", key);
                JsonNode answered = sockets.get(0).command("test.getMessage", ask);
                assertThat(answered.path("conversation").asText()).isEqualTo("halo");
                assertThat(answered.path("messageContextInfo").path("messageSecret").binaryValue()).isEqualTo(secret);
                ask.set("key", BufferJson.object().put("remoteJid", JID).put("fromMe", false).put("id", "UNKNOWN"));
                assertThat(sockets.get(0).command("test.getMessage", ask).isNull()).as("unknown message: undefined").isTrue();
            }
        }
    }

    @Test
    @DisplayName("D2: a JVM store write that fails makes Baileys' operation fail, never a silent success")
    void storeFailureFailsTheOperation() {
        try (MemoryAuthStore aliceStore = new MemoryAuthStore();
             MemoryAuthStore bobStore = new MemoryAuthStore();
             BaileysSignal bob = BaileysSignal.open(TestDriver.shared(), "bob", bobStore)) {
            FailingKeys keys = new FailingKeys(new StoreKeys(aliceStore));
            try (BaileysSignal alice = BaileysSignal.open(TestDriver.shared(), "alice", aliceStore, keys)) {
                alice.startSession(BOB, bob.preKeyBundle());
                Map<String, JsonNode> before = aliceStore.read("session", aliceStore.listKeyIds().get("session"));
                keys.failWrites = true;
                assertThatThrownBy(() -> alice.encrypt(BOB, utf8("lost?")))
                        .isInstanceOf(DriverException.class)
                        .hasMessageContaining("keys.set failed on the JVM")
                        .hasMessageContaining("disk full");
                assertThat(aliceStore.read("session", before.keySet())).as("nothing half-written").isEqualTo(before);
            }
        }
    }

    @Test
    @DisplayName("D3: a JVM call that does not answer in time fails Baileys' operation with a timeout")
    void callTimeout() {
        try (MemoryAuthStore store = new MemoryAuthStore()) {
            FailingKeys keys = new FailingKeys(new StoreKeys(store));
            try (BaileysSignal alice = BaileysSignal.open(TestDriver.shared(), "slow", store, keys, Duration.ofMillis(500))) {
                alice.startSession(BOB, preKeyBundleOfSomeone());
                keys.stallWrites = true;
                assertThatThrownBy(() -> alice.encrypt(BOB, utf8("anyone?")))
                        .isInstanceOf(DriverException.class)
                        .hasMessageContaining("timed out");
            } finally {
                keys.stallWrites = false;
            }
        }
    }

    @Test
    @DisplayName("D4: the driver exits by itself when its stdin closes (the JVM went away)")
    void exitsWhenStdinCloses() throws Exception {
        BaileysDriver driver = TestDriver.shared();
        Process p = new ProcessBuilder(driver.node(), BaileysDriver.SCRIPT).directory(driver.installDir().toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).contains("\"ready\":true");
            p.getOutputStream().close();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("exited on its own").isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    @DisplayName("D5: no Node.js is one clear line naming ZAILEYS_NODE, at build time")
    void missingNode() {
        BaileysDriver noNode = BaileysDriver.builder().node(Path.of("/nonexistent/bin/node")).cacheDir(Path.of("target", "none")).build();
        assertThatThrownBy(() -> BaileysSocketFactory.builder().driver(noNode).build())
                .isInstanceOf(DriverException.class)
                .hasMessageContaining("Node.js 20 or later")
                .hasMessageContaining("ZAILEYS_NODE")
                .hasMessageContaining("/nonexistent/bin/node")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static JsonNode preKeyBundleOfSomeone() {
        try (MemoryAuthStore store = new MemoryAuthStore();
             BaileysSignal someone = BaileysSignal.open(TestDriver.shared(), "someone", store)) {
            return someone.preKeyBundle();
        }
    }

    private static ObjectNode event(String name, JsonNode data) {
        ObjectNode e = BufferJson.object().put("name", name);
        e.set("data", data);
        return e;
    }

    private static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static final class FailingKeys implements SignalKeyStore {
        private final SignalKeyStore delegate;
        volatile boolean failWrites;
        volatile boolean stallWrites;

        FailingKeys(SignalKeyStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Map<String, JsonNode> get(String type, Collection<String> ids) {
            return delegate.get(type, ids);
        }

        @Override
        public void set(Map<String, ? extends Map<String, ? extends JsonNode>> data) {
            while (stallWrites) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (failWrites) {
                throw new ZaileysStoreException(ZaileysStoreException.Code.STORE_WRITE_FAILED, "disk full");
            }
            delegate.set(data);
        }

        @Override
        public <T> T transaction(Supplier<T> work) {
            return work.get();
        }

        @Override
        public boolean isInTransaction() {
            return false;
        }
    }
}
