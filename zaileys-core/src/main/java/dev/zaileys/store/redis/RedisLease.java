package dev.zaileys.store.redis;

import dev.zaileys.store.LeaseHolder;
import dev.zaileys.store.internal.AbstractSessionLease;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * A namespace's lease in Redis: the hash {@code <ns>:lease} expiring by Redis's own clock (PX),
 * and the counter {@code <ns>:lease-epoch}, which outlives it. Each primitive is one script, so
 * racing processes are ordered by Redis; auth writes expect the epoch in their own script
 * ({@link #fence(Writes, long)}).
 */
final class RedisLease extends AbstractSessionLease {

    private static final RedisLink.Script ACQUIRE = RedisLink.Script.of("""
            local cur = redis.call('HGET', KEYS[1], 'holder')
            if cur then return '-' .. cur end
            local e = redis.call('INCR', KEYS[2])
            redis.call('HMSET', KEYS[1], 'owner', ARGV[1], 'holder', ARGV[2], 'epoch', e)
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return '+' .. e
            """);

    // An expired lease nobody took is still ours: the epoch did not move, so no one wrote in between.
    private static final RedisLink.Script RENEW = RedisLink.Script.of("""
            if redis.call('GET', KEYS[2]) ~= ARGV[2] then return 0 end
            local owner = redis.call('HGET', KEYS[1], 'owner')
            if owner and owner ~= ARGV[1] then return 0 end
            redis.call('HMSET', KEYS[1], 'owner', ARGV[1], 'holder', ARGV[3], 'epoch', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return 1
            """);

    private static final RedisLink.Script RELEASE = RedisLink.Script.of("""
            if redis.call('HGET', KEYS[1], 'owner') == ARGV[1] and redis.call('GET', KEYS[2]) == ARGV[2] then
              redis.call('DEL', KEYS[1])
            end
            return 0
            """);

    private final RedisLink link;
    private final Keys keys;

    RedisLease(RedisLink link, Keys keys, LongConsumer fence) {
        super(fence, "namespace '" + keys.ns + "'");
        this.link = link;
        this.keys = keys;
    }

    @Override
    protected Attempt tryAcquire(LeaseHolder me, Duration ttl) {
        String r = link.eval(ACQUIRE, io.lettuce.core.ScriptOutputType.VALUE, List.of(keys.lease(), keys.leaseEpoch()),
                List.of(me.owner(), encode(me), Long.toString(ttl.toMillis())));
        return r.startsWith("+") ? Attempt.taken(Long.parseLong(r.substring(1))) : Attempt.heldBy(decode(r.substring(1), keys.lease()));
    }

    @Override
    protected boolean tryRenew(LeaseHolder me, long epoch, Duration ttl) {
        Long r = link.eval(RENEW, io.lettuce.core.ScriptOutputType.INTEGER, List.of(keys.lease(), keys.leaseEpoch()),
                List.of(me.owner(), Long.toString(epoch), encode(me), Long.toString(ttl.toMillis())));
        return r != null && r == 1;
    }

    @Override
    protected void free(LeaseHolder me, long epoch) {
        link.eval(RELEASE, io.lettuce.core.ScriptOutputType.INTEGER, List.of(keys.lease(), keys.leaseEpoch()),
                List.of(me.owner(), Long.toString(epoch)));
    }

    @Override
    protected Optional<LeaseHolder> current() {
        String holder = link.await(link.async().hget(keys.lease(), "holder"));
        return holder == null ? Optional.empty() : Optional.of(decode(holder, keys.lease()));
    }

    /** Makes {@code w}'s script refuse the whole write unless the stored epoch is still {@code mine}. */
    Writes fence(Writes w, long mine) {
        return mine == 0 ? w : w.expect(keys.leaseEpoch(), Long.toString(mine));
    }

    /** The refusal of a write whose expectation of the epoch failed. */
    RuntimeException refused(long mine) {
        String stored = link.await(link.async().get(keys.leaseEpoch()));
        return fenced(mine, stored == null ? -1 : Long.parseLong(stored));
    }
}
