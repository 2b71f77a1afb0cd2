package dev.zaileys.store.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Calls the public functions of one Convex deployment. {@link ConvexHttpClient} is the ready
 * implementation over Convex's HTTP API; build it once and pass it to several stores, which never
 * close a client they were given.
 *
 * <p>Implementations are thread-safe. They report failures as
 * {@link dev.zaileys.model.ZaileysStoreException}: {@code STORE_CONNECTION_FAILED} when the
 * deployment cannot be reached, {@code STORE_READ_FAILED} / {@code STORE_WRITE_FAILED} (a query /
 * a mutation) carrying the function's error message, {@code STORE_CORRUPTED} for a reply that is
 * not Convex's. Any other runtime exception is treated by the stores as a failed read or write.
 */
public interface ConvexClient extends AutoCloseable {

    /** Runs the query {@code path} (like {@code "zaileys:get"}) and returns its value (JSON null for none). */
    JsonNode query(String path, ObjectNode args);

    /** Runs the mutation {@code path} and returns its value (JSON null for none). */
    JsonNode mutation(String path, ObjectNode args);

    /** Releases the client's resources; a no-op by default. */
    @Override
    default void close() {}
}
