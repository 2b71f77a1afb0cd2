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
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Lettuce alone: for each document the store's two writes (ZADD of {@code <id>|<fromMe>} by
 * timestamp into {@code <ns>:msg:<jid>}, HSET of the document into {@code <ns>:msg-data:<jid>}),
 * pipelined on one connection with manual flushing, in a scratch namespace on the server the
 * store URI names.
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
                byte[] member = (r.id() + (r.fromMe() ? "|1" : "|0")).getBytes(StandardCharsets.UTF_8);
                pending.add(a.zadd(ns + ":msg:" + r.remoteJid(), (double) r.timestamp(), member));
                pending.add(a.hset(ns + ":msg-data:" + r.remoteJid(), new String(member, StandardCharsets.UTF_8), r.data()));
                if (pending.size() >= 2 * FLUSH_EVERY) {
                    drain(pending);
                }
            }
            drain(pending);
        } finally {
            conn.setAutoFlushCommands(true);
        }
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
