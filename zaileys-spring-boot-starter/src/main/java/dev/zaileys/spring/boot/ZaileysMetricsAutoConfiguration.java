package dev.zaileys.spring.boot;

import dev.zaileys.client.Client;
import dev.zaileys.metrics.ClientMetrics;
import dev.zaileys.metrics.MeteredAuthStore;
import dev.zaileys.metrics.MeteredMessageStore;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics, separate from the stores so an application without Micrometer loads none
 * of it: the stores the starter makes are timed ({@code zaileys.store.operations}) and the client's
 * connection, bind queue and scheduler are gauged. Off with {@code zaileys.metrics.enabled=false}.
 * Meter names and tags: see {@code dev.zaileys.metrics}.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration"},
        before = ZaileysStoreAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, MeteredMessageStore.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(prefix = "zaileys.metrics", name = "enabled", havingValue = "true", matchIfMissing = true)
public class ZaileysMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "zaileysMetricsStoreDecorator")
    public StoreDecorator zaileysMetricsStoreDecorator(ObjectProvider<MeterRegistry> registry) {
        return new StoreDecorator() {
            @Override
            public MessageStore decorate(MessageStore store) {
                return MeteredMessageStore.wrap(store, registry.getObject(), List.of());
            }

            @Override
            public AuthStoreBundle decorate(AuthStoreBundle store) {
                return MeteredAuthStore.wrap(store, registry.getObject(), List.of());
            }
        };
    }

    /** Bound to the registry by Spring Boot, like every MeterBinder bean. */
    @Bean
    @ConditionalOnMissingBean(name = "zaileysClientMetrics")
    public MeterBinder zaileysClientMetrics(ObjectProvider<Client> clients) {
        return registry -> {
            Client client = clients.getIfUnique();
            if (client != null) {
                new ClientMetrics(client, List.of()).bindTo(registry);
            }
        };
    }
}
