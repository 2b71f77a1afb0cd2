package dev.zaileys.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.SessionCheck;
import dev.zaileys.testing.ChildJvm;
import dev.zaileys.testing.TestPostgres;
import dev.zaileys.testing.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash tests: a real child JVM ({@link CrashChild}) is killed with {@code kill -9} at a random
 * moment while it imports (batch writes of keys and messages), ingests through a
 * {@code StoreBinding} (emit, then flush) or rotates keys (a Signal key set, then creds). Then,
 * in this JVM, on the same backend: every write the child reported as acknowledged is there, no
 * record is torn (reading everything, as {@code zaileys verify} does with {@link SessionCheck},
 * finds nothing damaged), no key set is half applied (where the backend promises atomic sets), and
 * the session check is clean. Each round uses a session of its own on one target per backend (one
 * folder, one SQLite file, one PostgreSQL database, one Redis with AOF {@code appendfsync always}),
 * so later rounds also open a file or server a crashed writer left behind; at the end every
 * round is checked again.
 *
 * <p>{@value #DEFAULT_ROUNDS} rounds per backend by default; more with
 * {@code -Dzaileys.crash.rounds=N}, run {@code -Dzaileys.crash.lanes=2} children at a time. {@code -Dzaileys.crash.seed=S} replays a run's kill delays and
 * scenario order (the seed is in every failure message).
 */
class CrashTest {

    static final int DEFAULT_ROUNDS = 30;
    private static final int ROUNDS = Integer.getInteger("zaileys.crash.rounds", DEFAULT_ROUNDS);
    private static final int LANES = Integer.getInteger("zaileys.crash.lanes", 2);
    private static final long SEED = Long.getLong("zaileys.crash.seed", System.nanoTime());
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    /** One killed child: what it ran and what it acknowledged. */
    private record Round(int number, String session, String scenario, List<String> acks, long killAfterMs) {
        int last(String prefix) {
            return acks.stream().filter(l -> l.startsWith(prefix + " "))
                    .mapToInt(l -> Integer.parseInt(l.substring(prefix.length() + 1))).max().orElse(-1);
        }

        @Override
        public String toString() {
            return "round " + number + " (" + scenario + ", session " + session + ", killed " + killAfterMs
                    + " ms after the first ack, seed " + SEED + ", last acks " + acks.subList(Math.max(0, acks.size() - 3), acks.size()) + ")";
        }
    }

    @Test
    @DisplayName("File: kill -9 while importing or rotating keys loses nothing acknowledged and tears no file")
    void file() {
        crash(CrashBackend.FILE, tmp.resolve("file").toString(), List.of("import", "rotate"));
    }

    @Test
    @DisplayName("SQLite: kill -9 while importing, ingesting through a binding or rotating keys")
    void sqlite() {
        crash(CrashBackend.SQLITE, tmp.resolve("crash.db").toString(), List.of("import", "bind", "rotate"));
    }

    @Test
    @DisplayName("PostgreSQL: kill -9 while importing, ingesting through a binding or rotating keys")
    void postgres() {
        crash(CrashBackend.POSTGRES, TestPostgres.shared().createDatabase(), List.of("import", "bind", "rotate"));
    }

    @Test
    @DisplayName("Redis (AOF, appendfsync always): kill -9 while importing, ingesting through a binding or rotating keys")
    void redis() {
        try (TestRedis server = TestRedis.startDedicated(true);
             // Held connected for the whole test: Lettuce's event loops then outlive each check's
             // own stores instead of being built and torn down for every one.
             AuthStoreBundle keeper = CrashBackend.REDIS.auth(server.url(), "keeper")) {
            keeper.readCreds();
            crash(CrashBackend.REDIS, server.url(), List.of("import", "bind", "rotate"));
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
    }

    private void crash(CrashBackend backend, String target, List<String> scenarios) {
        // Rounds run in LANES children at a time (independent sessions; on SQLite two writers share
        // the file, as two processes of a deployment would): JVM start-up dominates a round.
        List<Round> rounds = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ExecutorService lanes = java.util.concurrent.Executors.newFixedThreadPool(LANES);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int lane = 0; lane < LANES; lane++) {
                int first = lane;
                done.add(lanes.submit(() -> {
                    for (int r = first; r < ROUNDS; r += LANES) {
                        rounds.add(round(backend, target, scenarios.get(r % scenarios.size()), r));
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof Error err) {
                        throw err; // an assertion of a round: report it as it is
                    }
                    throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            lanes.shutdownNow();
        }
        // A later crash on the same file or server must not have damaged an earlier session.
        for (Round round : rounds) {
            verify(backend, target, round);
        }
        long acked = rounds.stream().mapToLong(r -> r.acks().size()).sum();
        System.out.printf("CrashTest %s: %d rounds, %d acknowledged writes checked, seed %d%n", backend, rounds.size(), acked, SEED);
        assertThat(rounds).hasSize(ROUNDS);
    }

    /** Starts a child on its own session, kills it at a random moment after it is ready, checks what it acknowledged. */
    private static Round round(CrashBackend backend, String target, String scenario, int r) {
        // Per round, so a seed replays the same delays whatever the lanes' timing.
        Random random = new Random(SEED * 31 + backend.ordinal() * 100_003L + r);
        String session = "crash" + r;
        // Mostly early kills (mid-batch of the first writes), some after many writes.
        long delay = random.nextInt(4) == 0 ? 150 + random.nextInt(600) : random.nextInt(150);
        if (backend == CrashBackend.FILE) {
            delay *= 4; // a File batch fsyncs a file per key: without this most kills come before any acknowledgement
        }
        List<String> acks;
        try (ChildJvm child = ChildJvm.start(CrashChild.class, List.of(backend.name(), target, session, scenario))) {
            child.awaitLine("ready"::equals, START_LIMIT);
            // Every round has acknowledged writes to check: the kill lands among the writes after the first.
            child.awaitLine(l -> !l.equals("ready"), START_LIMIT);
            sleep(delay);
            acks = child.kill();
            assertThat(acks).as("%s: the child failed%s", backend, child.stderrTail())
                    .noneMatch(l -> l.startsWith("FAILED"));
            assertThat(child.exitValue()).as("killed, not exited (it writes without end)%s", child.stderrTail())
                    .isEqualTo(137);
        }
        Round round = new Round(r, session, scenario, acks.subList(acks.indexOf("ready") + 1, acks.size()), delay);
        verify(backend, target, round);
        return round;
    }

    private static void verify(CrashBackend backend, String target, Round round) {
        try (AuthStoreBundle auth = backend.auth(target, round.session());
             MessageStore history = backend.hasHistory() ? backend.history(target, round.session()) : null) {
            switch (round.scenario()) {
                case "import" -> verifyImport(backend, auth, history, round);
                case "bind" -> verifyMessages(history, "b", round.last("M"), round);
                case "rotate" -> verifyRotation(backend, auth, round);
                default -> throw new IllegalArgumentException(round.scenario());
            }
            assertThat(SessionCheck.run(auth, history).problems()).as("SessionCheck after %s", round).isEmpty();
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
    }

    private static void verifyImport(CrashBackend backend, AuthStoreBundle auth, MessageStore history, Round round) {
        int lastK = round.last("K");
        for (int i = 0; i <= lastK; i++) {
            Map<String, JsonNode> got = auth.read("pre-key", CrashChild.batchIds(i));
            assertThat(got).as("acknowledged key batch %d of %s", i, round).hasSize(CrashChild.BATCH);
            int batch = i;
            got.values().forEach(v -> assertThat(v.path("gen").asInt()).as("batch %d of %s", batch, round).isEqualTo(batch));
        }
        // The batch in flight when killed: whole or absent where sets are atomic; each key whole anyway.
        Map<String, JsonNode> inFlight = auth.read("pre-key", CrashChild.batchIds(lastK + 1));
        if (backend.atomicKeySets()) {
            assertThat(inFlight.size()).as("the batch in flight of %s is applied whole or not at all", round)
                    .isIn(0, CrashChild.BATCH);
            int stored = auth.listKeyIds().getOrDefault("pre-key", List.of()).size();
            assertThat(stored).as("pre-keys stored after %s, all acks %s", round, round.acks())
                    .isIn(CrashChild.BATCH * (lastK + 1), CrashChild.BATCH * (lastK + 2));
        }
        if (history != null) {
            verifyMessages(history, "i", round.last("M"), round);
        }
    }

    private static void verifyMessages(MessageStore history, String prefix, int last, Round round) {
        for (int i = 0; i <= last; i++) {
            for (int j = 0; j < CrashChild.BATCH; j++) {
                assertThat(history.getMessage(CrashChild.key(prefix, i, j)))
                        .as("acknowledged message %d/%d of %s", i, j, round).isPresent();
            }
        }
    }

    private static void verifyRotation(CrashBackend backend, AuthStoreBundle auth, Round round) {
        int lastR = Math.max(0, round.last("R"));
        List<String> sessionIds = new ArrayList<>(CrashChild.keySet(1).get("session").keySet());
        List<String> senderIds = new ArrayList<>(CrashChild.keySet(1).get("sender-key").keySet());
        Map<String, JsonNode> sessions = auth.read("session", sessionIds);
        Map<String, JsonNode> senders = auth.read("sender-key", senderIds);
        Set<Integer> gens = new TreeSet<>();
        sessions.values().forEach(v -> gens.add(v.path("gen").asInt()));
        senders.values().forEach(v -> gens.add(v.path("gen").asInt()));
        int creds = CrashChild.credsGeneration(auth.readCreds().orElseThrow());
        assertThat(creds).as("creds after %s", round).isGreaterThanOrEqualTo(lastR);
        if (lastR >= 1) {
            assertThat(sessions).as("sessions after %s", round).hasSize(sessionIds.size());
            assertThat(senders).as("sender keys after %s", round).hasSize(senderIds.size());
        }
        if (gens.isEmpty()) {
            assertThat(creds).as("creds with no key set written, %s", round).isZero();
            return;
        }
        int newest = ((TreeSet<Integer>) gens).last();
        assertThat(((TreeSet<Integer>) gens).first()).as("oldest generation after %s", round).isGreaterThanOrEqualTo(lastR);
        Set<String> preKeys = new TreeSet<>(auth.listKeyIds().getOrDefault("pre-key", List.of()));
        if (backend.atomicKeySets()) {
            assertThat(gens).as("one generation across the key set after %s (none half applied)", round).hasSize(1);
            assertThat(sessions).hasSize(sessionIds.size());
            assertThat(senders).hasSize(senderIds.size());
            assertThat(preKeys).as("pre-keys after %s", round).isEqualTo(new TreeSet<>(CrashChild.generationIds(newest)));
            assertThat(creds).as("creds trail the keys by at most the set in flight, %s", round).isIn(newest, newest - 1);
        } else {
            // File: each key whole, a set possibly split between the last two generations.
            assertThat(newest - ((TreeSet<Integer>) gens).first()).as("generations after %s", round).isLessThanOrEqualTo(1);
            // The set in flight may have renamed some of its pre-keys (one generation on) before the sessions.
            Set<String> allowed = new TreeSet<>();
            for (int g = Math.max(1, newest - 2); g <= newest + 1; g++) {
                allowed.addAll(CrashChild.generationIds(g));
            }
            assertThat(allowed).as("pre-keys after %s", round).containsAll(preKeys);
            assertThat(creds).isBetween(newest - 1, newest + 1);
        }
        Map<String, JsonNode> current = auth.read("pre-key", preKeys);
        assertThat(current).as("every listed pre-key reads back whole, %s", round).hasSize(preKeys.size());
        if (backend.atomicKeySets()) {
            assertThat(current.values().stream().map(v -> v.path("gen").asInt()).collect(Collectors.toSet()))
                    .as("pre-key generations after %s", round).containsOnly(newest);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
