package dev.zaileys.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.WAMessage;
import dev.zaileys.store.SignalTypes;
import dev.zaileys.workload.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The raw driver limit of every operation family the bench measures, each reported as its own
 * {@code *-raw} line and kept in {@link BenchRun} so each store line carries {@code store/raw}:
 *
 * <ul>
 *   <li>{@code W1-raw}: the W1 messages in one batch (the limit of W1b, bound ingest);
 *   <li>{@code W1-raw-single}: messages written one durable call at a time (W1's limit);
 *   <li>{@code W3-raw}: point reads by key at the W3 indices (W3's);
 *   <li>{@code W2-raw}: newest-first pages of 50 of the W2 chat (W2's);
 *   <li>{@code A1-raw-*}: the auth store's families on a key-value table at the auth store's
 *       durability: 1,000 pre-keys in one call, sessions in calls of 500, single session reads,
 *       single creds writes and reads.
 * </ul>
 *
 * Every read is checked to have found a value, so a baseline cannot win by reading nothing (not
 * for equal bytes: PostgreSQL hands jsonb back normalised, not as written).
 */
final class RawLimits {

    /** Single durable writes are slow on a fsyncing server: a sample gives the rate. */
    private static final int SINGLE_SAMPLE = 5_000;
    private static final int CREDS_CALLS = 1_000;

    private RawLimits() {}

    static void run(BenchRun run, Workload.W2 w2, Workload.Auth auth) {
        Optional<RawBaseline> probe = RawBaselines.open(run.storeUri);
        if (probe.isEmpty()) {
            run.report.remark("(no raw baseline for '" + run.adapter + "')");
            return;
        }
        try (RawBaseline warm = probe.get()) {
            // The driver gets a warm-up too (on a throwaway instance), as the store did.
            if (warm.hasMessages()) {
                List<RawBaseline.Row> rows = rows(Workload.asWAMessages(Workload.warmup().messages()));
                warm.insertAll(rows);
                for (RawBaseline.Row r : rows) {
                    warm.readOne(r.remoteJid(), r.id(), r.fromMe());
                }
                Warmup.<RawBaseline.Row, Exception>pageWalks(Workload.warmup().chats().stream().map(Workload.ChatSpec::jid).toList(), (jid, after) -> {
                    List<RawBaseline.Row> page = warm.readPage(jid, after, W2.PAGE);
                    return page.size() < W2.PAGE ? null : page.get(page.size() - 1);
                });
            }
            Map<String, byte[]> preKeys = encoded(auth.preKeys());
            Warmup.repeat(Warmup.AUTH_PRE_KEY_CALLS, () -> warm.putKeys(SignalTypes.PRE_KEY, preKeys));
            byte[] creds = BufferJson.encode(auth.creds());
            Warmup.repeat(Warmup.AUTH_CREDS_WRITES, () -> warm.putKey("creds", "creds", creds));
            Warmup.repeat(Warmup.AUTH_CREDS_WRITES, () -> warm.getKey("creds", "creds"));
        } catch (Exception e) {
            throw failed(run, e);
        }
        try (RawBaseline b = RawBaselines.open(run.storeUri).orElseThrow()) {
            if (b.hasMessages()) {
                messages(run, b, w2);
            }
            keys(run, b, auth);
        } catch (Exception e) {
            throw failed(run, e);
        }
    }

    private static void messages(BenchRun run, RawBaseline b, Workload.W2 w2) throws Exception {
        List<RawBaseline.Row> rows = rows(run.msgs);
        BenchMath.gc();
        long t0 = System.nanoTime();
        b.insertAll(rows);
        double seconds = (System.nanoTime() - t0) / 1e9;
        report(run, "W1-raw", "W1b", rows.size(), seconds, null, Map.of("rows", rows.size()), true, b.name());

        // W3: point reads of the rows just written
        int[] indices = Workload.w3Indices();
        long[] lat = new long[indices.length];
        int found = 0;
        BenchMath.gc();
        for (int j = 0; j < indices.length; j++) {
            RawBaseline.Row r = rows.get(indices[j] % rows.size());
            long s = System.nanoTime();
            byte[] got = b.readOne(r.remoteJid(), r.id(), r.fromMe());
            lat[j] = System.nanoTime() - s;
            if (got != null && got.length > 0) {
                found++;
            }
        }
        boolean ok = run.expect("W3-raw found", found, indices.length);
        report(run, "W3-raw", "W3", indices.length, BenchMath.sum(lat) / 1e9, lat, Map.of("found", found), ok, null);

        // W2: pages of 50 of the W2 chat, three walks, as the store's W2
        int total = Math.min(w2.messages().size(), run.n);
        b.insertAll(rows(Workload.asWAMessages(w2.messages().subList(0, total))));
        List<Long> plat = new ArrayList<>();
        long returned = 0;
        BenchMath.gc();
        for (int walk = 0; walk < 3; walk++) {
            RawBaseline.Row after = null;
            while (true) {
                long s = System.nanoTime();
                List<RawBaseline.Row> page = b.readPage(w2.chat().jid(), after, W2.PAGE);
                plat.add(System.nanoTime() - s);
                returned += page.size();
                if (page.size() < W2.PAGE) {
                    break;
                }
                after = page.get(page.size() - 1);
            }
        }
        long[] pl = plat.stream().mapToLong(Long::longValue).toArray();
        report(run, "W2-raw", "W2", pl.length, BenchMath.sum(pl) / 1e9, pl, Map.of("returned", returned / 3), true,
                "pages of " + W2.PAGE + ", 3 walks");

        // W1: one durable write per call, on messages not yet stored
        List<RawBaseline.Row> fresh = new ArrayList<>();
        for (RawBaseline.Row r : rows.subList(0, Math.min(SINGLE_SAMPLE, rows.size()))) {
            fresh.add(new RawBaseline.Row(r.remoteJid(), r.id() + "-single", r.fromMe(), r.timestamp(), r.data()));
        }
        long[] slat = new long[fresh.size()];
        BenchMath.gc();
        for (int i = 0; i < slat.length; i++) {
            long s = System.nanoTime();
            b.insertOne(fresh.get(i));
            slat[i] = System.nanoTime() - s;
        }
        report(run, "W1-raw-single", "W1", slat.length, BenchMath.sum(slat) / 1e9, slat, Map.of("rows", slat.length), true,
                "one write per call, first " + slat.length + " W1 messages");
    }

    private static void keys(BenchRun run, RawBaseline b, Workload.Auth auth) throws Exception {
        boolean reduced = run.n < Workload.W1_MESSAGES;
        int cap = reduced ? run.n : Integer.MAX_VALUE;
        Map<String, byte[]> preKeys = new LinkedHashMap<>();
        encoded(auth.preKeys()).entrySet().stream().limit(Math.min(cap, auth.preKeys().size()))
                .forEach(e -> preKeys.put(e.getKey(), e.getValue()));
        long[] plat = new long[5];
        BenchMath.gc(); // once, as A1 (and the Node peer) do
        for (int r = 0; r < plat.length; r++) {
            b.clearKeys(SignalTypes.PRE_KEY);
            long s = System.nanoTime();
            b.putKeys(SignalTypes.PRE_KEY, preKeys);
            plat[r] = System.nanoTime() - s;
        }
        long[] sorted = plat.clone();
        Arrays.sort(sorted);
        report(run, "A1-raw-prekeys", "A1-prekeys", preKeys.size(), sorted[2] / 1e9, plat, Map.of("keys", preKeys.size()), true,
                "one call of " + preKeys.size() + ", median of 5");

        List<String> ids = auth.sessionIds().subList(0, Math.min(cap, auth.sessionIds().size()));
        int perCall = Math.min(500, ids.size());
        long[] wlat = new long[ids.size() / perCall];
        BenchMath.gc();
        for (int c = 0; c < wlat.length; c++) {
            Map<String, byte[]> batch = new LinkedHashMap<>();
            for (String id : ids.subList(c * perCall, (c + 1) * perCall)) {
                batch.put(id, BufferJson.encode(auth.sessions().get(id)));
            }
            long s = System.nanoTime();
            b.putKeys(SignalTypes.SESSION, batch);
            wlat[c] = System.nanoTime() - s;
        }
        report(run, "A1-raw-sessions-write", "A1-sessions-write", ids.size(), BenchMath.sum(wlat) / 1e9, wlat,
                Map.of("keys", ids.size()), true, wlat.length + " calls of " + perCall);

        int[] indices = Arrays.stream(Workload.authReadIndices()).limit(Math.min(cap, 10_000)).map(i -> i % ids.size()).toArray();
        long[] rlat = new long[indices.length];
        int found = 0;
        BenchMath.gc();
        for (int j = 0; j < indices.length; j++) {
            long s = System.nanoTime();
            byte[] v = b.getKey(SignalTypes.SESSION, ids.get(indices[j]));
            rlat[j] = System.nanoTime() - s;
            if (v != null && v.length > 0) {
                found++;
            }
        }
        boolean ok = run.expect("A1-raw session reads found", found, indices.length);
        report(run, "A1-raw-sessions-read", "A1-sessions-read", indices.length, BenchMath.sum(rlat) / 1e9, rlat,
                Map.of("found", found), ok, null);

        ObjectNode creds = auth.creds().deepCopy();
        long[] cw = new long[Math.min(cap, CREDS_CALLS)];
        BenchMath.gc();
        for (int i = 0; i < cw.length; i++) {
            creds.put("nextPreKeyId", creds.get("nextPreKeyId").longValue() + 1);
            byte[] data = BufferJson.encode(creds);
            long s = System.nanoTime();
            b.putKey("creds", "creds", data);
            cw[i] = System.nanoTime() - s;
        }
        report(run, "A1-raw-creds-write", "A1-creds-write", cw.length, BenchMath.sum(cw) / 1e9, cw, Map.of(), true, null);

        long[] cr = new long[Math.min(cap, CREDS_CALLS)];
        int cfound = 0;
        BenchMath.gc();
        for (int i = 0; i < cr.length; i++) {
            long s = System.nanoTime();
            byte[] v = b.getKey("creds", "creds");
            cr[i] = System.nanoTime() - s;
            if (v != null && v.length > 0) {
                cfound++;
            }
        }
        boolean cok = run.expect("A1-raw creds reads found", cfound, cr.length);
        report(run, "A1-raw-creds-read", "A1-creds-read", cr.length, BenchMath.sum(cr) / 1e9, cr, Map.of("found", cfound), cok, null);
    }

    private static void report(BenchRun run, String op, String limitOf, long n, double seconds, long[] lat,
                               Map<String, Object> checks, boolean ok, String note) {
        Double p50 = null;
        Double p99 = null;
        if (lat != null) {
            double[] pct = BenchMath.percentilesMicros(lat);
            p50 = pct[0];
            p99 = pct[1];
        }
        run.report.op(new BenchOp(run.adapter, op, n, seconds, p50, p99, new LinkedHashMap<>(checks), ok, null,
                note == null ? "limit of " + limitOf : note + "; limit of " + limitOf));
        run.rawOpsPerSecond(limitOf, n / seconds);
    }

    private static IllegalStateException failed(BenchRun run, Exception e) {
        return new IllegalStateException("raw baseline for " + run.adapter + " failed: " + e.getMessage(), e);
    }

    private static Map<String, byte[]> encoded(Map<String, ObjectNode> values) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        values.forEach((id, v) -> out.put(id, BufferJson.encode(v)));
        return out;
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
