package dev.zaileys.bench;

import dev.zaileys.model.MessageKey;
import dev.zaileys.model.WAMessage;
import dev.zaileys.store.MessageStore;
import dev.zaileys.workload.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** W3: point reads ({@code getMessage}) of the W3 indices on the store {@link W1} filled. */
final class W3 {

    private W3() {}

    static void run(BenchRun run, MessageStore s) {
        int n = run.n;
        int[] indices = Workload.w3Indices();
        List<Optional<WAMessage>> got = new ArrayList<>(indices.length);
        long[] rlat = new long[indices.length];
        BenchMath.gc();
        for (int j = 0; j < indices.length; j++) {
            MessageKey key = run.msgs.get(indices[j] % n).key();
            long t0 = System.nanoTime();
            Optional<WAMessage> r = s.getMessage(key);
            rlat[j] = System.nanoTime() - t0;
            got.add(r);
        }
        int found = 0;
        int equal = 0;
        for (int j = 0; j < indices.length; j++) {
            Optional<WAMessage> r = got.get(j);
            if (r.isPresent()) {
                found++;
                if (BenchMath.sameJson(r.get().toJson(), run.docs.get(indices[j] % n))) {
                    equal++;
                }
            }
        }
        Map<String, Object> rchecks = new LinkedHashMap<>();
        rchecks.put("found", found);
        rchecks.put("equal", equal);
        boolean rok = run.expect("W3 found", found, indices.length) & run.expect("W3 equal", equal, indices.length);
        run.report.op(run.timed("W3", indices.length, rlat, rchecks, rok,
                n < Workload.W1_MESSAGES ? "indices modulo " + n : null));
    }
}
