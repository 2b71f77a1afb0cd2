package dev.zaileys.stores;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.AuthStore;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.SchemaVersioned;
import dev.zaileys.store.convex.ConvexAuthStore;
import dev.zaileys.store.convex.ConvexMessageStore;
import dev.zaileys.store.crypto.EncryptedAuthStore;
import dev.zaileys.store.file.FileAuthStore;
import dev.zaileys.store.memory.MemoryAuthStore;
import dev.zaileys.store.memory.MemoryMessageStore;
import dev.zaileys.store.postgres.PostgresAuthStore;
import dev.zaileys.store.postgres.PostgresMessageStore;
import dev.zaileys.store.redis.RedisAuthStore;
import dev.zaileys.store.redis.RedisMessageStore;
import dev.zaileys.store.sqlite.SqliteAuthStore;
import dev.zaileys.store.sqlite.SqliteMessageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Health checks of stores: one cheap read that reaches the backend, plus what it can tell. */
public final class StoreProbe {

    // Never stored by anyone: a read of it is a round trip that finds nothing.
    private static final String PROBE_ID = "zaileys-health-probe";

    private StoreProbe() {}

    /**
     * Probes {@code store} (a {@link MessageStore} or an {@link AuthStore}): reads one absent record,
     * or the schema version for the SQL backends. Never throws for a backend failure: that is an
     * unreachable status.
     */
    public static StoreStatus probe(Object store) {
        String backend = backendOf(store);
        List<String> warnings = new ArrayList<>();
        if (store instanceof RedisMessageStore r) {
            r.persistenceWarning().ifPresent(warnings::add);
        } else if (store instanceof RedisAuthStore r) {
            r.persistenceWarning().ifPresent(warnings::add);
        }
        try {
            OptionalInt version = OptionalInt.empty();
            if (store instanceof SchemaVersioned v) {
                version = OptionalInt.of(v.schemaVersion());
            } else if (store instanceof MessageStore m) {
                m.getChat(PROBE_ID);
            } else if (store instanceof AuthStore a) {
                a.read("pre-key", List.of(PROBE_ID));
            } else {
                throw new IllegalArgumentException("not a store: " + (store == null ? "null" : store.getClass().getName()));
            }
            return new StoreStatus(backend, true, version, warnings, Optional.empty());
        } catch (ZaileysStoreException e) {
            return new StoreStatus(backend, false, OptionalInt.empty(), warnings,
                    Optional.of(e.code() + ": " + StoreUri.redact(e.getMessage())));
        }
    }

    /**
     * The backend of a built-in store, as a short lower-case name (a bounded set, fit for a metric
     * tag); {@code other} for anything else.
     */
    public static String backendOf(Object store) {
        if (store instanceof MemoryMessageStore || store instanceof MemoryAuthStore) {
            return "memory";
        }
        if (store instanceof FileAuthStore) {
            return "file";
        }
        if (store instanceof SqliteMessageStore || store instanceof SqliteAuthStore) {
            return "sqlite";
        }
        if (store instanceof PostgresMessageStore || store instanceof PostgresAuthStore) {
            return "postgres";
        }
        if (store instanceof RedisMessageStore || store instanceof RedisAuthStore) {
            return "redis";
        }
        if (store instanceof ConvexMessageStore || store instanceof ConvexAuthStore) {
            return "convex";
        }
        if (store instanceof EncryptedAuthStore) {
            return "encrypted";
        }
        return "other";
    }
}
