package dev.zaileys.bench;

import dev.zaileys.baileys.BaileysDriver;
import dev.zaileys.baileys.BaileysSignal;
import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.socket.SignalKeyStore;
import dev.zaileys.store.AuthStore;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.memory.MemoryAuthStore;
import dev.zaileys.store.sqlite.SqliteAuthStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The Baileys bridge's cost, measured in one run: Signal round trips (encrypt and decrypt each
 * way, 1:1, Baileys' own repository) with both identities' keys in SQLite through the bridge,
 * next to the same loop inside one Node process with the keys in memory (the lower bound: the
 * cryptography alone); and the bridge's key round trip (a {@code keys.set} then a
 * {@code keys.get} of a 1 KiB record from the driver) with SQLite and with memory behind it, which
 * separates the protocol's cost from the store's.
 */
public final class BridgeBench {

    static final String ALICE = "1001@lid";
    static final String BOB = "1002@lid";
    private static final byte[] PAYLOAD = "bench payload of a typical short message".getBytes(StandardCharsets.UTF_8);

    /** Rates per second, and how many key calls one Signal round trip makes across the bridge. */
    public record Result(int rounds, double bridgeSignalPerSec, double inProcessSignalPerSec,
                         int keyRounds, double keysSqlitePerSec, double keysMemoryPerSec, double keyCallsPerRound) {
        /** How many times slower the bridge's Signal round trip is than the in-process one. */
        public double signalRatio() {
            return inProcessSignalPerSec / bridgeSignalPerSec;
        }
    }

    private BridgeBench() {}

    /**
     * Runs the procedure with SQLite files under {@code dir} (a scratch folder).
     *
     * @param rounds Signal round trips per measurement (after {@code rounds / 10} warm-up ones)
     * @param keyRounds key round trips per measurement
     */
    public static Result run(BaileysDriver driver, Path dir, int rounds, int keyRounds) {
        if (rounds < 1 || keyRounds < 1) {
            throw new IllegalArgumentException("rounds and keyRounds must be positive");
        }
        try (SqliteAuthStore aliceStore = SqliteAuthStore.builder().database(dir.resolve("bench-alice.db").toString()).build();
             SqliteAuthStore bobStore = SqliteAuthStore.builder().database(dir.resolve("bench-bob.db").toString()).build();
             BaileysSignal alice = BaileysSignal.open(driver, "bench-alice", aliceStore, new CountingKeys(aliceStore));
             BaileysSignal bob = BaileysSignal.open(driver, "bench-bob", bobStore, new CountingKeys(bobStore))) {
            alice.startSession(BOB, bob.preKeyBundle());
            roundTrips(alice, bob, Math.max(1, rounds / 10));
            long calls0 = CountingKeys.calls.sum();
            long t0 = System.nanoTime();
            roundTrips(alice, bob, rounds);
            double bridge = perSec(rounds, System.nanoTime() - t0);
            double callsPerRound = (CountingKeys.calls.sum() - calls0) / (double) rounds;
            double local = perSec(rounds, alice.localRoundTripNanos(rounds));
            alice.keyRoundTripNanos(Math.max(1, keyRounds / 10), 1024);
            double keysSqlite = perSec(keyRounds, alice.keyRoundTripNanos(keyRounds, 1024));
            double keysMemory;
            try (AuthStoreBundle memory = new MemoryAuthStore();
                 BaileysSignal inMemory = BaileysSignal.open(driver, "bench-memory", memory)) {
                inMemory.keyRoundTripNanos(Math.max(1, keyRounds / 10), 1024);
                keysMemory = perSec(keyRounds, inMemory.keyRoundTripNanos(keyRounds, 1024));
            }
            return new Result(rounds, bridge, local, keyRounds, keysSqlite, keysMemory, callsPerRound);
        }
    }

    private static void roundTrips(BaileysSignal alice, BaileysSignal bob, int rounds) {
        for (int i = 0; i < rounds; i++) {
            check(bob.decrypt(ALICE, alice.encrypt(BOB, PAYLOAD)));
            check(alice.decrypt(BOB, bob.encrypt(ALICE, PAYLOAD)));
        }
    }

    private static void check(byte[] plaintext) {
        if (!Arrays.equals(plaintext, PAYLOAD)) {
            throw new IllegalStateException("a bench message did not decrypt to what was sent");
        }
    }

    private static double perSec(int count, long nanos) {
        return count / (nanos / 1e9);
    }

    /** The store's keys, counting the driver's calls (each get or set is one bridge round trip). */
    private static final class CountingKeys implements SignalKeyStore {
        static final LongAdder calls = new LongAdder();
        private final AuthStore store;

        CountingKeys(AuthStore store) {
            this.store = store;
        }

        @Override
        public Map<String, JsonNode> get(String type, Collection<String> ids) {
            calls.increment();
            return store.read(type, ids);
        }

        @Override
        public void set(Map<String, ? extends Map<String, ? extends JsonNode>> data) {
            calls.increment();
            store.write(data);
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
