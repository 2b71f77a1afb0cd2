package dev.zaileys.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.WAMessage;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.SessionCatalog;
import dev.zaileys.testkit.Fixtures;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench --sessions N}: many sessions on one backend and one shared pool (PostgreSQL: one
 * HikariCP pool; Redis: one connection; SQLite: one file). Phases, each over {@code threads}
 * threads taking sessions in turn:
 * <ol>
 *   <li>legacy (SQL only, {@code legacySessions} of them): today's-layout cost of a session
 *       before the shared layout, by running the per-session DDL of that layout (a copy of its
 *       V001, in this module's resources) for each session, as its first store's migration did;
 *       its write path is gone, so only open time and bytes before data are measured;</li>
 *   <li>open: build a new session's auth and message stores and make one read each (the first
 *       call checks the schema and registers the session), then close them: the per-session open
 *       time, and bytes per session before any data;</li>
 *   <li>write: creds, 20 Signal keys (one {@code write}) and 50 messages in 5 chats (one
 *       {@code saveMessages}) per session; messages/s across sessions, and bytes per session;</li>
 *   <li>reopen: the open phase again, on sessions that exist: the open of a bot restarting;</li>
 *   <li>read: creds, the 20 keys and the 5 chats' messages back, checked;</li>
 *   <li>list: the catalog's {@code list()}, checked to hold every session;</li>
 *   <li>drop: {@code drop(session)} for every session, checked.</li>
 * </ol>
 * Bytes: PostgreSQL {@code pg_database_size}, SQLite the file after a WAL checkpoint, Redis
 * {@code INFO memory used_memory}; each a delta over the phase divided by its sessions.
 */
public final class SessionsBench {

    public static final int KEYS = 20;
    public static final int MESSAGES = 50;
    public static final int CHATS = 5;

    /**
     * @param sessions       sessions of the shared layout
     * @param threads        worker threads of every phase
     * @param legacySessions sessions of the per-session layout to measure beside them (SQL only; 0: none)
     */
    public record Options(int sessions, int threads, int legacySessions, boolean json) {}

    /** What the bench needs of one backend. */
    interface Backend extends AutoCloseable {
        String label();

        AuthStoreBundle auth(String session);

        MessageStore messages(String session);

        SessionCatalog catalog();

        /** Bytes the backend holds now (see the class comment). */
        long bytes();

        /** Whether {@link #legacyOpen} exists for this backend. */
        default boolean hasLegacy() {
            return false;
        }

        /** Creates {@code session} as the per-session layout's first store did. */
        default void legacyOpen(String session) {
            throw new UnsupportedOperationException();
        }

        /** Bytes of the per-session layout's sessions. */
        default long legacyBytes() {
            return 0;
        }

        /** Removes the per-session layout's sessions. */
        default void legacyCleanup() {}

        @Override
        void close();
    }

    private SessionsBench() {}

    /** Runs the phases on the backend {@code uri} names ({@code postgres:embedded} and {@code redis:embedded} start one). */
    public static void run(String uri, Options o, PrintStream out) {
        if (o.sessions() < 1 || o.threads() < 1 || o.legacySessions() < 0) {
            throw new IllegalArgumentException("sessions and threads must be at least 1, legacy sessions at least 0");
        }
        try (Backend b = SessionsBackends.open(uri, o.threads())) {
            run(b, o, out);
        }
    }

