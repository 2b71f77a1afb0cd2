package dev.zaileys.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.WAMessage;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the procedures of one bench run share: the stores under test, the W1 data, the raw
 * baseline's throughput (once measured), the report and the failed checks.
 */
final class BenchRun {

    final String storeUri;
    final String adapter;
    final StandardBench.Options options;
    /** W1 message count; every reduced procedure caps at it. */
    final int n;
    final List<ObjectNode> docs;
    final List<WAMessage> msgs;
    final BenchReport report;
    private final Supplier<MessageStore> messageStores;
    private final Supplier<AuthStoreBundle> authStores;
    private final List<String> failures = new ArrayList<>();
    /** The raw limit's throughput by the store op it bounds ({@code "W1"}, {@code "A1-creds-read"}...), once measured. */
    private final Map<String, Double> rawOpsPerSecond = new java.util.HashMap<>();

    BenchRun(String storeUri, Supplier<MessageStore> messageStores, Supplier<AuthStoreBundle> authStores,
             StandardBench.Options options, List<ObjectNode> docs, List<WAMessage> msgs, BenchReport report) {
        this.storeUri = storeUri;
        this.adapter = StandardBench.scheme(storeUri);
        this.messageStores = messageStores;
        this.authStores = authStores;
        this.options = options;
        this.n = options.messages();
        this.docs = docs;
        this.msgs = msgs;
        this.report = report;
    }

    boolean hasMessageStore() {
        return messageStores != null;
    }

    /** A new message store from the supplier, cleared: each procedure starts from empty. */
    MessageStore freshMessages() {
        MessageStore s = messageStores.get();
        s.clear();
        settle();
        return s;
    }

    AuthStoreBundle freshAuth() {
        AuthStoreBundle s = authStores.get();
        s.clear();
        settle();
        return s;
    }

    /** PostgreSQL keeps what a clear deleted until a vacuum: one now, untimed (JdbcRaw.vacuumPostgres says why). */
    private void settle() {
        if (adapter.equals("postgres") || adapter.equals("postgresql")) {
            JdbcRaw.vacuumPostgres(storeUri);
        }
    }

    void rawOpsPerSecond(String op, double opsPerSecond) {
        rawOpsPerSecond.put(op, opsPerSecond);
    }

    /** Throughput of store op {@code op} relative to its raw limit, null when none was measured. */
    Double ratio(String op, double opsPerSecond) {
        Double raw = rawOpsPerSecond.get(op);
        return raw == null ? null : opsPerSecond / raw;
    }

    /** {@link #ratio(String, double)} of calls whose latencies are {@code lat}. */
    Double ratio(String op, long[] lat, long count) {
        return ratio(op, count / (BenchMath.sum(lat) / 1e9));
    }

    /** Records a failed check unless {@code actual} is {@code wanted}; the run fails at its end. */
    boolean expect(String what, long actual, long wanted) {
        if (actual != wanted) {
            failures.add(what + " = " + actual + ", want " + wanted);
            return false;
        }
        return true;
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** An op timed per call: its seconds are the sum of the calls, its percentiles theirs. */
    BenchOp timed(String op, long count, long[] lat, Map<String, Object> checks, boolean ok, String note) {
        double[] pct = BenchMath.percentilesMicros(lat);
        return new BenchOp(adapter, op, count, BenchMath.sum(lat) / 1e9, pct[0], pct[1], checks, ok, ratio(op, lat, count), note);
    }
}
