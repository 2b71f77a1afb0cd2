package dev.zaileys.store.redis;

import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;

/** Finds Lettuce at first use, so a missing driver is a typed error and never a class-load failure. */
final class Lettuce {

    private Lettuce() {}

    /** @param register whether connecting adds the namespace to the session registry (stores do) */
    static RedisLink open(RedisOptions options, boolean register,
            java.util.function.Consumer<java.util.Optional<String>> onFirstConnect) {
        if (options == null) {
            throw new ZaileysStoreException(Code.STORE_INVALID_INPUT, "Redis options must not be null");
        }
        try {
            Class.forName("io.lettuce.core.RedisClient", false, Lettuce.class.getClassLoader());
            return RedisLink.open(options, register, onFirstConnect);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new ZaileysStoreException(Code.STORE_NOT_AVAILABLE,
                    "the Redis stores need Lettuce: add io.lettuce:lettuce-core to the classpath", e);
        }
    }
}
