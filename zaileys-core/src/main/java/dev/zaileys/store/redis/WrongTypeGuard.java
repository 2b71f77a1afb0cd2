package dev.zaileys.store.redis;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.ZaileysStoreException.Code;
import io.lettuce.core.RedisCommandExecutionException;
import java.util.Optional;

/**
 * The check a write script runs before its first write. Redis does not roll a script back when
 * one of its commands fails: a SADD on a key that holds a string fails with WRONGTYPE after the
 * script's earlier SETs were kept, leaving half a write set. So a script first compares the type
 * of every key it will write with the type its command needs, and refuses the whole call while
 * nothing is written yet. Other failures inside a script cannot half-apply it: Redis refuses a
 * script for lack of memory only at its first write.
 *
 * <p>{@link #LUA} defines {@code zaileys_expect(key, type[, typeSoFar])}, to be called on every
 * key before the script writes anything ({@code typeSoFar}: what earlier ops of the same script
 * leave there, when known); it returns the error reply to return at once, or nil and the type the
 * key has (so a caller that checks one key for many ops asks Redis once). Its refusal
 * becomes {@code STORE_CORRUPTED} naming the key.
 */
final class WrongTypeGuard {

    private static final String MARKER = "ZAILEYS_WRONGTYPE";

    static final String LUA = """
            local function zaileys_expect(k, t, have)
              have = have or redis.call('TYPE', k)['ok']
              if have ~= 'none' and have ~= t then
                return redis.error_reply('%s ' .. have .. ' ' .. t .. ' ' .. k)
              end
              return nil, have
            end
            """.formatted(MARKER);

    private WrongTypeGuard() {}

    /** The refusal of {@link #LUA} as the typed failure callers get; empty for any other failure. */
    static Optional<ZaileysStoreException> refusal(RuntimeException e) {
        if (!(e instanceof RedisCommandExecutionException) || e.getMessage() == null) {
            return Optional.empty();
        }
        String m = e.getMessage();
        int at = m.indexOf(MARKER + " ");
        if (at < 0) {
            return Optional.empty();
        }
        String[] parts = m.substring(at + MARKER.length() + 1).split(" ", 3);
        if (parts.length < 3) {
            return Optional.empty();
        }
        return Optional.of(new ZaileysStoreException(Code.STORE_CORRUPTED, "Redis key " + parts[2] + " holds a "
                + parts[0] + " where a " + parts[1] + " belongs; nothing of the write was applied. Delete or "
                + "repair that key (another program may be using this namespace)", e));
    }
}
