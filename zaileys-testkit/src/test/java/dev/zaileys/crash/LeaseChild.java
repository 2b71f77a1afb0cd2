package dev.zaileys.crash;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.zaileys.client.Client;
import dev.zaileys.client.ClientEvent;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.sim.SimulatedWhatsApp;
import dev.zaileys.store.AuthStoreBundle;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One process of {@link LeaseProcessTest}: a real {@link Client} on the simulated WhatsApp over
 * one session of a durable backend. It prints, one line each, in this order as they happen:
 * {@code pid <n>}; {@code ready} once the backend answered a read (its start-up is over);
 * {@code refused <message>} (then exits 3) or {@code lease <epoch>} once
 * {@code connect()} holds the lease; {@code connected}; {@code pairings <n>}; and, when asked to
 * write, {@code T <n>} before and {@code W <n>} after each acknowledged Signal key write
 * {@code pre-key/<writer + n>} (the writer is a numeric base id) through the client's auth store, or {@code F <n>} when the backend
 * refused it as fenced; {@code lost} on {@link ClientEvent.LeaseLost}. Stdin: {@code stop} closes
 * the client, prints {@code stopped cpu <ms>} (this process's CPU time) and exits 0;
 * {@code exchange} receives and sends a text through the simulator and prints {@code exchanged}
 * once both are in the message store.
 *
 * <p>Arguments: backend, target, session, ttl ms, wait ms, writer base id (or {@code -} for none),
 * and optionally a key prefix: once the lease is held, {@code seen <n>} counts the pre-keys
 * whose id starts with it.
 */
public final class LeaseChild {

    private LeaseChild() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        CrashBackend backend = CrashBackend.valueOf(args[0]);
        String target = args[1];
        String session = args[2];
        Duration ttl = Duration.ofMillis(Long.parseLong(args[3]));
        Duration wait = Duration.ofMillis(Long.parseLong(args[4]));
        String writer = args[5];
        out.println("pid " + ProcessHandle.current().pid());
        AuthStoreBundle auth = backend.auth(target, session);
        SimulatedWhatsApp sim = SimulatedWhatsApp.builder().seed(3).history(2, 10).preKeys(10).build();
        Client client = Client.builder().sessionId("lease-child").auth(auth).socketFactory(sim)
                .leaseTtl(ttl).leaseWait(wait).reconnectDelay(Duration.ofMillis(200), Duration.ofSeconds(1)).build();
        CountDownLatch connected = new CountDownLatch(1);
        client.onConnect(e -> connected.countDown());
        client.onLeaseLost(e -> out.println("lost"));
        // A readiness probe, as a rolling deploy has: the backend answered a read, so this
        // process's start-up (a JVM, a store and its first connection: seconds on a busy machine)
        // is behind it. A read, not the lease, which the probe must not disturb.
        auth.readCreds();
        out.println("ready");
        try {
            client.connect();
        } catch (ZaileysStoreException e) {
            out.println("refused " + e.getMessage());
            System.exit(3);
        }
        out.println("lease " + client.leaseEpoch().orElse(-1));
        if (args.length > 6) {
            // Read once this process holds the lease: from here on no other writer can add a key.
            long seen = auth.listKeyIds().getOrDefault("pre-key", java.util.List.of()).stream().filter(id -> id.startsWith(args[6])).count();
            out.println("seen " + seen);
        }
        if (!connected.await(30, TimeUnit.SECONDS)) {
            out.println("FAILED no connection");
            System.exit(4);
        }
        out.println("connected");
        out.println("pairings " + sim.pairings());
        if (!writer.equals("-")) {
            Thread t = new Thread(() -> write(out, auth, writer), "writer");
            t.setDaemon(true);
            t.start();
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("stop")) {
                client.close();
                auth.close();
                out.println("stopped cpu " + ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L));
                System.exit(0);
            } else if (line.equals("exchange")) {
                String peer = "6281299990000@s.whatsapp.net";
                sim.receiveText(peer, "ping from the simulator");
                client.sendText(peer, "pong from " + ProcessHandle.current().pid());
                sim.settle();
                client.flush();
                boolean both = client.store().listMessages(peer, dev.zaileys.store.ListOptions.limit(10)).size() >= 2;
                out.println(both ? "exchanged" : "FAILED exchange");
            }
        }
    }

    /** Writes one key after another for as long as the process lives; every outcome is reported. */
    private static void write(PrintStream out, AuthStoreBundle auth, String writer) {
        for (int n = 0; ; n++) {
            out.println("T " + n);
            try {
                // A valid pre-key (numeric id, 32-byte pair), so the session verifies clean afterwards.
                byte[] half = new byte[32];
                java.util.Arrays.fill(half, (byte) n);
                com.fasterxml.jackson.databind.node.ObjectNode pair = JsonNodeFactory.instance.objectNode();
                pair.set("private", JsonNodeFactory.instance.binaryNode(half));
                pair.set("public", JsonNodeFactory.instance.binaryNode(half));
                auth.write(Map.of("pre-key", Map.of(Long.toString(Long.parseLong(writer) + n), pair)));
                out.println("W " + n);
            } catch (ZaileysStoreException e) {
                out.println((e.code() == ZaileysStoreException.Code.STORE_FENCED ? "F " : "E ") + n + " " + e.code());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
