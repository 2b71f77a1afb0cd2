package dev.zaileys.baileys;

import static dev.zaileys.baileys.SignalRoundTripContract.ALICE;
import static dev.zaileys.baileys.SignalRoundTripContract.BOB;
import static dev.zaileys.baileys.SignalRoundTripContract.text;
import static dev.zaileys.baileys.SignalRoundTripContract.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.client.Client;
import dev.zaileys.client.ClientEvent;
import dev.zaileys.socket.SignalKeyStore;
import dev.zaileys.store.memory.MemoryMessageStore;
import dev.zaileys.store.sqlite.SqliteAuthStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver dies by SIGKILL: the JVM is told, nothing acknowledged is lost, the next driver carries on. */
class DriverKilledTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("K1: killed -9 during a session write: the call fails naming the kill, every finished write is stored, a new driver continues")
    void killedDuringKeyWrite() {
        BaileysDriver driver = TestDriver.shared();
        try (SqliteAuthStore aliceStore = SqliteAuthStore.builder().database(dir.resolve("alice.db").toString()).build();
             SqliteAuthStore bobStore = SqliteAuthStore.builder().database(dir.resolve("bob.db").toString()).build();
             BaileysSignal bob = BaileysSignal.open(driver, "bob", bobStore)) {
            KillingKeys aliceKeys = new KillingKeys(new StoreKeys(aliceStore));
            BaileysSignal alice = BaileysSignal.open(driver, "alice", aliceStore, aliceKeys);
            try {
                alice.startSession(BOB, bob.preKeyBundle());
                for (int i = 0; i < 3; i++) {
                    assertThat(text(bob.decrypt(ALICE, alice.encrypt(BOB, utf8("before " + i))))).isEqualTo("before " + i);
                }
                // a reply settles the session: from here on alice sends plain "msg", no pre-key message
                assertThat(text(alice.decrypt(BOB, bob.encrypt(ALICE, utf8("got them"))))).isEqualTo("got them");
                aliceKeys.killOnNextSessionWrite(alice);
                assertThatThrownBy(() -> alice.encrypt(BOB, utf8("never delivered")))
                        .isInstanceOf(DriverException.class)
                        .hasMessageContaining("killed by signal 9");
            } finally {
                alice.close();
            }
            assertThat(aliceKeys.killed).as("the kill happened inside a key write").isTrue();
            aliceKeys.finished().forEach((typeAndId, value) -> {
                String[] p = typeAndId.split("\u0000", 2);
                JsonNode stored = aliceStore.read(p[0], List.of(p[1])).get(p[1]);
                if (value == null) {
                    assertThat(stored).as("%s deleted", typeAndId).isNull();
                } else {
                    assertThat(stored).as("%s as last written", typeAndId).isEqualTo(value);
                }
            });

            try (BaileysSignal next = BaileysSignal.open(driver, "alice-2", aliceStore)) {
                BaileysSignal.Encrypted m = next.encrypt(BOB, utf8("after the kill"));
                assertThat(m.type()).isEqualTo("msg");
                assertThat(text(bob.decrypt(ALICE, m))).isEqualTo("after the kill");
                assertThat(text(next.decrypt(BOB, bob.encrypt(ALICE, utf8("welcome back"))))).isEqualTo("welcome back");
            }
        }
    }

    @Test
    @DisplayName("K2: a socket's driver killed -9 closes the client's connection with 428 naming the kill; the client reconnects on a new driver")
    void socketDriverKilled() throws Exception {
        try (ClosingWebSocketServer server = new ClosingWebSocketServer(true);
             SqliteAuthStore auth = SqliteAuthStore.builder().database(dir.resolve("killed.db").toString()).build();
             MemoryMessageStore store = new MemoryMessageStore()) {
            BaileysSocketFactory factory = BaileysSocketFactory.builder().driver(TestDriver.shared())
                    .wsUrl(URI.create(server.url())).build();
            List<ClientEvent.Disconnected> closes = new CopyOnWriteArrayList<>();
            CountDownLatch closed = new CountDownLatch(1);
            try (Client client = Client.builder().sessionId("killed").auth(auth).store(store).socketFactory(factory)
                    .reconnectDelay(Duration.ofMillis(100), Duration.ofMillis(200)).build()) {
                client.onDisconnect(e -> {
                    closes.add(e);
                    closed.countDown();
                });
                client.connect();
                await(() -> server.accepted() == 1, "the first driver's handshake");
                ProcessHandle first = driverProcesses().get(0);
                first.destroyForcibly();
                assertThat(closed.await(30, TimeUnit.SECONDS)).as("close reported").isTrue();
                assertThat(closes.get(0).statusCode()).isEqualTo(428);
                assertThat(closes.get(0).message()).contains("killed by signal 9");
                assertThat(closes.get(0).willReconnect()).isTrue();
                await(() -> server.accepted() == 2, "a second driver's handshake");
                assertThat(driverProcesses()).extracting(ProcessHandle::pid).doesNotContain(first.pid());
            }
        }
    }

    private static List<ProcessHandle> driverProcesses() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains(BaileysDriver.SCRIPT))
                .filter(ProcessHandle::isAlive)
                .toList();
    }

    private static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Records every write that returned, and can kill the driver while a session write is in flight. */
    private static final class KillingKeys implements SignalKeyStore {
        private final SignalKeyStore delegate;
        private final Map<String, JsonNode> finished = new LinkedHashMap<>();
        private volatile BaileysSignal victim;
        volatile boolean killed;

        KillingKeys(SignalKeyStore delegate) {
            this.delegate = delegate;
        }

        /** The writes that returned, as of now (set() runs on the bridge's threads). */
        synchronized Map<String, JsonNode> finished() {
            return new LinkedHashMap<>(finished);
        }

        void killOnNextSessionWrite(BaileysSignal driver) {
            victim = driver;
        }

        @Override
        public Map<String, JsonNode> get(String type, Collection<String> ids) {
            return delegate.get(type, ids);
        }

        @Override
        public synchronized void set(Map<String, ? extends Map<String, ? extends JsonNode>> data) {
            BaileysSignal v = victim;
            if (v != null && data.containsKey("session")) {
                victim = null;
                // Set before the kill: the caller sees the death (and checks this flag) while this
                // call still waits for the process to exit.
                killed = true;
                ProcessHandle.of(v.pid()).ifPresent(ProcessHandle::destroyForcibly);
                ProcessHandle.of(v.pid()).ifPresent(p -> p.onExit().join());
                return; // the dead driver can never be told, so this write is not acknowledged
            }
            delegate.set(data);
            data.forEach((type, values) -> values.forEach((id, value) -> finished.put(type + "\u0000" + id, value)));
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
