package dev.zaileys.store.redis;

import dev.zaileys.testing.TestRedis;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Raw access to the test Redis, for the checks a store's API cannot make. */
final class RedisTesting {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    private RedisTesting() {}

    static String url() {
        return TestRedis.shared().url();
    }

    /** A namespace no other test uses (also across runs on a shared external server). */
    static String freshNamespace(String prefix) {
        return prefix + "-" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static synchronized RedisCommands<String, String> raw() {
        if (connection == null || !connection.isOpen()) {
            client = RedisClient.create(url());
            connection = client.connect();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> client.shutdown()));
        }
        return connection.sync();
    }

    /** Every key of namespace {@code ns}, sorted. */
    static List<String> keysOf(String ns) {
        RedisCommands<String, String> r = raw();
        List<String> out = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        ScanArgs args = ScanArgs.Builder.matches(Keys.glob(Keys.keyPrefix(ns) + ":") + "*").limit(1000);
        while (true) {
            KeyScanCursor<String> page = r.scan(cursor, args);
            out.addAll(page.getKeys());
            if (page.isFinished()) {
                break;
            }
            cursor = page;
        }
        out.sort(null);
        return out;
    }

    /**
     * The keys of namespace {@code ns} in the Node original's layout and ours, without our key
     * index (which drop and summary follow, and which only grows), sorted.
     */
    static List<String> layoutKeysOf(String ns) {
        Keys keys = new Keys(ns);
        List<String> index = List.of(keys.indexMarker(), keys.indexedChats(), keys.indexedPresences(), keys.indexedSignalTypes());
        return keysOf(ns).stream().filter(k -> !index.contains(k)).toList();
    }

    static void dropNamespace(String ns) {
        List<String> keys = keysOf(ns);
        if (!keys.isEmpty()) {
            raw().del(keys.toArray(String[]::new));
        }
    }
}
