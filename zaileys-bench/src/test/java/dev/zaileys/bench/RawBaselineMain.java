package dev.zaileys.bench;

import dev.zaileys.workload.Workload;
import java.util.ArrayList;
import java.util.List;

/** Times one raw baseline alone on the first n W1 messages, by hand: {@code <store-uri> [n]}. */
public final class RawBaselineMain {

    private RawBaselineMain() {}

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        int n = args.length > 1 ? Integer.parseInt(args[1]) : Workload.W1_MESSAGES;
        List<RawBaseline.Row> rows = new ArrayList<>(n);
        for (var m : Workload.asWAMessages(Workload.w1Messages(n))) {
            rows.add(new RawBaseline.Row(m.key().remoteJid(), m.key().id(), m.key().fromMe(), m.timestamp(), m.encode()));
        }
        for (int round = 0; round < 3; round++) {
            try (RawBaseline b = RawBaselines.open(uri).orElseThrow(() -> new IllegalArgumentException("no baseline for " + uri))) {
                long t0 = System.nanoTime();
                b.insertAll(rows);
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%s: %d rows in %.3f s = %,.0f rows/s%n", b.name(), n, s, n / s);
            }
        }
    }
}
