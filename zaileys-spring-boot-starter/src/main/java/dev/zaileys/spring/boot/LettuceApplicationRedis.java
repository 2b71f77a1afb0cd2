package dev.zaileys.spring.boot;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.redis.RedisAuthStore;
import dev.zaileys.store.redis.RedisMessageStore;
import dev.zaileys.stores.StoreUri;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Redis stores on the application's {@link LettuceConnectionFactory}: one connection of its
 * Lettuce client (its event loops and resources shared, no second client), opened on first use
 * and closed with the context after the stores, which never close a connection they were given.
 */
final class LettuceApplicationRedis implements ApplicationRedis, DisposableBean {

    private final LettuceConnectionFactory factory;
    private StatefulRedisConnection<String, String> connection;

    LettuceApplicationRedis(LettuceConnectionFactory factory) {
        this.factory = factory;
    }

    @Override
    public AuthStoreBundle openAuthStore(StoreUri uri) {
        var b = RedisAuthStore.builder().client(connection());
        uri.redisNamespace().ifPresent(b::namespace);
        return b.build();
    }

    @Override
    public MessageStore openMessageStore(StoreUri uri) {
        var b = RedisMessageStore.builder().client(connection());
        uri.redisNamespace().ifPresent(b::namespace);
        return b.build();
    }

    private synchronized StatefulRedisConnection<String, String> connection() {
        if (connection == null) {
            AbstractRedisClient client = factory.getNativeClient();
            if (!(client instanceof RedisClient redis)) {
                throw ZaileysStoreException.invalid("redis: uses the application's Redis connection, which is not a "
                        + "standalone Lettuce client (Cluster and Sentinel are not supported here); give the server: "
                        + "redis://host:6379");
            }
            RedisStandaloneConfiguration c = factory.getStandaloneConfiguration();
            RedisURI.Builder uri = RedisURI.builder().withHost(c.getHostName()).withPort(c.getPort())
                    .withDatabase(c.getDatabase()).withSsl(factory.isUseSsl());
            RedisPassword password = c.getPassword();
            if (password.isPresent()) {
                char[] secret = password.get();
                if (c.getUsername() != null) {
                    uri.withAuthentication(c.getUsername(), secret);
                } else {
                    uri.withPassword(secret);
                }
            }
            try {
                connection = redis.connect(uri.build());
            } catch (RuntimeException e) {
                throw new ZaileysStoreException(ZaileysStoreException.Code.STORE_CONNECTION_FAILED,
                        "cannot connect to the application's Redis at " + c.getHostName() + ":" + c.getPort()
                                + ": " + StoreUri.redact(e.getMessage()), e);
            }
        }
        return connection;
    }

    @Override
    public synchronized void destroy() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
