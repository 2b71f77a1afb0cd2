package dev.zaileys.baileys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zaileys.client.Client;
import dev.zaileys.client.ClientEvent;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.store.memory.MemoryMessageStore;
import dev.zaileys.store.sqlite.SqliteAuthStore;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real client on the real Baileys socket, against endpoints this test controls: each close
 * reaches the client as Baileys reports it, the client reconnects with backoff (a new driver
 * each time), and the creds Baileys made on the first attempt are stored and reused.
 */
class ConnectionLifecycleTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("L1: connection refused closes with 408 (Baileys' code for E* socket errors); creds made once and reused")
    void refused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<ClientEvent.Disconnected> closes = runUntilCloses("ws://127.0.0.1:" + port + "/ws/chat", "refused", 2);
        assertThat(closes).allSatisfy(c -> {
            assertThat(c.statusCode()).isEqualTo(408);
            assertThat(c.willReconnect()).isTrue();
            assertThat(c.loggedOut()).isFalse();
        });
    }

    @Test
    @DisplayName("L2: a server that accepts and then closes reaches the client as 428 (connection closed)")
    void acceptedThenClosed() throws Exception {
        try (ClosingWebSocketServer server = new ClosingWebSocketServer()) {
            List<ClientEvent.Disconnected> closes = runUntilCloses(server.url(), "dropped", 2);
            assertThat(closes).allSatisfy(c -> assertThat(c.statusCode()).isEqualTo(428));
            assertThat(server.accepted()).isGreaterThanOrEqualTo(2);
        }
    }

    /** Connects, waits for {@code count} closes, checks the creds across them; returns the closes. */
    private List<ClientEvent.Disconnected> runUntilCloses(String wsUrl, String session, int count) throws Exception {
        BaileysSocketFactory factory = BaileysSocketFactory.builder().driver(TestDriver.shared())
                .wsUrl(URI.create(wsUrl)).build();
        List<ClientEvent.Disconnected> closes = new CopyOnWriteArrayList<>();
        List<ClientEvent.Reconnecting> retries = new CopyOnWriteArrayList<>();
        List<Integer> registrationAtClose = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(count);
        try (SqliteAuthStore auth = SqliteAuthStore.builder().database(dir.resolve(session + ".db").toString()).build();
             MemoryMessageStore store = new MemoryMessageStore();
             Client client = Client.builder().sessionId(session).auth(auth).store(store).socketFactory(factory)
                     .reconnectDelay(Duration.ofMillis(200), Duration.ofMillis(800)).build()) {
            client.onReconnecting(retries::add);
            client.onDisconnect(e -> {
                registrationAtClose.add(auth.readCreds().map(ConnectionLifecycleTest::registrationId).orElse(-1));
                closes.add(e);
                done.countDown();
            });
            client.connect();
            assertThat(done.await(90, TimeUnit.SECONDS)).as("%d closes within 90 s, got %s", count, closes).isTrue();
        }
        List<ClientEvent.Disconnected> first = List.copyOf(closes.subList(0, count));
        assertThat(registrationAtClose.subList(0, count)).as("fresh creds stored on the first attempt, the same ones reused")
                .doesNotContain(-1).containsOnly(registrationAtClose.get(0));
        assertThat(retries).as("the client retried with backoff").isNotEmpty();
        assertThat(retries.get(0).attempt()).isEqualTo(1);
        assertThat(retries.get(0).delay()).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        return first;
    }

    private static int registrationId(AuthCreds c) {
        return c.toJson().path("registrationId").asInt(-1);
    }
}
