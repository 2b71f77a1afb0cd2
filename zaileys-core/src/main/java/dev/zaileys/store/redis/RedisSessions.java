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
 * {@link #summary} and {@link #drop} each SCAN once for the namespace's own prefix, which still
 * walks the whole keyspace (Redis has no prefix index, and the Node original's keys have no
 * per-namespace index to follow instead): their cost grows with every namespace's keys, not
 * this one's; list names alone when that matters.
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
        // One walk of the keyspace for the three key families that have no index: a SCAN costs
        // the whole keyspace whatever its MATCH, so a walk per family tripled a summary's cost.
        String signalIndex = keys.signalIndexPrefix();
        String messages = keys.messagesPrefix();
        String presence = keys.presencePrefix();
        AtomicLong signals = new AtomicLong();
        AtomicLong stored = new AtomicLong();
        AtomicLong presences = new AtomicLong();
        link.scan(keys.namespacePattern(), SCAN_STEP, batch -> {
            List<RedisFuture<Long>> signalSizes = new ArrayList<>();
            List<RedisFuture<Long>> messageSizes = new ArrayList<>();
            for (String k : batch) {
                if (k.startsWith(signalIndex)) {
                    signalSizes.add(async.scard(k));
                } else if (k.startsWith(messages)) {
                    messageSizes.add(async.zcard(k));
                } else if (k.startsWith(presence)) {
                    presences.incrementAndGet();
                }
            }
            link.awaitAll(signalSizes).forEach(signals::addAndGet);
            link.awaitAll(messageSizes).forEach(stored::addAndGet);
        });
        return Optional.of(new SessionSummary(session, link.await(creds) > 0, signals.get(), stored.get(), link.await(chats),
                link.await(contacts), presences.get(), link.await(jobs)));
    }

    /** Deletes every key of the namespace (a SCAN of its prefix, in batches), then its registry entry. */
    @Override
    public boolean drop(String session) {
        String ns = RedisOptions.checkedNamespace(session == null ? "" : session);
        // Deleting the epoch key with the rest also fences an owner that wakes after the drop: its
        // writes expect the epoch it holds, and find none.
        new RedisLease(link, new Keys(ns), epoch -> {}).requireFree();
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
