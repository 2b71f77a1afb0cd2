package dev.zaileys.spring.boot;

import dev.zaileys.client.Client;
import dev.zaileys.client.ClientEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of the client: UP while connected, DOWN otherwise, with the session and the last
 * disconnect (reason, status code, whether it logged out, when).
 */
public class ClientHealthIndicator implements HealthIndicator {

    private final Client client;
    private volatile ClientEvent.Disconnected lastDisconnect;
    private volatile Instant lastDisconnectAt;

    public ClientHealthIndicator(Client client) {
        this.client = client;
        client.onDisconnect(e -> {
            lastDisconnectAt = Instant.now();
            lastDisconnect = e;
        });
    }

    @Override
    public Health health() {
        boolean connected = client.isConnected();
        Health.Builder b = connected ? Health.up() : Health.down();
        b.withDetail("session", client.sessionId()).withDetail("connected", connected);
        ClientEvent.Disconnected d = lastDisconnect;
        if (d != null) {
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("reason", d.reason() == null ? "unknown" : d.reason().name());
            last.put("statusCode", d.statusCode());
            last.put("loggedOut", d.loggedOut());
            last.put("willReconnect", d.willReconnect());
            last.put("at", String.valueOf(lastDisconnectAt));
            b.withDetail("lastDisconnect", last);
        }
        return b.build();
    }
}
