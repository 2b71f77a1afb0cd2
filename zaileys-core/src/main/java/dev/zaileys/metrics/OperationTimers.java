package dev.zaileys.metrics;

import dev.zaileys.model.ZaileysStoreException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The {@code zaileys.store.operations} timers of one store, looked up once per operation and outcome. */
final class OperationTimers {

    static final String NAME = "zaileys.store.operations";

    private final MeterRegistry registry;
    private final Tags tags;
    // A registry lookup per call would cost more than a memory store's operation; keyed by the
    // operation's literal name (its hash is cached), so a successful call allocates no key.
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();

    OperationTimers(MeterRegistry registry, String backend, String store, Iterable<Tag> extra) {
        this.registry = registry;
        this.tags = Tags.of(extra).and("backend", backend, "store", store);
    }

    <T> T time(String operation, Supplier<T> call) {
        Operation op = operations.computeIfAbsent(operation, Operation::new);
        long start = System.nanoTime();
        Timer timer = op.success;
        try {
            return call.get();
        } catch (ZaileysStoreException e) {
            timer = op.failure(e.code().name().toLowerCase(Locale.ROOT));
            throw e;
        } catch (RuntimeException | Error e) {
            timer = op.failure("error");
            throw e;
        } finally {
            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    void run(String operation, Runnable call) {
        time(operation, () -> {
            call.run();
            return null;
        });
    }

    private Timer register(String operation, String outcome) {
        return Timer.builder(NAME)
                .description("Store operations, by backend, store, operation and outcome")
                .tags(tags).tag("operation", operation).tag("outcome", outcome)
                .register(registry);
    }

    /** One operation's timers: success made up front (the hot path), failures when first seen. */
    private final class Operation {
        final String name;
        final Timer success;
        final Map<String, Timer> failures = new ConcurrentHashMap<>();

        Operation(String name) {
            this.name = name;
            this.success = register(name, "success");
        }

        Timer failure(String outcome) {
            return failures.computeIfAbsent(outcome, o -> register(name, o));
        }
    }
}
