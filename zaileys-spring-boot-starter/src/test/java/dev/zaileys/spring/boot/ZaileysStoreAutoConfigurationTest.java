package dev.zaileys.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.crypto.EncryptedAuthStore;
import dev.zaileys.store.memory.MemoryAuthStore;
import dev.zaileys.store.memory.MemoryMessageStore;
import dev.zaileys.store.sqlite.SqliteAuthStore;
import dev.zaileys.store.sqlite.SqliteMessageStore;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ZaileysStoreAutoConfigurationTest {

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ZaileysStoreAutoConfiguration.class));

    @Test
    void storesComeFromTheirUris() {
        runner.withPropertyValues("zaileys.auth.uri=sqlite:" + dir.resolve("a.db"),
                "zaileys.history.uri=sqlite:" + dir.resolve("h.db") + "?session=bot").run(ctx -> {
            assertThat(ctx).hasSingleBean(AuthStoreBundle.class).hasSingleBean(MessageStore.class);
            assertThat(ctx.getBean(AuthStoreBundle.class)).isInstanceOf(SqliteAuthStore.class);
            assertThat(ctx.getBean(MessageStore.class)).isInstanceOf(SqliteMessageStore.class);
        });
    }

    @Test
    void historyDefaultsToMemoryAndAuthToAFolderPerSession() {
        runner.withPropertyValues("zaileys.session-id=bot-1", "zaileys.auth.uri=memory:").run(ctx -> {
            assertThat(ctx.getBean(MessageStore.class)).isInstanceOf(MemoryMessageStore.class);
            assertThat(ctx.getBean(AuthStoreBundle.class)).isInstanceOf(MemoryAuthStore.class);
        });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnStores() {
        runner.withUserConfiguration(OwnStores.class).withPropertyValues("zaileys.history.uri=sqlite:" + dir.resolve("x.db"))
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(MessageStore.class).hasSingleBean(AuthStoreBundle.class);
                    assertThat(ctx.getBean(MessageStore.class)).isSameAs(ctx.getBean(OwnStores.class).messages);
                    assertThat(ctx.getBean(AuthStoreBundle.class)).isSameAs(ctx.getBean(OwnStores.class).auth);
                });
    }

    @Test
    void aBadUriFailsStartUpNamingThePropertyNotThePassword() {
        runner.withPropertyValues("zaileys.history.uri=postgres://bot:hunter2@db/wa?bogus=1").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().isInstanceOfSatisfying(ZaileysStoreException.class, e -> {
                assertThat(e.code()).isEqualTo(Code.STORE_INVALID_INPUT);
                assertThat(e.getMessage()).contains("zaileys.history.uri").contains("bogus").doesNotContain("hunter2");
            });
        });
        runner.withPropertyValues("zaileys.auth.uri=memory:", "zaileys.history.uri=file:./x").run(ctx ->
                assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("keeps no history"));
    }

    @Test
    void anEncryptionKeyWrapsTheAuthStore() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        String old = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
        runner.withPropertyValues("zaileys.auth.uri=memory:", "zaileys.auth.encryption.key=" + key,
                "zaileys.auth.encryption.key-id=k2", "zaileys.auth.encryption.old-keys.k1=" + old).run(ctx ->
                assertThat(ctx.getBean(AuthStoreBundle.class)).isInstanceOf(EncryptedAuthStore.class));
    }

    @Test
    void aBadKeyFailsWithoutShowingIt() {
        String shortKey = Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes());
        runner.withPropertyValues("zaileys.auth.uri=memory:", "zaileys.auth.encryption.key=" + shortKey).run(ctx ->
                assertThat(ctx.getStartupFailure()).rootCause().isInstanceOf(ZaileysStoreException.class)
                        .hasMessageContaining("zaileys.auth.encryption.key").hasMessageContaining("32 bytes")
                        .hasMessageNotContaining(shortKey));
        runner.withPropertyValues("zaileys.auth.uri=memory:", "zaileys.auth.encryption.key=not base64!!").run(ctx ->
                assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("not base64")
                        .hasMessageNotContaining("not base64!!"));
    }

    @Test
    void postgresWithoutHostNeedsADataSource() {
        runner.withPropertyValues("zaileys.auth.uri=memory:", "zaileys.history.uri=postgres:").run(ctx ->
                assertThat(ctx.getStartupFailure()).rootCause().isInstanceOf(ZaileysStoreException.class)
                        .hasMessageContaining("spring.datasource.url"));
    }

    @Test
    void withoutMicrometerTheStoresAreTheBareOnes() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
                .withConfiguration(AutoConfigurations.of(ZaileysMetricsAutoConfiguration.class))
                .withPropertyValues("zaileys.auth.uri=memory:").run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(MessageStore.class)).isInstanceOf(MemoryMessageStore.class);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnStores {
        final MessageStore messages = new MemoryMessageStore();
        final AuthStoreBundle auth = new MemoryAuthStore();

        @Bean
        MessageStore myMessages() {
            return messages;
        }

        @Bean
        AuthStoreBundle myAuth() {
            return auth;
        }
    }
}
