package dev.zaileys.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zaileys.client.Client;
import dev.zaileys.metrics.MeteredAuthStore;
import dev.zaileys.metrics.MeteredMessageStore;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.sim.SimulatedWhatsApp;
import dev.zaileys.socket.SocketFactory;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ZaileysMetricsAutoConfigurationTest {

    private static final String JID = "628123@s.whatsapp.net";

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                    ZaileysMetricsAutoConfiguration.class, ZaileysStoreAutoConfiguration.class,
                    ZaileysClientAutoConfiguration.class))
            .withBean(SimpleMeterRegistry.class)
            .withPropertyValues("zaileys.auth.uri=memory:", "zaileys.baileys.enabled=false");

    @Test
    void storeOperationsAreTimedWithBoundedTags() {
        runner.withPropertyValues("zaileys.history.uri=sqlite:" + dir.resolve("h.db"), "zaileys.session-id=secret-session")
                .run(ctx -> {
                    MessageStore store = ctx.getBean(MessageStore.class);
                    assertThat(store).isInstanceOf(MeteredMessageStore.class);
                    assertThat(ctx.getBean(AuthStoreBundle.class)).isInstanceOf(MeteredAuthStore.class);
                    store.getChat(JID);
                    store.getChat(JID);
                    ctx.getBean(AuthStoreBundle.class).readCreds();
                    MeterRegistry registry = ctx.getBean(MeterRegistry.class);
                    Timer getChat = registry.get("zaileys.store.operations").tags("backend", "sqlite", "store", "messages",
                            "operation", "getChat", "outcome", "success").timer();
                    assertThat(getChat.count()).isEqualTo(2);
                    assertThat(registry.get("zaileys.store.operations").tags("backend", "memory", "store", "auth",
                            "operation", "readCreds").timer().count()).isEqualTo(1);
                    assertNoUnboundedTag(registry);
                });
    }

    @Test
    void aFailureIsTimedUnderItsCode() {
        runner.run(ctx -> {
            MessageStore store = ctx.getBean(MessageStore.class);
            store.close();
            try {
                store.getChat(JID);
            } catch (ZaileysStoreException expected) {
                // counted below
            }
            assertThat(ctx.getBean(MeterRegistry.class).get("zaileys.store.operations")
                    .tags("operation", "getChat", "outcome", "store_closed").timer().count()).isEqualTo(1);
        });
    }

    @Test
    void theClientIsGauged() {
        SimulatedWhatsApp sim = SimulatedWhatsApp.builder().history(1, 3).build();
        runner.withBean(SocketFactory.class, () -> sim).run(ctx -> {
            Client client = ctx.getBean(Client.class);
            ZaileysClientAutoConfigurationTest.awaitConnected(client);
            MeterRegistry registry = ctx.getBean(MeterRegistry.class);
            assertThat(registry.get("zaileys.client.connected").gauge().value()).isEqualTo(1);
            assertThat(registry.get("zaileys.binding.queue.depth").gauge().value()).isGreaterThanOrEqualTo(0);
            assertThat(registry.get("zaileys.binding.failed.writes").functionCounter().count()).isZero();
            assertThat(registry.get("zaileys.scheduler.jobs").tag("state", "due").gauge().value()).isZero();
            client.schedule(java.time.Instant.now().minusSeconds(5), JID, "late");
            assertThat(registry.get("zaileys.scheduler.jobs").tag("state", "due").gauge().value()).isBetween(0.0, 1.0);
            // pairing itself ends with a restart-required close, as on WhatsApp
            double before = disconnects(registry);
            sim.dropConnection();
            long deadline = System.currentTimeMillis() + 5_000;
            while (disconnects(registry) == before && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(disconnects(registry)).isEqualTo(before + 1);
            assertNoUnboundedTag(registry);
        });
    }

    @Test
    void offByProperty() {
        runner.withPropertyValues("zaileys.metrics.enabled=false").run(ctx ->
                assertThat(ctx.getBean(MessageStore.class)).isNotInstanceOf(MeteredMessageStore.class));
    }

    @Test
    void withoutARegistryNothingIsWrapped() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ZaileysMetricsAutoConfiguration.class, ZaileysStoreAutoConfiguration.class))
                .withPropertyValues("zaileys.auth.uri=memory:").run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(MessageStore.class)).isNotInstanceOf(MeteredMessageStore.class);
                });
    }

    private static double disconnects(MeterRegistry registry) {
        return registry.get("zaileys.client.disconnects").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** No tag value is a JID, a session name or anything else a user's data decides. */
    private static void assertNoUnboundedTag(MeterRegistry registry) {
        List<String> allowed = List.of("backend", "store", "operation", "outcome", "state", "reason");
        for (Meter m : registry.getMeters()) {
            if (!m.getId().getName().startsWith("zaileys.")) {
                continue;
            }
            for (Tag t : m.getId().getTags()) {
                assertThat(allowed).as(m.getId().toString()).contains(t.getKey());
                assertThat(t.getValue()).doesNotContain("@").doesNotContain("secret-session");
            }
        }
    }
}
