package dev.zaileys.store.redis;

import dev.zaileys.store.SessionCatalog;
import dev.zaileys.store.SessionSummary;
import io.lettuce.core.RedisFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sessions (namespaces) of one Redis server. Every Redis store adds its namespace to the set
 * {@code zaileys-sessions} when it connects, so {@link #list()} is one {@code SMEMBERS}, never a
 * {@code KEYS} or a {@code SCAN} of the keyspace. A namespace written only by the Node original,
 * or by a version before the registry, is listed once any store of this library has opened it.
 * {@link #summary} and {@link #drop} SCAN for the namespace's own prefix, which walks the whole
 * keyspace (Redis has no prefix index): with thousands of namespaces they take a few
 * milliseconds each; list names alone when that matters.
 *
 * <pre>{@code
 * try (var sessions = RedisSessions.of("redis://localhost:6379")) {
 *     sessions.drop("wa-old");
 * }
 * }</pre>
 */
public final class RedisSessions implements SessionCatalog {

    /**
     * Keys examined per SCAN call of a summary or a drop: one namespace's keys are few among
     * thousands of namespaces', so a larger step means fewer round trips over the keyspace.
     */
    private static final int SCAN_STEP = 20_000;

    private final RedisLink link;

    private RedisSessions(RedisLink link) {
        this.link = link;
    }

    /** A catalog on its own connection (closed with it), made at first use. A {@code ?namespace=} is ignored. */
    public static RedisSessions of(String url) {
        return new RedisSessions(Lettuce.open(RedisOptions.of(url, null, null), false, problem -> {}));
    }

    /** A catalog on your connected Lettuce connection, which it never closes. */
    public static RedisSessions of(io.lettuce.core.api.StatefulRedisConnection<String, String> connection) {
        return new RedisSessions(Lettuce.open(RedisOptions.of(null, connection, null), false, problem -> {}));
    }

    @Override
    public List<String> list() {
        List<String> out = new ArrayList<>(link.await(link.async().smembers(Keys.REGISTRY)));
        out.sort(null);
        return out;
    }

    @Override
    public boolean exists(String session) {
        String ns = RedisOptions.checkedNamespace(session == null ? "" : session);
        return link.await(link.async().sismember(Keys.REGISTRY, ns));
    }

    @Override
    public Optional<SessionSummary> summary(String session) {
        if (!exists(session)) {
            return Optional.empty();
        }
        Keys keys = new Keys(session);
        var async = link.async();
        RedisFuture<Long> creds = async.exists(keys.creds());
        RedisFuture<Long> chats = async.hlen(keys.chats());
        RedisFuture<Long> contacts = async.hlen(keys.contacts());
        RedisFuture<Long> jobs = async.zcard(keys.jobs());
        long signal = sum(Keys.glob(keys.signalIndexPrefix()) + "*", k -> async.scard(k));
        long messages = sum(Keys.glob(keys.messagesPrefix()) + "*", k -> async.zcard(k));
        AtomicLong presences = new AtomicLong();
        link.scan(Keys.glob(keys.presencePrefix()) + "*", SCAN_STEP, batch -> presences.addAndGet(batch.size()));
        return Optional.of(new SessionSummary(session, link.await(creds) > 0, signal, messages, link.await(chats),
                link.await(contacts), presences.get(), link.await(jobs)));
    }

    /** The sum of {@code size} over the keys matching {@code pattern} (the namespace's own prefix). */
    private long sum(String pattern, java.util.function.Function<String, RedisFuture<Long>> size) {
        AtomicLong total = new AtomicLong();
        link.scan(pattern, SCAN_STEP, batch -> {
            List<RedisFuture<Long>> futures = new ArrayList<>();
            for (String k : batch) {
                futures.add(size.apply(k));
            }
            link.awaitAll(futures).forEach(total::addAndGet);
        });
        return total.get();
    }

    /** Deletes every key of the namespace (a SCAN of its prefix, in batches), then its registry entry. */
    @Override
    public boolean drop(String session) {
        String ns = RedisOptions.checkedNamespace(session == null ? "" : session);
        AtomicLong deleted = new AtomicLong();
        link.scan(new Keys(ns).namespacePattern(), SCAN_STEP, batch -> {
            link.unlink(batch);
            deleted.addAndGet(batch.size());
        });
        long removed = link.await(link.async().srem(Keys.REGISTRY, ns));
        return removed > 0 || deleted.get() > 0;
    }

    @Override
    public void close() {
        link.close();
    }

    @Override
    public String toString() {
        return "RedisSessions[" + link.where() + "]";
    }
}
