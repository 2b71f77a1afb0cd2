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
 * The drivers alone, in a scratch namespace on the server the store URI names: for each document
 * the store's two writes (ZADD of {@code <id>|<fromMe>} by timestamp into {@code <ns>:msg:<jid>},
 * HSET of the document into {@code <ns>:msg-data:<jid>}); a point read is one HGET, a page one
 * ZREVRANGEBYSCORE and one HMGET, a Signal value one SET (plus SADD to its index in a batch) and
 * one GET. Batches go through Lettuce, pipelined with manual flushing, as the store's do; single
 * calls through Jedis on one blocking connection (the two writes of a document pipelined), the
 * fastest way a JVM client does one round trip, as the store's single calls take a blocking
 * connection too.
 */
final class RedisRawBaseline implements RawBaseline {

    private static final int FLUSH_EVERY = 1000;

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> conn;
    private final redis.clients.jedis.Jedis jedis;
    private final String ns = "zaileys-raw-" + UUID.randomUUID();

    RedisRawBaseline(String storeUri) {
        int q = storeUri.indexOf('?');
        String url = q < 0 ? storeUri : storeUri.substring(0, q);
        client = RedisClient.create(RedisURI.create(url));
        conn = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        jedis = new redis.clients.jedis.Jedis(java.net.URI.create(url));
    }

    @Override
    public String name() {
        return "ZADD+HSET per document; batches: lettuce pipelined (flush every " + FLUSH_EVERY + "), single calls: jedis";
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
    public void insertOne(Row r) {
        byte[] member = bytes(member(r.id(), r.fromMe()));
        redis.clients.jedis.Pipeline p = jedis.pipelined();
        p.zadd(bytes(ns + ":msg:" + r.remoteJid()), (double) r.timestamp(), member);
        p.hset(bytes(ns + ":msg-data:" + r.remoteJid()), member, r.data());
        p.sync();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
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
    public byte[] readOne(String remoteJid, String id, boolean fromMe) {
        return jedis.hget(bytes(ns + ":msg-data:" + remoteJid), bytes(member(id, fromMe)));
    }

    @Override
    public List<Row> readPage(String remoteJid, Row after, int limit) {
        // By score alone, strictly below the cursor's second: the raw page does not split ties.
        byte[] max = bytes(after == null ? "+inf" : "(" + after.timestamp());
        List<redis.clients.jedis.resps.Tuple> scored = jedis.zrevrangeByScoreWithScores(bytes(ns + ":msg:" + remoteJid), max,
                bytes("-inf"), 0, limit);
        if (scored.isEmpty()) {
            return List.of();
        }
        byte[][] fields = new byte[scored.size()][];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = scored.get(i).getBinaryElement();
        }
        List<byte[]> values = jedis.hmget(bytes(ns + ":msg-data:" + remoteJid), fields);
        List<Row> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            String f = new String(fields[i], StandardCharsets.UTF_8);
            out.add(new Row(remoteJid, f.substring(0, f.length() - 2), f.endsWith("|1"), (long) scored.get(i).getScore(),
                    values.get(i)));
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
    public void clearKeys(String type) {
        var sync = conn.sync();
        String index = ns + ":auth:index:" + type;
        for (byte[] id : sync.smembers(index)) {
            sync.del(ns + ":auth:signal:" + type + ":" + new String(id, StandardCharsets.UTF_8));
        }
        sync.del(index);
    }

    @Override
    public void putKey(String type, String id, byte[] value) {
        jedis.set(bytes(ns + ":auth:signal:" + type + ":" + id), value);
    }

    @Override
    public byte[] getKey(String type, String id) {
        return jedis.get(bytes(ns + ":auth:signal:" + type + ":" + id));
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
            jedis.close();
            conn.close();
            client.shutdown();
        }
    }
}
