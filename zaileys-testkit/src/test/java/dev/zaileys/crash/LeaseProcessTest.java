package dev.zaileys.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.SessionCheck;
import dev.zaileys.testing.ChildJvm;
import dev.zaileys.testing.TestConvex;
import dev.zaileys.testing.TestPostgres;
import dev.zaileys.testing.TestRedis;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One owner per session across real processes ({@link LeaseChild} JVMs running a {@code Client}
 * on the simulated WhatsApp). Two at once, kill -9 takeover: every durable backend. A paused
 * owner (SIGSTOP) through a takeover: the backends whose lease expires by a TTL (File's OS lock
 * lasts as long as its process, so there the paused owner keeps the session, checked too). A
 * rolling restart of three processes, 20 replacements: every durable backend; its cost is the 23
 * JVM start-ups (each stopped owner releases its lease, so a ready standby takes over within a
 * poll). TTL 2 s here (30 s in production) to keep the wall time low.
 */
class LeaseProcessTest {

    private static final long TTL_MS = 2000;
    private static final Duration START = Duration.ofSeconds(60);
    /** A JVM's start-up up to its store's first answer: seconds, a minute when the machine is very busy. */
    private static final Duration READY = Duration.ofSeconds(120);
    private static final AtomicInteger SESSIONS = new AtomicInteger();
    /** The paused owner's pre-key ids: 900000000 + n, far above the simulator's own. */
    private static final String WRITER = "900000000";
    private static final String WRITER_PREFIX = "9000";

    /** Children started inside a test body, closed (killed if alive) after it. */
    private final List<ChildJvm> others = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void closeOthers() {
        others.forEach(ChildJvm::close);
    }

    @TempDir
    Path tmp;

    private String target(CrashBackend backend) {
        return switch (backend) {
            case FILE -> tmp.resolve("file").toString();
            case SQLITE -> tmp.resolve("lease.db").toString();
            case POSTGRES -> TestPostgres.shared().createDatabase();
            case REDIS -> TestRedis.shared().url();
            case CONVEX -> TestConvex.shared().url();
        };
    }

    private static String session() {
        return "lease" + SESSIONS.incrementAndGet() + "-" + ProcessHandle.current().pid();
    }

    private static ChildJvm child(CrashBackend backend, String target, String session, long waitMs, String writer, String... more) {
        List<String> args = new ArrayList<>(List.of(backend.name(), target, session, Long.toString(TTL_MS), Long.toString(waitMs), writer));
        args.addAll(List.of(more));
        return ChildJvm.start(LeaseChild.class, args);
    }

