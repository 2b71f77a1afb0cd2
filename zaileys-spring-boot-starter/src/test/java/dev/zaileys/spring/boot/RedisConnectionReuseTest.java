package dev.zaileys.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Chat;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.redis.RedisMessageStore;
import dev.zaileys.testing.TestRedis;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code redis:} alone: the Redis stores on the application's Lettuce connection factory, on a real (embedded) Redis. */
class RedisConnectionReuseTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, ZaileysStoreAutoConfiguration.class));

    @Test
    void redisAloneUsesTheApplicationsConnectionFactory() {
        TestRedis redis = TestRedis.shared();
        runner.withPropertyValues("spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
                "zaileys.history.uri=redis:?namespace=spring-reuse", "zaileys.auth.uri=redis:?namespace=spring-reuse-auth")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    MessageStore store = ctx.getBean(MessageStore.class);
                    assertThat(store).isInstanceOf(RedisMessageStore.class);
                    store.saveChat(Chat.of(BufferJson.object().put("id", "42@s.whatsapp.net")));
                    assertThat(ctx.getBean(AuthStoreBundle.class).readCreds()).isEmpty();
                    // the test server runs without persistence: health says so, and stays UP
                    var health = new StoreHealthIndicator(store).health();
                    assertThat(health.getStatus().getCode()).isEqualTo("UP");
                    assertThat(health.getDetails()).containsEntry("backend", "redis").containsKey("warnings");
                });
        // written to that Redis under the namespace, and still there after the context closed
        try (RedisMessageStore own = RedisMessageStore.builder().url(redis.url()).namespace("spring-reuse").build()) {
            assertThat(own.getChat("42@s.whatsapp.net")).isPresent();
            own.clear();
        }
    }

    @Test
    void redisAloneWithoutAConnectionFactorySaysWhatToAdd() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
                .withPropertyValues("zaileys.auth.uri=memory:", "zaileys.history.uri=redis:").run(ctx ->
                        assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("zaileys.history.uri")
                                .hasMessageContaining("spring-boot-starter-data-redis"));
    }
}
