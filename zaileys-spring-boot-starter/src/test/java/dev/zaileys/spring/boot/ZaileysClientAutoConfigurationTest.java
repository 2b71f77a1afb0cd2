package dev.zaileys.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zaileys.client.Client;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.WAMessage;
import dev.zaileys.sim.SimulatedWhatsApp;
import dev.zaileys.socket.SocketFactory;
import dev.zaileys.store.sqlite.SqliteMessageStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ZaileysClientAutoConfigurationTest {

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ZaileysStoreAutoConfiguration.class,
                    ZaileysBaileysAutoConfiguration.class, ZaileysClientAutoConfiguration.class))
            .withPropertyValues("zaileys.auth.uri=memory:");

    @Test
    void aSocketFactoryBeanMakesAConnectedClient() {
        runner.withBean(SocketFactory.class, () -> SimulatedWhatsApp.builder().history(1, 2).build())
                .withPropertyValues("zaileys.session-id=client-a").run(ctx -> {
                    Client client = ctx.getBean(Client.class);
                    assertThat(client.sessionId()).isEqualTo("client-a");
                    awaitConnected(client);
                });
    }

    @Test
    void noSocketFactoryNoClient() {
        // zaileys-baileys is on this class path; hide it as an application without it would
        runner.withClassLoader(new FilteredClassLoader("dev.zaileys.baileys")).run(ctx ->
                assertThat(ctx).hasNotFailed().doesNotHaveBean(Client.class).doesNotHaveBean(SocketFactory.class));
        runner.withPropertyValues("zaileys.baileys.enabled=false").run(ctx ->
                assertThat(ctx).hasNotFailed().doesNotHaveBean(Client.class));
    }

    @Test
    void baileysIsTheDefaultSocketFactoryWhenPresent() {
        runner.withPropertyValues("zaileys.client.enabled=false").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(SocketFactory.class)).isInstanceOf(dev.zaileys.baileys.BaileysSocketFactory.class);
            assertThat(ctx).doesNotHaveBean(Client.class);
        });
    }

    @Test
    void theApplicationsOwnSocketFactoryAndClientWin() {
        runner.withUserConfiguration(OwnClient.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(Client.class).hasSingleBean(SocketFactory.class);
            assertThat(ctx.getBean(Client.class).sessionId()).isEqualTo("mine");
            assertThat(ctx.getBean(SocketFactory.class)).isInstanceOf(SimulatedWhatsApp.class);
        });
    }

    @Test
    void autoConnectOffLeavesTheClientIdle() {
        runner.withBean(SocketFactory.class, () -> SimulatedWhatsApp.builder().build())
                .withPropertyValues("zaileys.client.auto-connect=false").run(ctx -> {
                    Thread.sleep(300);
                    assertThat(ctx.getBean(Client.class).isConnected()).isFalse();
                });
    }

    @Test
    void badClientOptionsNameTheProperties() {
        runner.withBean(SocketFactory.class, () -> SimulatedWhatsApp.builder().build())
                .withPropertyValues("zaileys.client.bind-queue-size=0").run(ctx ->
                        assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("zaileys.client")
                                .hasMessageContaining("bindQueueSize"));
        runner.withBean(SocketFactory.class, () -> SimulatedWhatsApp.builder().build())
                .withPropertyValues("zaileys.session-id=../x").run(ctx ->
                        assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("sessionId"));
    }

    @Test
    void closingTheContextClosesTheClientFirstAndFlushesBoundWrites() {
        SimulatedWhatsApp sim = SimulatedWhatsApp.builder().history(1, 2).build();
        Path history = dir.resolve("h.db");
        WAMessage[] received = new WAMessage[1];
        runner.withBean(SocketFactory.class, () -> sim)
                .withPropertyValues("zaileys.history.uri=sqlite:" + history).run(ctx -> {
                    awaitConnected(ctx.getBean(Client.class));
                    received[0] = sim.receiveText("628111@s.whatsapp.net", "last words");
                    sim.settle();
                    // no flush here: closing the context must write it
                });
        try (SqliteMessageStore reopened = SqliteMessageStore.builder().database(history.toString()).build()) {
            MessageKey key = received[0].key();
            assertThat(reopened.getMessage(key)).isPresent();
        }
    }

    static void awaitConnected(Client client) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!client.isConnected() && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(client.isConnected()).as("connected within 10 s").isTrue();
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnClient {
        @Bean
        SocketFactory simulated() {
            return SimulatedWhatsApp.builder().build();
        }

        @Bean(destroyMethod = "close")
        Client myClient(SocketFactory f) {
            return Client.builder().sessionId("mine").auth(new dev.zaileys.store.memory.MemoryAuthStore()).socketFactory(f).build();
        }
    }
}
