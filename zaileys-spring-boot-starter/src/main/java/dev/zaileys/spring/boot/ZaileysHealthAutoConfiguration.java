package dev.zaileys.spring.boot;

import dev.zaileys.client.Client;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator health under {@code zaileys}: {@code auth} and {@code history} (reachable, backend,
 * schema version, warnings such as Redis without persistence) and {@code client} (connected,
 * session, last disconnect). Off with {@code management.health.zaileys.enabled=false}.
 */
@AutoConfiguration(after = {ZaileysStoreAutoConfiguration.class, ZaileysClientAutoConfiguration.class})
@ConditionalOnClass(HealthContributor.class)
public class ZaileysHealthAutoConfiguration {

    /** Nested so its condition, from the same optional jar, is read only when that jar is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("zaileys")
    static class Contributors {

        @Bean
        @ConditionalOnMissingBean(name = "zaileysHealthContributor")
        HealthContributor zaileysHealthContributor(ObjectProvider<AuthStoreBundle> auth,
                                                   ObjectProvider<MessageStore> history,
                                                   ObjectProvider<Client> client) {
            Map<String, HealthContributor> parts = new LinkedHashMap<>();
            auth.ifUnique(a -> parts.put("auth", new StoreHealthIndicator(a)));
            history.ifUnique(h -> parts.put("history", new StoreHealthIndicator(h)));
            client.ifUnique(c -> parts.put("client", new ClientHealthIndicator(c)));
            return CompositeHealthContributor.fromMap(parts);
        }
    }
}
