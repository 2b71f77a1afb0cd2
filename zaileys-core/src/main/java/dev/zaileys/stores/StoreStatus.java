package dev.zaileys.stores;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@link StoreProbe} found. Holds no secret: the error is the store's message with any
 * password masked.
 *
 * @param backend {@code memory}, {@code file}, {@code sqlite}, {@code postgres}, {@code redis},
 *     {@code convex}, {@code encrypted} or {@code other}
 * @param reachable whether a read reached the backend
 * @param schemaVersion the database's schema version, for the SQL backends
 * @param warnings what an operator should know although the store works (Redis without persistence)
 * @param error why the store is unreachable
 */
public record StoreStatus(String backend, boolean reachable, OptionalInt schemaVersion, List<String> warnings,
                          Optional<String> error) {

    public StoreStatus {
        warnings = List.copyOf(warnings);
    }
}