    private static long pid(ChildJvm c) {
        return Long.parseLong(c.awaitLine(l -> l.startsWith("pid "), START).substring(4));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CrashBackend.class)
    @DisplayName("P1 two JVMs start at once on one session: exactly one connects, the other is refused naming it and exits non-zero")
    void twoAtOnce(CrashBackend backend) {
        String target = target(backend);
        String session = session();
        try (ChildJvm a = child(backend, target, session, 0, "-");
             ChildJvm b = child(backend, target, session, 0, "-")) {
            long pa = pid(a);
            long pb = pid(b);
            String ra = a.awaitLine(l -> l.equals("connected") || l.startsWith("refused "), START);
            String rb = b.awaitLine(l -> l.equals("connected") || l.startsWith("refused "), START);
            assertThat(List.of(ra, rb)).as("outcomes of %d and %d%s%s", pa, pb, a.stderrTail(), b.stderrTail())
                    .filteredOn("connected"::equals).hasSize(1);
            ChildJvm loser = ra.equals("connected") ? b : a;
            long winner = ra.equals("connected") ? pa : pb;
            String refusal = ra.equals("connected") ? rb : ra;
            assertThat(refusal).contains("STORE_LEASE_HELD").contains("pid " + winner + " on host ").contains(" since ");
            loser.waitForExit(Duration.ofSeconds(20));
            assertThat(loser.exitValue()).isEqualTo(3);
            assertThat(loser.lines()).doesNotContain("connected");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CrashBackend.class)
    @DisplayName("P2 kill -9 of the owner: a waiting process takes over within the TTL plus a margin, without pairing again")
    void killTakeover(CrashBackend backend) throws Exception {
        String target = target(backend);
        String session = session();
        try (ChildJvm a = child(backend, target, session, 0, "-")) {
            a.awaitLine("connected"::equals, START);
            long epochA = epoch(a);
            ChildJvm b = child(backend, target, session, 30_000, "-");
            others.add(b);
            b.awaitLine("ready"::equals, READY);
            Thread.sleep(500); // b is past its start-up, polling the held lease
            assertThat(b.lines()).noneMatch(l -> l.startsWith("lease "));
            long killed = System.nanoTime();
            a.kill();
            String lease = b.awaitLine(l -> l.startsWith("lease "), Duration.ofMillis(TTL_MS + 10_000));
            long takeoverMs = (System.nanoTime() - killed) / 1_000_000;
            System.out.printf("LeaseProcessTest %s: takeover %d ms after kill -9 (ttl %d ms)%n", backend, takeoverMs, TTL_MS);
            assertThat(takeoverMs).as("takeover time").isLessThan(TTL_MS + 3000);
            assertThat(Long.parseLong(lease.substring(6))).isGreaterThan(epochA);
            b.awaitLine("connected"::equals, START);
            assertThat(b.awaitLine(l -> l.startsWith("pairings "), START)).isEqualTo("pairings 0");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = CrashBackend.class, names = {"SQLITE", "POSTGRES", "REDIS", "CONVEX"})
    @DisplayName("P3 SIGSTOP of a writing owner through a takeover, then SIGCONT: zero of its writes land, each is refused as fenced")
    void pausedOwnerIsFenced(CrashBackend backend) throws Exception {
        String target = target(backend);
        String session = session();
        try (ChildJvm a = child(backend, target, session, 0, WRITER)) {
            long pa = pid(a);
            a.awaitLine("W 5"::equals, START);
            ChildJvm b = child(backend, target, session, 120_000, "-", WRITER_PREFIX);
            others.add(b);
            b.awaitLine("ready"::equals, READY); // so each pause below races the lease, not b's start-up
            // Paused inside its write transaction, a holds the database lock (SQLite's write lock,
            // PostgreSQL's share lock on the lease row) that any takeover waits for: then nobody
            // can take over while it sleeps, and on SIGCONT its lease, expired but untaken, is
            // still its own. So pause it again until the pause lands between two writes.
            String epochLine = null;
            long stopped = 0;
            for (int attempt = 0; attempt < 6 && epochLine == null; attempt++) {
                signal("STOP", pa);
                stopped = System.nanoTime();
                try {
                    epochLine = b.awaitLine(l -> l.startsWith("lease "), Duration.ofMillis(TTL_MS + 4000));
                } catch (IllegalStateException notYet) {
                    signal("CONT", pa);
                    Thread.sleep(300);
                }
            }
            assertThat(epochLine).as("b took over within 6 pauses of a%s", b.stderrTail()).isNotNull();
            System.out.printf("LeaseProcessTest %s: takeover %d ms after SIGSTOP (ttl %d ms)%n", backend,
                    (System.nanoTime() - stopped) / 1_000_000, TTL_MS);
            long seen = Long.parseLong(b.awaitLine(l -> l.startsWith("seen "), START).substring(5));
            int linesAtTakeover = a.lines().size();
            signal("CONT", pa);
            a.awaitLine("lost"::equals, Duration.ofSeconds(20));
            List<String> after = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (after.stream().filter(l -> l.startsWith("F ")).count() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                List<String> all = a.lines();
                after = all.subList(Math.min(linesAtTakeover, all.size()), all.size());
            }
            a.kill();
            long refused = after.stream().filter(l -> l.startsWith("F ")).count();
            try (AuthStoreBundle auth = backend.auth(target, session)) {
                long stored = auth.listKeyIds().get("pre-key").stream().filter(id -> id.startsWith(WRITER_PREFIX)).count();
                long staleLanded = stored - seen;
                System.out.printf("LeaseProcessTest %s: stale owner after SIGCONT: %d writes refused as fenced, %d landed%n",
                        backend, refused, staleLanded);
                assertThat(staleLanded).as("writes of the paused owner that landed after the takeover").isZero();
                assertThat(refused).as("writes the paused owner tried after waking; its output %s", after).isGreaterThanOrEqualTo(5);
                assertThat(SessionCheck.run(auth, null).problems()).isEmpty();
            }
            b.awaitLine("connected"::equals, START);
        }
    }

    @Test
    @DisplayName("P3F File: a paused owner keeps its OS lock, so nobody takes over; the waiting process is refused naming it")
    void filePausedOwnerKeepsLock() throws Exception {
        String target = target(CrashBackend.FILE);
        String session = session();
        try (ChildJvm a = child(CrashBackend.FILE, target, session, 0, WRITER)) {
            long pa = pid(a);
            a.awaitLine("W 5"::equals, START);
            signal("STOP", pa);
            try (ChildJvm b = child(CrashBackend.FILE, target, session, 3_000, "-")) {
                String refused = b.awaitLine(l -> l.startsWith("refused "), START);
                assertThat(refused).contains("pid " + pa);
            } finally {
                signal("CONT", pa);
            }
            int before = a.lines().size();
            a.awaitLine(l -> l.startsWith("W ") && a.lines().indexOf(l) > before, Duration.ofSeconds(10));
            assertThat(a.lines()).noneMatch(l -> l.startsWith("F ") || l.equals("lost"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CrashBackend.class)
    @DisplayName("P4 rolling restart: three processes over one session, 20 replacements; one owner at a time, no pairing after the first, verify clean, the simulator still exchanges messages")
    void rollingRestart(CrashBackend backend) throws Exception {
        String target = target(backend);
        String session = session();
        Deque<ChildJvm> slots = new ArrayDeque<>();
        List<ChildJvm> all = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                ChildJvm c = child(backend, target, session, 120_000, "-");
                slots.add(c);
                all.add(c);
            }
            // The first to take the lease owns; the other two wait. Which one wins is the race's.
            awaitReady(slots);
            ChildJvm owner = awaitOwner(slots);
            long lastEpoch = epoch(owner);
            assertThat(owner.awaitLine(l -> l.startsWith("pairings "), START)).isEqualTo("pairings 1");
            long began = System.nanoTime();
            long readyNs = 0;
            long stopNs = 0;
            for (int round = 0; round < 20; round++) {
                slots.remove(owner);
                // As a rolling deploy does: the old owner goes once a successor is ready. Else a
                // busy machine's slow JVM start-ups, not the lease, would set the takeover time.
                long t0 = System.nanoTime();
                awaitReady(slots);
                long t1 = System.nanoTime();
                owner.send("stop");
                owner.waitForExit(Duration.ofSeconds(30));
                stopNs += System.nanoTime() - t1;
                readyNs += t1 - t0;
                assertThat(owner.exitValue()).as("graceful stop%s", owner.stderrTail()).isZero();
                ChildJvm fresh = child(backend, target, session, 120_000, "-");
                slots.add(fresh);
                all.add(fresh);
                ChildJvm next = awaitOwner(slots);
                long epoch = epoch(next);
                assertThat(epoch).as("round %d", round).isGreaterThan(lastEpoch);
                assertThat(next.awaitLine(l -> l.startsWith("pairings "), START)).as("round %d", round).isEqualTo("pairings 0");
                for (ChildJvm other : slots) {
                    if (other != next) {
                        assertThat(other.lines()).as("a standby connected beside the owner in round %d", round).doesNotContain("connected");
                    }
                }
                lastEpoch = epoch;
                owner = next;
            }
            long roundsMs = (System.nanoTime() - began) / 1_000_000;
            owner.send("exchange");
            owner.awaitLine("exchanged"::equals, Duration.ofSeconds(30));
            owner.send("stop");
            owner.waitForExit(Duration.ofSeconds(30));
            for (ChildJvm c : all) {
                assertThat(c.lines()).noneMatch(l -> l.startsWith("FAILED") || l.equals("lost"));
            }
            long cpuMs = all.stream().flatMap(c -> c.lines().stream()).filter(l -> l.startsWith("stopped cpu "))
                    .mapToLong(l -> Long.parseLong(l.substring(12))).sum();
            System.out.printf("LeaseProcessTest %s: 20 replacements in %d ms (waiting for a ready standby %d ms, graceful "
                            + "stops %d ms, the rest takeovers); the 21 stopped processes used %d ms CPU%n", backend, roundsMs,
                    readyNs / 1_000_000, stopNs / 1_000_000, cpuMs);
            try (AuthStoreBundle auth = backend.auth(target, session)) {
                assertThat(auth.readCreds()).isPresent();
                assertThat(SessionCheck.run(auth, null).problems()).isEmpty();
            }
        } finally {
            all.forEach(ChildJvm::close);
        }
    }

    /** The one of {@code slots} that connects next; the others must still be waiting. */
    private static ChildJvm awaitOwner(Deque<ChildJvm> slots) throws InterruptedException {
        return awaitAny(slots, "connected", START);
    }

    /** Waits until one of {@code standbys} has started up (its store answered). */
    private static void awaitReady(Deque<ChildJvm> standbys) throws InterruptedException {
        awaitAny(standbys, "ready", READY);
    }

    private static ChildJvm awaitAny(Deque<ChildJvm> children, String line, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            for (ChildJvm c : children) {
                if (c.lines().contains(line)) {
                    return c;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("none of " + children.size() + " processes printed '" + line + "' within " + limit);
    }

    private static long epoch(ChildJvm c) {
        return Long.parseLong(c.awaitLine(l -> l.startsWith("lease "), START).substring(6));
    }

    private static void signal(String name, long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertThat(p.waitFor()).as("kill -%s %d", name, pid).isZero();
    }
}
