package dev.zaileys.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.binding.StoreBinding;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.socket.BaileysEvents;
import dev.zaileys.socket.EventEmitter;
import dev.zaileys.store.MessageStore;
import dev.zaileys.workload.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * W1b: the W1 messages as {@code messages.upsert} events of 50 through {@code bind}, timed from
 * the first emit until {@code flush()} returns (the batched path a bot really uses).
 */
final class W1b {

    private static final int UPSERT_BATCH = 50;

    private W1b() {}

    /** {@code docs} as {@code messages.upsert} payloads of {@value #UPSERT_BATCH}, in order. */
    static List<ObjectNode> upserts(List<ObjectNode> docs) {
        List<ObjectNode> payloads = new ArrayList<>();
        for (int from = 0; from < docs.size(); from += UPSERT_BATCH) {
            ObjectNode p = BufferJson.object();
            ArrayNode arr = p.putArray("messages");
            docs.subList(from, Math.min(docs.size(), from + UPSERT_BATCH)).forEach(arr::add);
            p.put("type", "notify");
            payloads.add(p);
        }
        return payloads;
    }

    static void run(BenchRun run) {
        int n = run.n;
        List<ObjectNode> payloads = upserts(run.docs.subList(0, n));
        List<ZaileysStoreException> errors = new CopyOnWriteArrayList<>();
        try (MessageStore s = run.freshMessages()) {
            EventEmitter ev = new EventEmitter();
            StoreBinding binding = StoreBinding.bind(s, ev, (error, pending, willRetry) -> errors.add(error));
            long[] lat = new long[payloads.size()];
            BenchMath.gc();
            long start = System.nanoTime();
            for (int i = 0; i < payloads.size(); i++) {
                long t0 = System.nanoTime();
                ev.emit(BaileysEvents.MESSAGES_UPSERT, payloads.get(i));
                lat[i] = System.nanoTime() - t0;
            }
            binding.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            binding.close();

            long stored = BenchMath.countStored(s);
            int[] indices = Workload.w3Indices();
            int equal = 0;
            for (int idx : indices) {
                Optional<WAMessage> r = s.getMessage(run.msgs.get(idx % n).key());
                if (r.isPresent() && BenchMath.sameJson(r.get().toJson(), run.docs.get(idx % n))) {
                    equal++;
                }
            }
            Map<String, Object> checks = new LinkedHashMap<>();
            checks.put("stored", stored);
            checks.put("errors", errors.size());
            checks.put("reads_equal", equal);
            boolean ok = run.expect("W1b stored", stored, n) & run.expect("W1b errors", errors.size(), 0)
                    & run.expect("W1b reads equal", equal, indices.length);
            double[] pct = BenchMath.percentilesMicros(lat);
            run.report.op(new BenchOp(run.adapter, "W1b", n, seconds, pct[0], pct[1], checks, ok,
                    run.ratio("W1b", n / seconds), "latency per emit of " + UPSERT_BATCH));
        }
    }
}
