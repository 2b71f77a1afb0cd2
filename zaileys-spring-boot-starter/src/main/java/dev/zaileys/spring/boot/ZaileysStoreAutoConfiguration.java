package dev.zaileys.spring.boot;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.crypto.EncryptedAuthStore;
import dev.zaileys.stores.StoreUri;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The auth store and the message store, from {@code zaileys.auth.uri} and
 * {@code zaileys.history.uri}. Each backs off when the application defines its own bean of the
 * type. A PostgreSQL store uses the application's {@link DataSource} instead of a pool of its own
 * when the URI is {@code postgres:} alone, or names the database that DataSource reaches; a Redis
 * store given {@code redis:} alone uses the application's Lettuce connection factory. Both
 * close with the context, after the client (which depends on them).
 */
@AutoConfiguration(afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration"})
@EnableConfigurationProperties(ZaileysProperties.class)
public class ZaileysStoreAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(AuthStoreBundle.class)
    public AuthStoreBundle zaileysAuthStore(ZaileysProperties properties, ObjectProvider<DataSource> dataSources,
                                            ObjectProvider<ApplicationRedis> redis, ObjectProvider<StoreDecorator> decorators) {
        String text = properties.getAuth().getUri();
        if (text == null || text.isBlank()) {
            text = "file:./.zaileys/auth/" + properties.getSessionId();
        }
        StoreUri uri = ConfiguredStores.parse("zaileys.auth.uri", text);
        AuthStoreBundle store;
        if (uri.onApplicationPool() && uri.scheme().startsWith("redis")) {
            store = ConfiguredStores.applicationRedis("zaileys.auth.uri", uri, redis).openAuthStore(uri);
        } else {
            DataSource pool = ConfiguredStores.applicationPool("zaileys.auth.uri", uri, dataSources);
            store = pool != null ? uri.openAuthStore(pool) : uri.openAuthStore();
        }
        try {
            store = encrypted(store, properties);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        for (StoreDecorator d : decorators.orderedStream().toList()) {
            store = d.decorate(store);
        }
        return store;
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(MessageStore.class)
    public MessageStore zaileysMessageStore(ZaileysProperties properties, ObjectProvider<DataSource> dataSources,
                                            ObjectProvider<ApplicationRedis> redis, ObjectProvider<StoreDecorator> decorators) {
        StoreUri uri = ConfiguredStores.parse("zaileys.history.uri", properties.getHistory().getUri());
        if (!uri.holdsMessages()) {
            throw ConfiguredStores.invalid("zaileys.history.uri", uri.scheme() + ": keeps no history (creds and Signal keys "
                    + "only); use memory:, sqlite:./history.db, postgres:, redis:// or convex:");
        }
        MessageStore store;
        if (uri.onApplicationPool() && uri.scheme().startsWith("redis")) {
            store = ConfiguredStores.applicationRedis("zaileys.history.uri", uri, redis).openMessageStore(uri);
        } else {
            DataSource pool = ConfiguredStores.applicationPool("zaileys.history.uri", uri, dataSources);
            store = pool != null ? uri.openMessageStore(pool) : uri.openMessageStore();
        }
        for (StoreDecorator d : decorators.orderedStream().toList()) {
            store = d.decorate(store);
        }
        return store;
    }

    /** Present only with Spring Data Redis on Lettuce, so nothing above loads their classes otherwise. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
            "io.lettuce.core.RedisClient"})
    static class LettuceRedis {

        @Bean
        @ConditionalOnBean(type = "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory")
        ApplicationRedis zaileysApplicationRedis(
                org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory factory) {
            return new LettuceApplicationRedis(factory);
        }
    }

    private static AuthStoreBundle encrypted(AuthStoreBundle store, ZaileysProperties properties) {
        ZaileysProperties.Encryption e = properties.getAuth().getEncryption();
        if (e.getKey() == null || e.getKey().isBlank()) {
            if (!e.getOldKeys().isEmpty()) {
                throw ConfiguredStores.invalid("zaileys.auth.encryption.old-keys",
                        "old keys are set but zaileys.auth.encryption.key is not; set the current key too");
            }
            return store;
        }
        EncryptedAuthStore.Builder b = EncryptedAuthStore.builder().inner(store)
                .scope(e.getScope() == null ? properties.getSessionId() : e.getScope())
                .key(e.getKeyId(), ConfiguredStores.key("zaileys.auth.encryption.key", e.getKey()));
        e.getOldKeys().forEach((id, key) -> b.oldKey(id, ConfiguredStores.key("zaileys.auth.encryption.old-keys." + id, key)));
        return b.build();
    }
}
