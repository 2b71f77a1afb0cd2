package dev.zaileys.metrics;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.List;

/**
 * Wraps stores so their operations are timed. Give the wrapped stores to the {@code Client}:
 *
 * <pre>{@code
 * MessageStore history = StoreMetrics.messages(SqliteMessageStore.builder().database("wa.db").build(), registry);
 * AuthStoreBundle auth = StoreMetrics.auth(SqliteAuthStore.builder().database("wa.db").build(), registry);
 * try (Client client = Client.builder().auth(auth).store(history).socketFactory(whatsapp).build()) {
 *     new ClientMetrics(client, List.of()).bindTo(registry);
 *     ...
 * }
 * }</pre>
 */
public final class StoreMetrics {

    private StoreMetrics() {}

    /** {@code store}, timed into {@code registry}. */
    public static MessageStore messages(MessageStore store, MeterRegistry registry) {
        return MeteredMessageStore.wrap(store, registry, List.of());
    }

    /** {@code store}, timed into {@code registry}; {@code tags} (bounded values only) go on every timer. */
    public static MessageStore messages(MessageStore store, MeterRegistry registry, Iterable<Tag> tags) {
        return MeteredMessageStore.wrap(store, registry, tags);
    }

    /** {@code store}, timed into {@code registry}. */
    public static AuthStoreBundle auth(AuthStoreBundle store, MeterRegistry registry) {
        return MeteredAuthStore.wrap(store, registry, List.of());
    }

    /** {@code store}, timed into {@code registry}; {@code tags} (bounded values only) go on every timer. */
    public static AuthStoreBundle auth(AuthStoreBundle store, MeterRegistry registry, Iterable<Tag> tags) {
        return MeteredAuthStore.wrap(store, registry, tags);
    }
}
