package dev.zaileys.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.workload.Workload;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Runs the standard workload (WORKLOAD.md) against one backend and prints a table or JSON lines.
 *
 * <p>Procedures, in order: warm-up (messages and auth, not reported), the raw driver limits when asked (every
 * family, see {@code RawLimits}; each store line then carries store/raw), W1
 * (sequential {@code saveMessage}), W3 (point reads on the W1 store), W1b (the same messages
 * through {@code bind}), W2 (three cursor walks of a 10,000-message chat, plus one walk by
 * {@code before} alone), A1 (pre-keys, sessions, creds). Each procedure opens a fresh store from
 * the supplier, clears it, and closes it after.
 *
 * <p>{@code seconds} is the time spent inside the measured calls (data generation and checks are
 * outside it), except W1b, timed from the first emit until {@code flush()} returns. Latencies are
 * per call, nearest-rank percentiles; for W1b a call is one emit of 50 messages, and for the
 * pre-key write the reported time is the median of five calls. Every result is checked; the
 * {@code check} column says what. When a check fails the report is still printed in full, then
 * {@code run} throws {@link IllegalStateException}.
 *
 * <p>This class only orders the procedures; each lives in its own class ({@code Warmup},
 * {@code RawLimits}, {@code W1}, {@code W3}, {@code W1b}, {@code W2}, {@code A1}) and prints through
 * {@code BenchReport}.
 */
public final class StandardBench {

    /**
     * @param json print JSON lines (first line: dataset hashes) instead of a table
     * @param messages W1 message count (100,000 in the standard workload; lower only when said plainly)
     * @param raw also measure the driver's raw limit for this backend, when one exists
     */
    public record Options(boolean json, int messages, boolean raw) {}

    private StandardBench() {}

    /**
     * @param storeUri the URI the stores were opened from (names the adapter; picks the raw baseline)
     * @param messages opens a fresh, empty message store (called once per procedure); null for an
     *     auth-only backend (File), which runs A1 alone
     * @param auth opens a fresh, empty auth store
     */
    public static void run(String storeUri, Supplier<MessageStore> messages, Supplier<AuthStoreBundle> auth,
                           Options options, PrintStream out) {
        if (options.messages() < 1 || options.messages() > Workload.W1_MESSAGES) {
            throw new IllegalArgumentException("messages must be between 1 and " + Workload.W1_MESSAGES
                    + ", got " + options.messages());
        }
        List<ObjectNode> docs = Workload.w1Messages(options.messages());
        BenchReport report = new BenchReport(out, options.json(), options.raw());
        BenchRun run = new BenchRun(storeUri, messages, auth, options, docs, Workload.asWAMessages(docs), report);
        Workload.W2 w2 = Workload.w2();
        Workload.Auth authData = Workload.auth();
        report.dataset(run.adapter, run.n, docs, w2, authData);

        if (run.hasMessageStore()) {
            Warmup.run(run);
        }
        Warmup.auth(run, authData);
        if (options.raw()) {
            RawLimits.run(run, w2, authData);
        }
        if (run.hasMessageStore()) {
            try (MessageStore s = run.freshMessages()) {
                W1.run(run, s);
                W3.run(run, s);
            }
            W1b.run(run);
            W2.run(run, w2);
        } else {
            report.remark("(" + run.adapter + ": no message store, so A1 only)");
        }
        A1.run(run, authData);

        List<String> failures = run.failures();
        report.verdict(failures);
        if (!failures.isEmpty()) {
            throw new IllegalStateException("standard bench on " + run.adapter + ": " + failures.size()
                    + " check(s) failed: " + String.join("; ", failures));
        }
    }

    /** The URI's scheme ({@code sqlite:./x.db} is {@code sqlite}); never the rest, which may hold a password. */
    static String scheme(String storeUri) {
        int colon = storeUri.indexOf(':');
        return (colon < 0 ? storeUri : storeUri.substring(0, colon)).toLowerCase(Locale.ROOT);
    }
}
