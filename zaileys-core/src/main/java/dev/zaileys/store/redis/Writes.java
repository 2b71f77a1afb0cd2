package dev.zaileys.store.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A list of key writes applied by one Lua script, so a Signal write set or a message batch is
 * atomic (no other client sees half of it) and costs one round trip, without MULTI, which would
 * capture other threads' commands on a shared connection.
 */
final class Writes {

    // The first pass only reads: it checks, before the first write, that every key a set, zset or
    // hash command touches has that type, tracking what earlier ops of the same call leave behind.
    static final RedisLink.Script SCRIPT = RedisLink.Script.of(WrongTypeGuard.LUA + """
            local width = {set = 3, setex = 4, del = 2, sadd = 3, srem = 3, zadd = 4, zrem = 3, hset = 4, hdel = 3}
            local needs = {sadd = 'set', srem = 'set', zadd = 'zset', zrem = 'zset', hset = 'hash', hdel = 'hash'}
            local leaves = {set = 'string', setex = 'string', del = 'none'}
            local planned = {}
            local i, n = 1, #ARGV
            while i <= n do
              local op, k = ARGV[i], KEYS[tonumber(ARGV[i + 1])]
              if width[op] == nil then return redis.error_reply('zaileys: unknown write ' .. tostring(op)) end
              local t = needs[op]
              if t ~= nil then
                local refused = zaileys_expect(k, t, planned[k])
                if refused then return refused end
                planned[k] = t
              else
                planned[k] = leaves[op]
              end
              i = i + width[op]
            end
            i = 1
            while i <= n do
              local op, k = ARGV[i], KEYS[tonumber(ARGV[i + 1])]
              if op == 'set' then redis.call('SET', k, ARGV[i + 2]); i = i + 3
              elseif op == 'setex' then redis.call('SET', k, ARGV[i + 3], 'EX', ARGV[i + 2]); i = i + 4
              elseif op == 'del' then redis.call('DEL', k); i = i + 2
              elseif op == 'sadd' then redis.call('SADD', k, ARGV[i + 2]); i = i + 3
              elseif op == 'srem' then redis.call('SREM', k, ARGV[i + 2]); i = i + 3
              elseif op == 'zadd' then redis.call('ZADD', k, ARGV[i + 2], ARGV[i + 3]); i = i + 4
              elseif op == 'zrem' then redis.call('ZREM', k, ARGV[i + 2]); i = i + 3
              elseif op == 'hset' then redis.call('HSET', k, ARGV[i + 2], ARGV[i + 3]); i = i + 4
              elseif op == 'hdel' then redis.call('HDEL', k, ARGV[i + 2]); i = i + 3
              else return redis.error_reply('zaileys: unknown write ' .. tostring(op)) end
            end
            return n
            """);

    private final List<String> keys = new ArrayList<>();
    private final Map<String, String> keyIndex = new HashMap<>();
    private final List<String> args = new ArrayList<>();

    private void op(String op, String key, String... rest) {
        args.add(op);
        args.add(keyIndex.computeIfAbsent(key, k -> {
            keys.add(k);
            return Integer.toString(keys.size());
        }));
        args.addAll(List.of(rest));
    }

    Writes set(String key, String value) {
        op("set", key, value);
        return this;
    }

    Writes setEx(String key, long seconds, String value) {
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

    Writes hset(String key, String field, String value) {
        op("hset", key, field, value);
        return this;
    }

    Writes hdel(String key, String field) {
        op("hdel", key, field);
        return this;
    }

    boolean isEmpty() {
        return args.isEmpty();
    }

    /** Applies every write in one atomic script call. */
    void apply(RedisLink link) {
        if (!isEmpty()) {
            try {
                link.eval(SCRIPT, io.lettuce.core.ScriptOutputType.INTEGER, keys, args);
            } catch (RuntimeException e) {
                throw WrongTypeGuard.refusal(e).orElseThrow(() -> e);
            }
        }
    }
}
