package dev.zaileys.socket;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Baileys' {@code SignalKeyStore} as the socket sees it: values by Signal type and id, with
 * transactions. Values are JSON trees whose binary parts are {@code BinaryNode}s.
 */
public interface SignalKeyStore {

    /** The values of {@code ids} that exist, keyed by id; ids not stored are left out. */
    Map<String, JsonNode> get(String type, Collection<String> ids);

    /** Writes {@code type -> id -> value}; a null value deletes. Atomic for the whole set. */
    void set(Map<String, ? extends Map<String, ? extends JsonNode>> data);

    /**
     * Runs {@code work} as one transaction: its reads see its own writes, and its writes reach
     * the store together, once, when the outermost transaction ends without throwing (a failure
     * discards them). Nested calls join the outer transaction. Transactions of one store are
     * serialized.
     */
    <T> T transaction(Supplier<T> work);

    /** Whether the calling thread is inside {@link #transaction}. */
    boolean isInTransaction();
}
