package dev.zaileys.bench;

import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.binding.StoreBinding;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.WAMessage;
import dev.zaileys.socket.BaileysEvents;
import dev.zaileys.socket.EventEmitter;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.SignalTypes;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageCursor;
import dev.zaileys.store.MessageStore;
import dev.zaileys.workload.Workload;
import java.util.List;
import java.util.Map;

/**
 * The warm-up (WORKLOAD.md): saves, reads back and pages the warm-up data; nothing is reported.
 * The auth code path gets one too ({@link #auth}), as the raw baseline's driver does: A1's
 * pre-key row is the median of five single calls, so without it the JIT's first compilations
 * land inside the timed calls and the row measures the JVM's start, not the store.
 */
final class Warmup {

    private Warmup() {}

    static void run(BenchRun run) {
        Workload.Warmup w = Workload.warmup();
        List<WAMessage> wm = Workload.asWAMessages(w.messages());
        try (MessageStore s = run.freshMessages()) {
            for (WAMessage m : wm) {
                s.saveMessage(m);
            }
            for (WAMessage m : wm) {
                if (s.getMessage(m.key()).isEmpty()) {
                    throw new IllegalStateException("warm-up: a saved message could not be read back: " + m.key());
                }
            }
            // WORKLOAD.md's ten pages and beyond: whole walks of the warm-up chats, as W2 walks its chat.
            // W2's 603 timed pages otherwise ran in code the JIT had not finished: even on a pre-touched
            // heap, decoding 50 W2 messages fell from 376 to 85 us over the first 250,000 decodes.
            Warmup.<MessageCursor, RuntimeException>pageWalks(w.chats().stream().map(Workload.ChatSpec::jid).toList(), (jid, after) -> {
                ListOptions o = after == null ? ListOptions.limit(W2.PAGE) : ListOptions.limit(W2.PAGE).after(after);
                List<WAMessage> page = s.listMessages(jid, o);
                return page.size() < W2.PAGE ? null : MessageCursor.after(page.get(page.size() - 1));
            });
            s.clear();
            // Beyond WORKLOAD.md's warm-up: the same messages once through bind, as W1b sends
            // them. Without it W1b timed the binding's and the batch write's first compilations
            // (a bound ingest of the W1 messages ran 12k msg/s cold, 60k by its fourth run).
            EventEmitter events = new EventEmitter();
            List<Exception> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (StoreBinding binding = StoreBinding.bind(s, events, (error, pending, willRetry) -> errors.add(error))) {
                for (ObjectNode p : W1b.upserts(w.messages())) {
                    events.emit(BaileysEvents.MESSAGES_UPSERT, p);
                }
                binding.flush();
            }
            if (!errors.isEmpty()) {
                throw new IllegalStateException("warm-up: a bound write failed: " + errors.get(0).getMessage(), errors.get(0));
            }
            s.clear();
        }
    }

    /**
     * Pre-key writes of 1,000 in the auth warm-up: 3 left A1's per-key code in C1's profiling tier
     * (HotSpot's full compile wants about 15,000 calls of a method, and the JIT is slower on a busy
     * machine), so the row measured the compiler, three to five times slower than the compiled
     * code. Measured: a call stops getting faster after about 200 calls (50: 2.5x the steady time).
     */
    static final int AUTH_PRE_KEY_CALLS = 300;
    /** Creds writes of the auth warm-up: 50 left {@code writeCreds} in C1's first tier during A1. */
    static final int AUTH_CREDS_WRITES = 2_000;
    /**
     * Each of those loops stops after this much time (past its first 3 calls): a durable backend
     * (an fsync per creds write) is bound by its disk, not its compiled code, and should not spend
     * half a minute warming up.
     */
    private static final long AUTH_LOOP_BUDGET_NANOS = 1_000_000_000L;

    /** Pages of the page warm-up ({@link #pageWalks}), unless {@link #PAGE_BUDGET_NANOS} runs out first. */
    static final int WARMUP_PAGES = 6_000;
    private static final long PAGE_BUDGET_NANOS = 6_000_000_000L;

    /** One page of a walk: reads the page after {@code after} (null: the newest) and answers the next cursor, or null at the end. */
    interface Pager<C, E extends Exception> {
        C next(String jid, C after) throws E;
    }

    /** Walks every chat of {@code jids} to its end, again and again, for {@link #WARMUP_PAGES} pages or the budget. */
    static <C, E extends Exception> void pageWalks(List<String> jids, Pager<C, E> pager) throws E {
        long start = System.nanoTime();
        int pages = 0;
        while (pages < WARMUP_PAGES && System.nanoTime() - start < PAGE_BUDGET_NANOS) {
            for (String jid : jids) {
                C after = null;
                do {
                    after = pager.next(jid, after);
                    pages++;
                } while (after != null);
            }
        }
    }

    /** A warm-up call; the raw baselines' calls throw checked exceptions. */
    interface Call<E extends Exception> {
        void run() throws E;
    }

    /** Runs {@code call} {@code calls} times, or 3 times and then until the loop budget is spent. */
    static <E extends Exception> void repeat(int calls, Call<E> call) throws E {
        long start = System.nanoTime();
        for (int i = 0; i < 3 || (i < calls && System.nanoTime() - start < AUTH_LOOP_BUDGET_NANOS); i++) {
            call.run();
        }
    }

    /**
     * Runs the calls A1 times on a fresh auth store, then clears it: each path thousands of times,
     * since HotSpot compiles a method fully after about ten thousand calls and a bot runs for hours.
     * The raw baseline's driver gets the same counts ({@code RawLimits}).
     */
    static void auth(BenchRun run, Workload.Auth data) {
        try (AuthStoreBundle s = run.freshAuth()) {
            repeat(AUTH_PRE_KEY_CALLS, () -> {
                s.clear();
                s.write(Map.of(SignalTypes.PRE_KEY, data.preKeys()));
            });
            s.read(SignalTypes.PRE_KEY, data.preKeys().keySet());
            List<String> ids = data.sessionIds();
            Map<String, BinaryNode> sessions = A1.sessions(data, ids.subList(0, Math.min(500, ids.size())));
            // All of A1's session calls, twice: one call of 500 is 500 calls of the per-key code.
            for (int pass = 0; pass < 2; pass++) {
                for (int from = 0; from < ids.size(); from += 500) {
                    s.write(Map.of(SignalTypes.SESSION, A1.sessions(data, ids.subList(from, Math.min(from + 500, ids.size())))));
                }
            }
            for (int pass = 0; pass < 10; pass++) {
                for (String id : sessions.keySet()) {
                    s.read(SignalTypes.SESSION, List.of(id));
                }
            }
            AuthCreds creds = AuthCreds.of(data.creds());
            repeat(AUTH_CREDS_WRITES, () -> s.writeCreds(creds));
            for (int i = 0; i < 5_000; i++) {
                s.readCreds();
            }
            s.clear();
        }
    }
}
