package dev.zaileys.bench;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The raw baselines by store URI scheme (the part before the first {@code ':'}). */
final class RawBaselines {

    /** Scheme to a factory given the whole store URI (a server baseline connects where the store does). */
    private static final Map<String, Function<String, RawBaseline>> BY_SCHEME = Map.of(
            "memory", uri -> new MemoryRawBaseline(),
            "file", uri -> new FileRawBaseline(),
            "sqlite", uri -> new SqliteRawBaseline(),
            "redis", RedisRawBaseline::new,
            "rediss", RedisRawBaseline::new,
            "postgres", PostgresRawBaseline::new,
            "postgresql", PostgresRawBaseline::new);

    private RawBaselines() {}

    /** A ready baseline for the store URI's backend, or empty when none is defined. */
    static Optional<RawBaseline> open(String storeUri) {
        Function<String, RawBaseline> factory = BY_SCHEME.get(StandardBench.scheme(storeUri));
        return factory == null ? Optional.empty() : Optional.of(factory.apply(storeUri));
    }
}
