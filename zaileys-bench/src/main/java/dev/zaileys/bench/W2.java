package dev.zaileys.bench;

import dev.zaileys.model.MessageKey;
import dev.zaileys.model.WAMessage;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageCursor;
import dev.zaileys.store.MessageStore;
import dev.zaileys.workload.Workload;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * W2: three cursor walks of the 10,000-message W2 chat in pages of 50 (every message once, newest
 * first), then one walk by {@code before} alone, which shows what timestamp paging skips.
 */
final class W2 {

    static final int PAGE = 50;
    /** W2 is seeded in batches (untimed): the walk is measured, not the load. */
    private static final int SEED_BATCH = 500;

    private W2() {}

    static void run(BenchRun run, Workload.W2 w2) {
        int n = run.n;
        String jid = w2.chat().jid();
        // A reduced run (--messages below the W2 size) walks the W2 chat's first n messages:
        // a slow test backend then finishes, and the output says so.
        int total = Math.min(w2.messages().size(), n);
        boolean reduced = total < w2.messages().size();
        try (MessageStore s = run.freshMessages()) {
            List<WAMessage> all = Workload.asWAMessages(w2.messages().subList(0, total));
            for (int from = 0; from < all.size(); from += SEED_BATCH) {
                s.saveMessages(all.subList(from, Math.min(all.size(), from + SEED_BATCH)));
            }
            List<Long> lat = new ArrayList<>();
            List<Long> distinct = new ArrayList<>();
            List<Long> returned = new ArrayList<>();
            boolean ordered = true;
            BenchMath.gc();
            for (int walk = 0; walk < 3; walk++) {
                Set<MessageKey> seen = new HashSet<>();
                long count = 0;
                WAMessage previous = null;
                MessageCursor cursor = null;
                while (true) {
                    ListOptions o = cursor == null ? ListOptions.limit(PAGE) : ListOptions.limit(PAGE).after(cursor);
                    long t0 = System.nanoTime();
                    List<WAMessage> page = s.listMessages(jid, o);
                    lat.add(System.nanoTime() - t0);
                    for (WAMessage m : page) {
                        seen.add(m.key());
                        count++;
                        if (previous != null && BenchMath.compareNewestFirst(previous, m) >= 0) {
                            ordered = false;
                        }
                        previous = m;
                    }
                    if (page.size() < PAGE) {
                        break;
                    }
                    cursor = MessageCursor.after(page.get(page.size() - 1));
                }
                distinct.add((long) seen.size());
                returned.add(count);
            }
            Map<String, Object> checks = new LinkedHashMap<>();
            checks.put("distinct", distinct.get(0));
            checks.put("returned", returned.get(0));
            checks.put("newest_first", ordered);
            boolean ok = true;
            for (int w = 0; w < 3; w++) {
                ok &= run.expect("W2 walk " + (w + 1) + " distinct", distinct.get(w), total);
                ok &= run.expect("W2 walk " + (w + 1) + " returned", returned.get(w), total);
            }
            ok &= run.expect("W2 newest first", ordered ? 1 : 0, 1);
            long[] l = lat.stream().mapToLong(Long::longValue).toArray();
            run.report.op(run.timed("W2", l.length, l, checks, ok, "pages of " + PAGE + ", cursor, 3 walks"
                    + (reduced ? "; REDUCED to the first " + total + " W2 messages" : "")));

            // What paging by timestamp alone (the seed's `before`) returns on the same chat.
            Set<MessageKey> seen = new HashSet<>();
            List<Long> blat = new ArrayList<>();
            Long before = null;
            while (true) {
                ListOptions o = before == null ? ListOptions.limit(PAGE) : ListOptions.limit(PAGE).before(before);
                long t0 = System.nanoTime();
                List<WAMessage> page = s.listMessages(jid, o);
                blat.add(System.nanoTime() - t0);
                page.forEach(m -> seen.add(m.key()));
                if (page.isEmpty()) {
                    break;
                }
                before = page.get(page.size() - 1).timestamp();
            }
            Map<String, Object> bchecks = new LinkedHashMap<>();
            bchecks.put("distinct", seen.size());
            // 9,814 is the full chat's figure; a reduced chat has no published one.
            boolean bok = reduced || run.expect("W2-before distinct", seen.size(), 9_814);
            long[] bl = blat.stream().mapToLong(Long::longValue).toArray();
            run.report.op(run.timed("W2-before", bl.length, bl, bchecks, bok,
                    "walk by before alone skips " + (total - seen.size())));
        }
    }
}
