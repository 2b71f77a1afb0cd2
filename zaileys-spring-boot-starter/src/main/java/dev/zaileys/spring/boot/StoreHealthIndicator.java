package dev.zaileys.spring.boot;

import dev.zaileys.metrics.MeteredAuthStore;
import dev.zaileys.metrics.MeteredMessageStore;
import dev.zaileys.stores.StoreProbe;
import dev.zaileys.stores.StoreStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of one store: UP when a read reaches its backend (with the schema version of a SQL
 * database and any warning, such as Redis without persistence, as details), DOWN with the reason
 * when not. Details never carry a connection string or a key.
 */
public class StoreHealthIndicator implements HealthIndicator {

    private final Object store;

    /** {@code store}: a message store or an auth store. */
    public StoreHealthIndicator(Object store) {
        this.store = unwrap(store);
    }

    @Override
    public Health health() {
        StoreStatus status = StoreProbe.probe(store);
        Health.Builder b = status.reachable() ? Health.up() : Health.down();
        b.withDetail("backend", status.backend());
        status.schemaVersion().ifPresent(v -> b.withDetail("schemaVersion", v));
        if (!status.warnings().isEmpty()) {
            b.withDetail("warnings", status.warnings());
        }
        status.error().ifPresent(e -> b.withDetail("error", e));
        return b.build();
    }

    // Probe the real store: its type says which checks apply (the metered wrapper hides it).
    private static Object unwrap(Object store) {
        if (isMetricsPresent()) {
            if (store instanceof MeteredMessageStore m) {
                return m.delegate();
            }
            if (store instanceof MeteredAuthStore a) {
                return a.delegate();
            }
        }
        return store;
    }

    private static boolean isMetricsPresent() {
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry", false, StoreHealthIndicator.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
