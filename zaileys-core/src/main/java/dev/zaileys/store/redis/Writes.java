package dev.zaileys.store.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A list of key writes applied by one Lua script, so a Signal write set or a message batch is
 * atomic (no other client sees half of it) and costs one round trip, without MULTI, which would
 * capture other threads' commands on a shared connection.
 *
 * <p>Writes may carry expectations (a hash field or a key holding the value read, or nothing):
 * the script then applies the writes only when every expectation holds, so a merge that read
 * those values commits as if nothing had run in between (a compare-and-set). Redis does not roll
 * a script back, so everything it can fail on (an expectation, a key holding another type) is
 * checked in a first pass, before the first write.
 */
final class Writes {

    /** What {@link #SCRIPT} answers when an expectation failed: nothing was written. */
    private static final long CONFLICT = -1;

    // The first pass only reads: every expectation, and the type of every key a set, zset or hash
    // command touches (tracking what earlier ops of the same call leave there), before the first write.
    static final RedisLink.Script SCRIPT = RedisLink.Script.of(WrongTypeGuard.LUA + """
            local shape = {
              set = {false, 3}, setex = {false, 4}, del = {false, 2}, sadd = {'set', 3}, srem = {'set', 3},
              zadd = {'zset', 4}, zrem = {'zset', 3}, hset = {'hash', 4}, hdel = {'hash', 3},
              hexpect = {'hash', 4}, hnone = {'hash', 3}, expect = {'string', 3}, none = {false, 2}
            }
            local leaves = {set = 'string', setex = 'string', del = 'none'}
            -- initial: a key's type as the script found it (pass 1 writes nothing, so it holds for
            -- the whole pass); planned: what earlier ops of this call leave there. A batch of 500
            -- messages expects 500 fields of one hash: one TYPE, not 500.
            local n, planned, initial = #ARGV, {}, {}
            local i = 1
            while i <= n do
              local op, k = ARGV[i], KEYS[tonumber(ARGV[i + 1])]
              local s = shape[op]
              if s == nil then return redis.error_reply('zaileys: unknown write ' .. tostring(op)) end
              if s[1] then
                local refused, have = zaileys_expect(k, s[1], planned[k] or initial[k])
                if refused then return refused end
                if not planned[k] then initial[k] = have end
              end
              if op == 'hexpect' then
                if redis.call('HGET', k, ARGV[i + 2]) ~= ARGV[i + 3] then return -1 end
              elseif op == 'hnone' then
                if redis.call('HEXISTS', k, ARGV[i + 2]) == 1 then return -1 end
              elseif op == 'expect' then
                if redis.call('GET', k) ~= ARGV[i + 2] then return -1 end
              elseif op == 'none' then
                if redis.call('EXISTS', k) == 1 then return -1 end
              elseif leaves[op] then
                planned[k] = leaves[op]
              elseif s[1] then
                planned[k] = s[1]
              end
              i = i + s[2]
            end
            i = 1
            while i <= n do
              local op, k = ARGV[i], KEYS[tonumber(ARGV[i + 1])]
              if op == 'set' then redis.call('SET', k, ARGV[i + 2])
              elseif op == 'setex' then redis.call('SET', k, ARGV[i + 3], 'EX', ARGV[i + 2])
              elseif op == 'del' then redis.call('DEL', k)
              elseif op == 'sadd' then redis.call('SADD', k, ARGV[i + 2])
              elseif op == 'srem' then redis.call('SREM', k, ARGV[i + 2])
              elseif op == 'zadd' then redis.call('ZADD', k, ARGV[i + 2], ARGV[i + 3])
              elseif op == 'zrem' then redis.call('ZREM', k, ARGV[i + 2])
              elseif op == 'hset' then redis.call('HSET', k, ARGV[i + 2], ARGV[i + 3])
              elseif op == 'hdel' then redis.call('HDEL', k, ARGV[i + 2])
              end
              i = i + shape[op][2]
            end
            return n
            """);

    private final List<String> keys = new ArrayList<>();
    private final Map<String, String> keyIndex = new HashMap<>();
    /** Strings, and documents as the UTF-8 bytes they are stored as. */
    private final List<Object> args = new ArrayList<>();
    private java.util.Set<String> added;

    private void op(String op, String key, Object... rest) {
        args.add(op);
        args.add(keyIndex.computeIfAbsent(key, k -> {
            keys.add(k);
            return Integer.toString(keys.size());
        }));
        java.util.Collections.addAll(args, rest);
    }

    Writes set(String key, byte[] value) {
        op("set", key, value);
        return this;
    }

    Writes setEx(String key, long seconds, byte[] value) {
        op("setex", key, Long.toString(seconds), value);
        return this;
    }

    Writes del(String key) {
        op("del", key);
        return this;
    }

    Writes sadd(String key, String member) {
        op("sadd", key, member);
        return this;
    }

    /**
     * As {@link #sadd}, sent once however often a batch asks: the key index's SADD per message
     * of a 50-message batch would be 50 ops where the chats it touches are a few.
     */
    Writes saddOnce(String key, String member) {
        if (added == null) {
            added = new java.util.HashSet<>();
        }
        if (added.add(key + '\n' + member)) {
            sadd(key, member);
        }
        return this;
    }

    Writes srem(String key, String member) {
        op("srem", key, member);
        return this;
    }

    Writes zadd(String key, long score, String member) {
        op("zadd", key, Long.toString(score), member);
        return this;
    }

    Writes zrem(String key, String member) {
        op("zrem", key, member);
        return this;
    }

    Writes hset(String key, String field, byte[] value) {
        op("hset", key, field, value);
        return this;
    }

    Writes hdel(String key, String field) {
        op("hdel", key, field);
        return this;
    }

    /** Expects field {@code field} of hash {@code key} to hold {@code value}, or to be absent when it is null. */
    Writes hexpect(String key, String field, byte[] value) {
        if (value == null) {
            op("hnone", key, field);
        } else {
            op("hexpect", key, field, value);
        }
        return this;
    }

    /** Expects string {@code key} to hold {@code value}, or to be absent when it is null. */
    Writes expect(String key, String value) {
        return expect(key, value == null ? null : value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** As {@link #expect(String, String)}, for a document's bytes. */
    Writes expect(String key, byte[] value) {
        if (value == null) {
            op("none", key);
        } else {
            op("expect", key, value);
        }
        return this;
    }

    boolean isEmpty() {
        return args.isEmpty();
    }

    /**
     * Applies every write in one atomic script call when every expectation holds.
     *
     * @return false when an expectation failed, and nothing was written
     */
    boolean apply(RedisLink link) {
        if (isEmpty()) {
            return true;
        }
        Long result;
        try {
            result = link.evalInteger(SCRIPT, keys, args);
        } catch (RuntimeException e) {
            throw WrongTypeGuard.refusal(e).orElseThrow(() -> e);
        }
        return result == null || result != CONFLICT;
    }
}