    static void run(Backend b, Options o, PrintStream out) {
        Report r = new Report(b.label(), o, out);
        r.header();
        if (b.hasLegacy() && o.legacySessions() > 0) {
            long before = b.legacyBytes();
            long t0 = System.nanoTime();
            long[] t = timed(o.legacySessions(), o.threads(), i -> b.legacyOpen(name("legacy", i)));
            long wall = System.nanoTime() - t0;
            r.phase("legacy open (per-session tables)", o.legacySessions(), t, (b.legacyBytes() - before) / o.legacySessions(),
                    wall);
            b.legacyCleanup();
        }
        long base = b.bytes();
        long start = System.nanoTime();
        long[] open = timed(o.sessions(), o.threads(), i -> open(b, i));
        r.phase("open (shared layout)", o.sessions(), open, (b.bytes() - base) / o.sessions(), System.nanoTime() - start);

        long beforeWrite = b.bytes();
        start = System.nanoTime();
        long[] write = timed(o.sessions(), o.threads(), i -> {
            String s = name("s", i);
            try (AuthStoreBundle a = b.auth(s); MessageStore m = b.messages(s)) {
                a.writeCreds(Fixtures.creds());
                a.write(Map.of("pre-key", keys(i)));
                m.saveMessages(messages(i));
            }
        });
        long writeWall = System.nanoTime() - start;
        // One probe for the three figures: each is a server query or a WAL checkpoint, and
        // probing again between lines only measured the same bytes later.
        long afterWrite = b.bytes();
        r.phase("write creds+20 keys+50 msgs", o.sessions(), write, (afterWrite - base) / o.sessions(), writeWall);
        r.rate("messages written/s, all threads", (double) o.sessions() * MESSAGES / (writeWall / 1e9));
        r.value("bytes per session with data", (afterWrite - base) / o.sessions());
        r.value("bytes per session, data phase only", (afterWrite - beforeWrite) / o.sessions());

        start = System.nanoTime();
        long[] reopen = timed(o.sessions(), o.threads(), i -> open(b, i));
        r.phase("reopen (registered session)", o.sessions(), reopen, 0, System.nanoTime() - start);

        start = System.nanoTime();
        long[] read = timed(o.sessions(), o.threads(), i -> {
            String s = name("s", i);
            try (AuthStoreBundle a = b.auth(s); MessageStore m = b.messages(s)) {
                check(a.readCreds().isPresent(), s + ": creds missing");
                List<String> ids = new ArrayList<>(keys(i).keySet());
                check(a.read("pre-key", ids).size() == KEYS, s + ": keys missing");
                int n = 0;
                for (int c = 0; c < CHATS; c++) {
                    n += m.listMessages(chat(c), ListOptions.limit(100)).size();
                }
                check(n == MESSAGES, s + ": " + n + " messages read back, not " + MESSAGES);
            }
        });
        long readWall = System.nanoTime() - start;
        r.phase("read back (checked)", o.sessions(), read, 0, readWall);
        r.rate("messages read/s, all threads", (double) o.sessions() * MESSAGES / (readWall / 1e9));

        try (SessionCatalog catalog = b.catalog()) {
            long t0 = System.nanoTime();
            List<String> listed = catalog.list();
            long listNanos = System.nanoTime() - t0;
            check(listed.size() >= o.sessions() && listed.contains(name("s", o.sessions() - 1)), "list misses sessions");
            r.phase("list", 1, new long[] {listNanos}, 0, listNanos);
            start = System.nanoTime();
            long[] drop = timed(o.sessions(), o.threads(), i -> check(catalog.drop(name("s", i)), "drop found nothing"));
            r.phase("drop", o.sessions(), drop, 0, System.nanoTime() - start);
            check(!catalog.exists(name("s", 0)), "a dropped session is still there");
        }
        out.flush();
    }

    /** Opens session {@code i}'s stores and makes the first call of each (schema check, registration), then closes them. */
    private static void open(Backend b, int i) {
        String s = name("s", i);
        try (AuthStoreBundle a = b.auth(s); MessageStore m = b.messages(s)) {
            a.readCreds();
            m.getChat("0@s.whatsapp.net");
        }
    }

    static String name(String prefix, int i) {
        return String.format(Locale.ROOT, "bench-%s%06d", prefix, i);
    }

    private static String chat(int c) {
        return "62811000" + c + "@s.whatsapp.net";
    }

