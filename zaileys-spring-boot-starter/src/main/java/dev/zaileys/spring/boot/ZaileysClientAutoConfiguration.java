package dev.zaileys.spring.boot;

import dev.zaileys.client.Client;
import dev.zaileys.socket.SocketFactory;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

/**
 * The {@link Client}, when the application has a {@link SocketFactory} bean (with
 * {@code zaileys-baileys} on the class path, {@link ZaileysBaileysAutoConfiguration} supplies
 * one). It connects once the context has started, so listeners that beans register at start-up
 * see the first QR code, and it closes (flushing bound writes) before the stores it uses.
 */
@AutoConfiguration(after = {ZaileysStoreAutoConfiguration.class, ZaileysBaileysAutoConfiguration.class})
@ConditionalOnBean(SocketFactory.class)
@ConditionalOnProperty(prefix = "zaileys.client", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ZaileysProperties.class)
public class ZaileysClientAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Client zaileysClient(ZaileysProperties properties, AuthStoreBundle auth, MessageStore store,
                                SocketFactory socketFactory) {
        ZaileysProperties.Client c = properties.getClient();
        try {
            return Client.builder()
                    .sessionId(properties.getSessionId())
                    .auth(auth)
                    .store(store)
                    .socketFactory(socketFactory)
                    .cacheSignal(c.isCacheSignal())
                    .bindQueueSize(c.getBindQueueSize())
                    .reconnectDelay(c.getReconnectBaseDelay(), c.getReconnectMaxDelay())
                    .schedulePollInterval(c.getSchedulePollInterval())
                    .scheduleRateLimitPerSec(c.getScheduleRateLimitPerSec())
                    .scheduleMaxAttempts(c.getScheduleMaxAttempts())
                    .build();
        } catch (IllegalArgumentException e) {
            // the client checks its options with IllegalArgumentException; name the property family
            throw ConfiguredStores.invalid("zaileys.session-id / zaileys.client.*", e.getMessage());
        }
    }

    @Bean
    @ConditionalOnProperty(prefix = "zaileys.client", name = "auto-connect", havingValue = "true", matchIfMissing = true)
    @ConditionalOnBean(Client.class)
    public SmartLifecycle zaileysClientConnector(Client client) {
        return new ClientConnector(client);
    }

    /** Connects when the context starts; closing is the client bean's destroy method. */
    static final class ClientConnector implements SmartLifecycle {

        private final Client client;
        private volatile boolean running;

        ClientConnector(Client client) {
            this.client = client;
        }

        @Override
        public void start() {
            client.connect();
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}
