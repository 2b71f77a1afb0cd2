package dev.zaileys.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.model.Ids;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Holds one session's Signal keys: values by type (see {@link SignalTypes}) and id. Values are
 * JSON trees whose binary parts are {@code BinaryNode}s; they round-trip byte for byte.
 *
 * <p>Thread-safe; writes of one store are serialized so two concurrent writes never interleave.
 */
public interface AuthStore extends AutoCloseable {

    /**
     * The values of {@code ids} that exist, keyed by id. Ids not stored are left out (never mapped
     * to null). The returned map and trees are the caller's.
     */
    Map<String, JsonNode> read(String type, Collection<String> ids);

    /**
     * Writes {@code type -> id -> value}; a {@code null} (or JSON null) value deletes that key. The
     * whole set is applied atomically where the backend allows (one transaction, one MULTI/EXEC,
     * one mutation) and is durable when this returns. Invalid input changes nothing.
     */
    void write(Map<String, ? extends Map<String, ? extends JsonNode>> data);

    /**
     * Every stored key id, by type: types in name order, ids in string order. For export,
     * migration and verification; not on any hot path.
     */
    java.util.SortedMap<String, List<String>> listKeyIds();

    /** Deletes the given ids of one type; unknown ids are ignored. */
    void delete(String type, Collection<String> ids);

    /** Removes everything this store owns (its creds and keys), nothing of another session. */
    void clear();

    /** Releases what the store created; later calls throw {@code STORE_CLOSED}. Idempotent. */
    @Override
    void close();
}