    static Map<String, JsonNode> keys(int session) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (int k = 1; k <= KEYS; k++) {
            byte[] priv = new byte[32];
            byte[] pub = new byte[33];
            Arrays.fill(priv, (byte) (session + k));
            Arrays.fill(pub, (byte) (session * 31 + k));
            ObjectNode v = JsonNodeFactory.instance.objectNode();
            v.putObject("private").put("type", "Buffer").put("data", Base64.getEncoder().encodeToString(priv));
            v.putObject("public").put("type", "Buffer").put("data", Base64.getEncoder().encodeToString(pub));
            out.put(Integer.toString(k), v);
        }
        return out;
    }

    static List<WAMessage> messages(int session) {
        List<WAMessage> out = new ArrayList<>();
        for (int k = 0; k < MESSAGES; k++) {
            out.add(WAMessage.of((ObjectNode) BufferJson.decode("{\"key\":{\"remoteJid\":\"" + chat(k % CHATS)
                    + "\",\"fromMe\":" + (k % 3 == 0) + ",\"id\":\"3EB0" + session + "X" + k + "\"},\"messageTimestamp\":"
                    + (1_700_000_000 + k) + ",\"pushName\":\"bench\",\"message\":{\"conversation\":\"message " + k
                    + " of session " + session + ", a line of ordinary chat text\"}}")));
        }
        return out;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("sessions bench check failed: " + what);
        }
    }

    interface Task {
        void run(int index) throws Exception;
    }

    /** Runs {@code task} for 0..n-1 on {@code threads} threads; the time of each call, in nanoseconds. */
    static long[] timed(int n, int threads, Task task) {
        long[] out = new long[n];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        task.run(i);
                        out[i] = System.nanoTime() - t0;
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    /** Prints a table or JSON lines. */
    private static final class Report {
        private final String label;
        private final Options o;
        private final PrintStream out;

        Report(String label, Options o, PrintStream out) {
            this.label = label;
            this.o = o;
            this.out = out;
        }

        void header() {
            if (o.json()) {
                out.println(JsonNodeFactory.instance.objectNode().put("bench", "sessions").put("backend", label)
                        .put("sessions", o.sessions()).put("threads", o.threads()).put("legacySessions", o.legacySessions())
                        .put("keysPerSession", KEYS).put("messagesPerSession", MESSAGES));
            } else {
                out.printf(Locale.ROOT, "sessions bench: %s, %d sessions, %d threads, %d per-session-layout sessions%n",
                        label, o.sessions(), o.threads(), o.legacySessions());
                out.printf(Locale.ROOT, "%-34s %8s %10s %10s %10s %14s %10s%n", "phase", "n", "p50 ms", "p99 ms", "max ms",
                        "bytes/session", "wall s");
            }
        }

        void phase(String name, int n, long[] nanos, long bytesPerSession, long wallNanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            double p50 = BenchMath.nearestRank(sorted, 50) / 1e6;
            double p99 = BenchMath.nearestRank(sorted, 99) / 1e6;
            double max = sorted[sorted.length - 1] / 1e6;
            if (o.json()) {
                out.println(JsonNodeFactory.instance.objectNode().put("phase", name).put("n", n).put("p50Ms", p50)
                        .put("p99Ms", p99).put("maxMs", max).put("bytesPerSession", bytesPerSession)
                        .put("wallSeconds", wallNanos / 1e9));
            } else {
                out.printf(Locale.ROOT, "%-34s %8d %10.3f %10.3f %10.3f %14s %10.2f%n", name, n, p50, p99, max,
                        bytesPerSession == 0 ? "-" : Long.toString(bytesPerSession), wallNanos / 1e9);
            }
        }

        void rate(String name, double perSecond) {
            if (o.json()) {
                out.println(JsonNodeFactory.instance.objectNode().put("metric", name).put("value", Math.round(perSecond)));
            } else {
                out.printf(Locale.ROOT, "%-34s %,.0f%n", name, perSecond);
            }
        }

        void value(String name, long v) {
            if (o.json()) {
                out.println(JsonNodeFactory.instance.objectNode().put("metric", name).put("value", v));
            } else {
                out.printf(Locale.ROOT, "%-34s %,d%n", name, v);
            }
        }
    }
}
