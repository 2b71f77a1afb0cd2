package dev.zaileys.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.SignalTypes;
import dev.zaileys.workload.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A1, the auth store: one write of 1,000 pre-keys (median of five), session writes in calls of
 * 500, single session reads, 1,000 creds writes and 1,000 creds reads, each checked.
 */
final class A1 {

    private static final int SESSION_BATCH = 500;

    private A1() {}

    static void run(BenchRun run, Workload.Auth data) {
        int n = run.n;
        // A reduced run (--messages below the W1 size) caps every A1 count at n too, so a slow
        // test backend finishes; each capped row says REDUCED.
        boolean reduced = n < Workload.W1_MESSAGES;
        int cap = reduced ? n : Integer.MAX_VALUE;
        String cut = reduced ? "REDUCED to " + n + "; " : "";
        Map<String, ObjectNode> allPreKeys = data.preKeys();
        Map<String, ObjectNode> preKeysUsed = new LinkedHashMap<>();
        allPreKeys.entrySet().stream().limit(Math.min(cap, allPreKeys.size()))
                .forEach(e -> preKeysUsed.put(e.getKey(), e.getValue()));
        try (AuthStoreBundle s = run.freshAuth()) {
            // pre-keys: one write of 1,000, five times from empty; the median call is reported
            // One collection before the five, as the Node peer (none between them): a full GC
            // right before a ~100 us call timed the collector's aftermath, not the store.
            long[] plat = new long[5];
            BenchMath.gc();
            for (int r = 0; r < 5; r++) {
                s.clear();
                long t0 = System.nanoTime();
                s.write(Map.of(SignalTypes.PRE_KEY, preKeysUsed));
                plat[r] = System.nanoTime() - t0;
            }
            Map<String, JsonNode> preKeys = s.read(SignalTypes.PRE_KEY, preKeysUsed.keySet());
            int preEqual = 0;
            for (Map.Entry<String, ObjectNode> e : preKeysUsed.entrySet()) {
                if (BenchMath.sameJson(preKeys.get(e.getKey()), e.getValue())) {
                    preEqual++;
                }
            }
            long[] sorted = plat.clone();
            Arrays.sort(sorted);
            double median = sorted[2] / 1e9;
            Map<String, Object> pchecks = new LinkedHashMap<>();
            pchecks.put("equal", preEqual);
            boolean pok = run.expect("A1 pre-keys equal", preEqual, preKeysUsed.size());
            double[] ppct = BenchMath.percentilesMicros(plat);
            run.report.op(new BenchOp(run.adapter, "A1-prekeys", preKeysUsed.size(), median, ppct[0], ppct[1], pchecks, pok,
                    run.ratio("A1-prekeys", preKeysUsed.size() / median), cut + "one call of " + preKeysUsed.size() + ", median of 5"));

            // sessions: 10 calls of 500
            List<String> ids = data.sessionIds().subList(0, Math.min(cap, data.sessionIds().size()));
            int perCall = Math.min(SESSION_BATCH, ids.size());
            long[] slat = new long[ids.size() / perCall];
            BenchMath.gc();
            for (int c = 0; c < slat.length; c++) {
                Map<String, Map<String, BinaryNode>> write = Map.of(SignalTypes.SESSION,
                        sessions(data, ids.subList(c * perCall, (c + 1) * perCall)));
                long t0 = System.nanoTime();
                s.write(write);
                slat[c] = System.nanoTime() - t0;
            }
            List<String> storedIds = s.listKeyIds().getOrDefault(SignalTypes.SESSION, List.of());
            Map<String, Object> wchecks = new LinkedHashMap<>();
            wchecks.put("stored", storedIds.size());
            boolean wok = run.expect("A1 sessions stored", storedIds.size(), ids.size());
            run.report.op(run.timed("A1-sessions-write", ids.size(), slat, wchecks, wok,
                    cut + slat.length + " calls of " + perCall));

            // single session reads by the auth read indices
            int[] indices = Arrays.stream(Workload.authReadIndices()).limit(Math.min(cap, 10_000))
                    .map(i -> i % ids.size()).toArray();
            long[] rlat = new long[indices.length];
            JsonNode[] got = new JsonNode[indices.length];
            BenchMath.gc();
            for (int j = 0; j < indices.length; j++) {
                List<String> one = List.of(ids.get(indices[j]));
                long t0 = System.nanoTime();
                Map<String, JsonNode> r = s.read(SignalTypes.SESSION, one);
                rlat[j] = System.nanoTime() - t0;
                got[j] = r.get(one.get(0));
            }
            int equal = 0;
            for (int j = 0; j < indices.length; j++) {
                if (BenchMath.sameJson(got[j], data.sessions().get(ids.get(indices[j])))) {
                    equal++;
                }
            }
            Map<String, Object> rchecks = new LinkedHashMap<>();
            rchecks.put("equal", equal);
            boolean rok = run.expect("A1 session reads equal", equal, indices.length);
            run.report.op(run.timed("A1-sessions-read", indices.length, rlat, rchecks, rok, reduced ? "REDUCED to " + n : null));

            // 1,000 writeCreds, each a step further
            ObjectNode creds = data.creds().deepCopy();
            long[] cwlat = new long[Math.min(cap, 1000)];
            BenchMath.gc();
            for (int i = 0; i < cwlat.length; i++) {
                creds.put("nextPreKeyId", creds.get("nextPreKeyId").longValue() + 1);
                creds.put("firstUnuploadedPreKeyId", creds.get("firstUnuploadedPreKeyId").longValue() + 1);
                creds.put("lastAccountSyncTimestamp", creds.get("lastAccountSyncTimestamp").longValue() + 1);
                AuthCreds c = AuthCreds.of(creds);
                long t0 = System.nanoTime();
                s.writeCreds(c);
                cwlat[i] = System.nanoTime() - t0;
            }
            long next = s.readCreds().map(c -> c.toJson().path("nextPreKeyId").asLong()).orElse(-1L);
            Map<String, Object> cwchecks = new LinkedHashMap<>();
            cwchecks.put("nextPreKeyId", next);
            boolean cwok = run.expect("A1 creds nextPreKeyId", next, 813 + cwlat.length);
            run.report.op(run.timed("A1-creds-write", cwlat.length, cwlat, cwchecks, cwok, reduced ? "REDUCED to " + n : null));

            // 1,000 readCreds
            long[] crlat = new long[Math.min(cap, 1000)];
            List<Optional<AuthCreds>> reads = new ArrayList<>(crlat.length);
            BenchMath.gc();
            for (int i = 0; i < crlat.length; i++) {
                long t0 = System.nanoTime();
                Optional<AuthCreds> r = s.readCreds();
                crlat[i] = System.nanoTime() - t0;
                reads.add(r);
            }
            int cequal = 0;
            for (Optional<AuthCreds> r : reads) {
                if (r.isPresent() && BenchMath.sameJson(r.get().toJson(), creds)) {
                    cequal++;
                }
            }
            Map<String, Object> crchecks = new LinkedHashMap<>();
            crchecks.put("equal", cequal);
            boolean crok = run.expect("A1 creds reads equal", cequal, crlat.length);
            run.report.op(run.timed("A1-creds-read", crlat.length, crlat, crchecks, crok, reduced ? "REDUCED to " + n : null));
        }
    }

    /** The sessions of {@code ids}, in their order: one write call's worth. */
    static Map<String, BinaryNode> sessions(Workload.Auth data, List<String> ids) {
        Map<String, BinaryNode> batch = new LinkedHashMap<>();
        for (String id : ids) {
            batch.put(id, data.sessions().get(id));
        }
        return batch;
    }
}
