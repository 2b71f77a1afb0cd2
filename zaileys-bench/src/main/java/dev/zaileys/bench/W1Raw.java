package dev.zaileys.bench;

import dev.zaileys.model.MessageKey;
import dev.zaileys.model.WAMessage;
import dev.zaileys.workload.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * W1-raw: the W1 messages inserted with the bare driver, the limit the store's W1 and W1b are
 * compared to (their {@code ratio}).
 */
final class W1Raw {

    private W1Raw() {}

    static void run(BenchRun run) {
        Optional<RawBaseline> opened = RawBaselines.open(run.storeUri);
        if (opened.isEmpty()) {
            run.report.remark("(no raw baseline for '" + run.adapter + "')");
            return;
        }
        List<RawBaseline.Row> rows = rows(run.msgs);
        // The driver gets a warm-up too (on a throwaway instance), as the store did.
        try (RawBaseline warm = opened.get()) {
            warm.insertAll(rows(Workload.asWAMessages(Workload.warmup().messages())));
        } catch (Exception e) {
            throw failed(run, e);
        }
        opened = RawBaselines.open(run.storeUri);
        BenchMath.gc();
        try (RawBaseline b = opened.get()) {
            long t0 = System.nanoTime();
            b.insertAll(rows);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> checks = new LinkedHashMap<>();
            checks.put("rows", rows.size());
            run.report.op(new BenchOp(run.adapter, "W1-raw", run.n, seconds, null, null, checks, true, null, b.name()));
            run.rawOpsPerSecond(run.n / seconds);
        } catch (Exception e) {
            throw failed(run, e);
        }
    }

    private static IllegalStateException failed(BenchRun run, Exception e) {
        return new IllegalStateException("raw baseline for " + run.adapter + " failed: " + e.getMessage(), e);
    }

    private static List<RawBaseline.Row> rows(List<WAMessage> messages) {
        List<RawBaseline.Row> rows = new ArrayList<>(messages.size());
        for (WAMessage m : messages) {
            MessageKey k = m.key();
            rows.add(new RawBaseline.Row(k.remoteJid(), k.id(), k.fromMe(), m.timestamp(), m.encode()));
        }
        return rows;
    }
}
