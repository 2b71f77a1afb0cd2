package dev.zaileys.metrics;

import dev.zaileys.model.ZaileysStoreException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The {@code zaileys.store.operations} timers of one store, looked up once per operation and outcome. */
final class OperationTimers {

    static final String NAME = "zaileys.store.operations";

    private final MeterRegistry registry;
    private final Tags tags;
    // A registry lookup per call would cost more than a memory store's operation.
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    OperationTimers(MeterRegistry registry, String backend, String store, Iterable<Tag> extra) {
        this.registry = registry;
        this.tags = Tags.of(extra).and("backend", backend, "store", store);
    }

    <T> T time(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "success";
        try {
            return call.get();
        } catch (ZaileysStoreException e) {
            outcome = e.code().name().toLowerCase(Locale.ROOT);
            throw e;
        } catch (RuntimeException | Error e) {
            outcome = "error";
            throw e;
        } finally {
            timer(operation, outcome).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    void run(String operation, Runnable call) {
        time(operation, () -> {
            call.run();
            return null;
        });
    }

    private Timer timer(String operation, String outcome) {
        return timers.computeIfAbsent(operation + '|' + outcome, k -> Timer.builder(NAME)
                .description("Store operations, by backend, store, operation and outcome")
                .tags(tags).tag("operation", operation).tag("outcome", outcome)
                .register(registry));
    }
}
