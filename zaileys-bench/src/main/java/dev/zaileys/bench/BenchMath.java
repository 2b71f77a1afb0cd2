package dev.zaileys.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.WAMessage;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageCursor;
import dev.zaileys.store.MessageStore;
import java.util.Arrays;
import java.util.List;

/** Pure helpers the procedures share: percentiles, JSON equality, ordering, counting. */
final class BenchMath {

    private BenchMath() {}

    /** Nearest-rank p50 and p99 of nanosecond samples, in microseconds. */
    static double[] percentilesMicros(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return new double[] {nearestRank(s, 50) / 1e3, nearestRank(s, 99) / 1e3};
    }

    /** Nearest rank: the smallest value with at least p% of the samples at or below it. */
    static long nearestRank(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(1, Math.min(rank, sorted.length)) - 1];
    }

    static long sum(long[] values) {
        long t = 0;
        for (long v : values) {
            t += v;
        }
        return t;
    }

    /**
     * Same JSON value, whatever number node types or key order a backend's decoder produced:
     * both sides go through the codec once.
     */
    static boolean sameJson(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        return BufferJson.decode(BufferJson.encode(a)).equals(BufferJson.decode(BufferJson.encode(b)));
    }

    /** Newest-first order: timestamp, then id, then fromMe, all descending. */
    static int compareNewestFirst(WAMessage a, WAMessage b) {
        int c = Long.compare(b.timestamp(), a.timestamp());
        if (c != 0) {
            return c;
        }
        c = b.key().id().compareTo(a.key().id());
        if (c != 0) {
            return c;
        }
        return Boolean.compare(b.key().fromMe(), a.key().fromMe());
    }

    /** Every stored message, counted chat by chat with the cursor API. */
    static long countStored(MessageStore s) {
        long count = 0;
        for (String jid : s.listMessageJids()) {
            MessageCursor cursor = null;
            while (true) {
                ListOptions o = cursor == null ? ListOptions.limit(ListOptions.MAX_LIMIT)
                        : ListOptions.limit(ListOptions.MAX_LIMIT).after(cursor);
                List<WAMessage> page = s.listMessages(jid, o);
                count += page.size();
                if (page.size() < ListOptions.MAX_LIMIT) {
                    break;
                }
                cursor = MessageCursor.after(page.get(page.size() - 1));
            }
        }
        return count;
    }

    /** Collects garbage before a measured loop, so an earlier procedure's garbage is not billed to it. */
    static void gc() {
        System.gc();
    }
}
