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
 * {@link #summary} and {@link #drop} follow the namespace's own key index ({@link KeyIndex}), so
 * their cost is the namespace's keys, not the keyspace's. A namespace without a complete index
 * (written by the Node original or an older version of ours) is walked with one SCAN instead,
 * whose cost grows with every namespace's keys; a summary then completes the index. See
 * {@link KeyIndex} for when the index misses keys (the Node original writing into a namespace of ours).
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

    /** Keys per UNLINK of an indexed drop: one call per namespace of ordinary size, bounded for a huge one. */
    private static final int UNLINK_STEP = 1000;

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
        Optional<KeyIndex.Listing> index = KeyIndex.read(link, keys);
        long[] counts = index.isPresent() ? indexedCounts(keys, index.get()) : scannedCounts(keys);
        return Optional.of(new SessionSummary(session, link.await(creds) > 0, counts[0], counts[1], link.await(chats),
                link.await(contacts), counts[2], link.await(jobs)));
    }

    /** Signal keys, messages and presences of an indexed namespace, in one round trip. */
    private long[] indexedCounts(Keys keys, KeyIndex.Listing index) {
        var async = link.async();
        List<RedisFuture<Long>> signalSizes = new ArrayList<>();
        for (String type : index.signalTypes()) {
            signalSizes.add(async.scard(keys.signalIndex(type)));
        }
        List<RedisFuture<Long>> messageSizes = new ArrayList<>();
        for (String jid : index.chats()) {
            messageSizes.add(async.zcard(keys.messages(jid)));
        }
        // EXISTS of several keys counts those that exist: the presences whose TTL has not run out.
        RedisFuture<Long> presences = index.presences().isEmpty() ? null
                : async.exists(index.presences().stream().map(keys::presence).toArray(String[]::new));
        return new long[] {sum(link.awaitAll(signalSizes)), sum(link.awaitAll(messageSizes)),
                presences == null ? 0 : link.await(presences)};
    }

    /**
     * The same counts by one walk of the keyspace, for a namespace whose index is not known to be
     * complete; the walk also completes the index, so the next summary or drop needs none.
     */
    private long[] scannedCounts(Keys keys) {
        var async = link.async();
        String signalIndex = keys.signalIndexPrefix();
        String messages = keys.messagesPrefix();
        String presence = keys.presencePrefix();
        AtomicLong signals = new AtomicLong();
        AtomicLong stored = new AtomicLong();
        AtomicLong presences = new AtomicLong();
        KeyIndex.Rebuild rebuild = new KeyIndex.Rebuild(keys);
        link.scan(keys.namespacePattern(), SCAN_STEP, batch -> {
            List<RedisFuture<Long>> signalSizes = new ArrayList<>();
            List<RedisFuture<Long>> messageSizes = new ArrayList<>();
            for (String k : batch) {
                rebuild.accept(k);
                if (k.startsWith(signalIndex)) {
                    signalSizes.add(async.scard(k));
                } else if (k.startsWith(messages)) {
                    messageSizes.add(async.zcard(k));
                } else if (k.startsWith(presence)) {
                    presences.incrementAndGet();
                }
            }
            signals.addAndGet(sum(link.awaitAll(signalSizes)));
            stored.addAndGet(sum(link.awaitAll(messageSizes)));
        });
        rebuild.commit(link);
        return new long[] {signals.get(), stored.get(), presences.get()};
    }

    private static long sum(List<Long> values) {
        long s = 0;
        for (Long v : values) {
            s += v;
        }
        return s;
    }

    /**
     * Deletes every key of the namespace, then its registry entry: by its key index when that is
     * marked complete (no SCAN), otherwise by a SCAN of its prefix, in batches.
     */
    @Override
    public boolean drop(String session) {
        String ns = RedisOptions.checkedNamespace(session == null ? "" : session);
        Keys keys = new Keys(ns);
        // Deleting the epoch key with the rest also fences an owner that wakes after the drop: its
        // writes expect the epoch it holds, and find none.
        new RedisLease(link, keys, epoch -> {}).requireFree();
        AtomicLong deleted = new AtomicLong();
        Optional<KeyIndex.Listing> index = KeyIndex.read(link, keys);
        if (index.isPresent()) {
            List<String> all = KeyIndex.keysOf(link, keys, index.get());
            for (int from = 0; from < all.size(); from += UNLINK_STEP) {
                deleted.addAndGet(link.unlink(all.subList(from, Math.min(all.size(), from + UNLINK_STEP))));
            }
        } else {
            link.scan(keys.namespacePattern(), SCAN_STEP, batch -> deleted.addAndGet(link.unlink(batch)));
        }
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
