package dev.zaileys.spring.boot;

import dev.zaileys.baileys.BaileysSocketFactory;
import dev.zaileys.socket.SocketFactory;
import dev.zaileys.store.MessageStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The real WhatsApp transport as the default {@link SocketFactory} when {@code zaileys-baileys}
 * is on the class path and the application defines no factory of its own. Building it checks that
 * Node.js 20+ runs, so a machine without it fails at start-up with that reason.
 * {@code zaileys.baileys.enabled=false} turns it off.
 */
@AutoConfiguration(after = ZaileysStoreAutoConfiguration.class)
@ConditionalOnClass(name = "dev.zaileys.baileys.BaileysSocketFactory")
@ConditionalOnProperty(prefix = "zaileys.baileys", name = "enabled", havingValue = "true", matchIfMissing = true)
public class ZaileysBaileysAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(SocketFactory.class)
    public SocketFactory zaileysBaileysSocketFactory(MessageStore store) {
        // the history answers Baileys' getMessage(key) for message retries
        return BaileysSocketFactory.builder().messageStore(store).build();
    }
}
