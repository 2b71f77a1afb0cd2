package dev.zaileys.bench;

import dev.zaileys.model.WAMessage;
import dev.zaileys.store.MessageStore;
import java.util.LinkedHashMap;
import java.util.Map;

/** W1: the W1 messages saved one {@code saveMessage} at a time, then counted back. */
final class W1 {

    private W1() {}

    /** Fills {@code s} (fresh and empty), which {@link W3} then reads. */
    static void run(BenchRun run, MessageStore s) {
        int n = run.n;
        long[] lat = new long[n];
        BenchMath.gc();
        for (int i = 0; i < n; i++) {
            WAMessage m = run.msgs.get(i);
            long t0 = System.nanoTime();
            s.saveMessage(m);
            lat[i] = System.nanoTime() - t0;
        }
        Map<String, Object> checks = new LinkedHashMap<>();
        long stored = BenchMath.countStored(s);
        checks.put("stored", stored);
        boolean ok = run.expect("W1 stored", stored, n);
        run.report.op(run.timed("W1", n, lat, checks, ok, null));
    }
}
