package dev.zaileys.bench;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Lettuce alone, in a scratch namespace on the server the store URI names: for each document the
 * store's two writes (ZADD of {@code <id>|<fromMe>} by timestamp into {@code <ns>:msg:<jid>}, HSET
 * of the document into {@code <ns>:msg-data:<jid>}), pipelined with manual flushing for the batch
 * limit and sent together and awaited per document for the per-call one; a point read is one
 * HGET, a page one ZREVRANGEBYSCORE and one HMGET, a Signal value one SET (plus SADD to its index
 * in a batch) and one GET.
 */
final class RedisRawBaseline implements RawBaseline {

    private static final int FLUSH_EVERY = 1000;

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> conn;
    private final String ns = "zaileys-raw-" + UUID.randomUUID();

    RedisRawBaseline(String storeUri) {
        int q = storeUri.indexOf('?');
        String url = q < 0 ? storeUri : storeUri.substring(0, q);
        client = RedisClient.create(RedisURI.create(url));
        conn = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    @Override
    public String name() {
        return "lettuce: ZADD+HSET per document, pipelined (flush every " + FLUSH_EVERY + ")";
    }

    @Override
    public void insertAll(List<Row> rows) throws Exception {
        RedisAsyncCommands<String, byte[]> a = conn.async();
        conn.setAutoFlushCommands(false);
        try {
            List<RedisFuture<?>> pending = new ArrayList<>(2 * FLUSH_EVERY);
            for (Row r : rows) {
                write(a, r, pending);
                if (pending.size() >= 2 * FLUSH_EVERY) {
                    drain(pending);
                }
            }
            drain(pending);
        } finally {
            conn.setAutoFlushCommands(true);
        }
    }

    @Override
    public void insertOne(Row r) throws Exception {
        List<RedisFuture<?>> pending = new ArrayList<>(2);
        write(conn.async(), r, pending);
        for (RedisFuture<?> f : pending) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    /** The store's two writes of one document, queued on {@code a}; their futures added to {@code pending}. */
    private void write(RedisAsyncCommands<String, byte[]> a, Row r, List<RedisFuture<?>> pending) {
        String member = member(r.id(), r.fromMe());
        pending.add(a.zadd(ns + ":msg:" + r.remoteJid(), (double) r.timestamp(), member.getBytes(StandardCharsets.UTF_8)));
        pending.add(a.hset(ns + ":msg-data:" + r.remoteJid(), member, r.data()));
    }

    private static String member(String id, boolean fromMe) {
        return id + (fromMe ? "|1" : "|0");
    }

    @Override
    public byte[] readOne(String remoteJid, String id, boolean fromMe) throws Exception {
        return conn.async().hget(ns + ":msg-data:" + remoteJid, member(id, fromMe)).get(30, TimeUnit.SECONDS);
    }

    @Override
    public List<Row> readPage(String remoteJid, Row after, int limit) throws Exception {
        RedisAsyncCommands<String, byte[]> a = conn.async();
        // By score alone, strictly below the cursor's second: the raw page does not split ties.
        io.lettuce.core.Range<Double> range = io.lettuce.core.Range.from(
                io.lettuce.core.Range.Boundary.including(Double.NEGATIVE_INFINITY),
                after == null ? io.lettuce.core.Range.Boundary.including(Double.POSITIVE_INFINITY)
                        : io.lettuce.core.Range.Boundary.excluding((double) after.timestamp()));
        var scored = a.zrevrangebyscoreWithScores(ns + ":msg:" + remoteJid, range, io.lettuce.core.Limit.create(0, limit))
                .get(30, TimeUnit.SECONDS);
        if (scored.isEmpty()) {
            return List.of();
        }
        String[] fields = scored.stream().map(sv -> new String(sv.getValue(), StandardCharsets.UTF_8)).toArray(String[]::new);
        var values = a.hmget(ns + ":msg-data:" + remoteJid, fields).get(30, TimeUnit.SECONDS);
        List<Row> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            String f = fields[i];
            out.add(new Row(remoteJid, f.substring(0, f.length() - 2), f.endsWith("|1"), (long) scored.get(i).getScore(),
                    values.get(i).getValueOrElse(null)));
        }
        return out;
    }

    @Override
    public void putKeys(String type, Map<String, byte[]> values) throws Exception {
        RedisAsyncCommands<String, byte[]> a = conn.async();
        conn.setAutoFlushCommands(false);
        try {
            List<RedisFuture<?>> pending = new ArrayList<>(2 * values.size());
            for (Map.Entry<String, byte[]> e : values.entrySet()) {
                pending.add(a.set(ns + ":auth:signal:" + type + ":" + e.getKey(), e.getValue()));
                pending.add(a.sadd(ns + ":auth:index:" + type, e.getKey().getBytes(StandardCharsets.UTF_8)));
            }
            drain(pending);
        } finally {
            conn.setAutoFlushCommands(true);
        }
    }

    @Override
    public void putKey(String type, String id, byte[] value) throws Exception {
        conn.async().set(ns + ":auth:signal:" + type + ":" + id, value).get(30, TimeUnit.SECONDS);
    }

    @Override
    public byte[] getKey(String type, String id) throws Exception {
        return conn.async().get(ns + ":auth:signal:" + type + ":" + id).get(30, TimeUnit.SECONDS);
    }

    private void drain(List<RedisFuture<?>> pending) throws Exception {
        conn.flushCommands();
        for (RedisFuture<?> f : pending) {
            f.get(30, TimeUnit.SECONDS);
        }
        pending.clear();
    }

    @Override
    public void close() throws Exception {
        try {
            var sync = conn.sync();
            ScanCursor cursor = ScanCursor.INITIAL;
            ScanArgs args = ScanArgs.Builder.matches(ns + ":*").limit(1000);
            while (true) {
                KeyScanCursor<String> page = sync.scan(cursor, args);
                if (!page.getKeys().isEmpty()) {
                    sync.unlink(page.getKeys().toArray(String[]::new));
                }
                if (page.isFinished()) {
                    break;
                }
                cursor = page;
            }
        } finally {
            conn.close();
            client.shutdown();
        }
    }
}
