package dev.zaileys.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zaileys.client.Client;
import dev.zaileys.sim.SimulatedWhatsApp;
import dev.zaileys.socket.SocketFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ZaileysHealthAutoConfigurationTest {

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ZaileysStoreAutoConfiguration.class, ZaileysClientAutoConfiguration.class,
                    ZaileysHealthAutoConfiguration.class))
            .withPropertyValues("zaileys.baileys.enabled=false");

    @Test
    void storesAndClientReportTheirHealth() {
        SimulatedWhatsApp sim = SimulatedWhatsApp.builder().history(1, 2).build();
        runner.withBean(SocketFactory.class, () -> sim)
                .withPropertyValues("zaileys.auth.uri=memory:", "zaileys.history.uri=sqlite:" + dir.resolve("h.db"),
                        "zaileys.session-id=healthy").run(ctx -> {
                    CompositeHealthContributor zaileys = (CompositeHealthContributor) ctx.getBean("zaileysHealthContributor");
                    ZaileysClientAutoConfigurationTest.awaitConnected(ctx.getBean(Client.class));
                    Health history = health(zaileys, "history");
                    assertThat(history.getStatus()).isEqualTo(Status.UP);
                    assertThat(history.getDetails()).containsEntry("backend", "sqlite").containsKey("schemaVersion");
                    assertThat(health(zaileys, "auth").getDetails()).containsEntry("backend", "memory");
                    Health client = health(zaileys, "client");
                    assertThat(client.getStatus()).isEqualTo(Status.UP);
                    assertThat(client.getDetails()).containsEntry("session", "healthy").containsEntry("connected", true);

                    sim.dropConnection();
                    long deadline = System.currentTimeMillis() + 5_000;
                    while (!health(zaileys, "client").getDetails().containsKey("lastDisconnect")
                            && System.currentTimeMillis() < deadline) {
                        Thread.sleep(20);
                    }
                    assertThat(health(zaileys, "client").getDetails()).containsKey("lastDisconnect");
                });
    }

    @Test
    void anUnreachableStoreIsDown() {
        runner.withPropertyValues("zaileys.auth.uri=memory:",
                "zaileys.history.uri=sqlite:" + dir.resolve("no/such/folder/h.db")).run(ctx -> {
                    Health history = health((CompositeHealthContributor) ctx.getBean("zaileysHealthContributor"), "history");
                    assertThat(history.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(history.getDetails()).containsKey("error");
                });
    }

    @Test
    void offByPropertyOrWithoutActuatorHealth() {
        runner.withPropertyValues("zaileys.auth.uri=memory:", "management.health.zaileys.enabled=false").run(ctx ->
                assertThat(ctx).hasNotFailed().doesNotHaveBean("zaileysHealthContributor"));
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
                .withPropertyValues("zaileys.auth.uri=memory:").run(ctx ->
                        assertThat(ctx).hasNotFailed().doesNotHaveBean("zaileysHealthContributor"));
    }

    private static Health health(CompositeHealthContributor composite, String name) {
        HealthContributor c = composite.getContributor(name);
        assertThat(c).as(name).isNotNull();
        return ((HealthIndicator) c).health();
    }
}
