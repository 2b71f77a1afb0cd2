package dev.zaileys.baileys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.socket.SignalKeyStore;
import dev.zaileys.store.AuthStore;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A {@link SignalKeyStore} straight over an {@link AuthStore}: each set is one atomic store
 * write. Transactions are Baileys' own, on the driver side ({@code addTransactionCapability}),
 * which commits a transaction as one set; so this side needs none.
 */
final class StoreKeys implements SignalKeyStore {

    private final AuthStore store;

    StoreKeys(AuthStore store) {
        this.store = store;
    }

    @Override
    public Map<String, JsonNode> get(String type, Collection<String> ids) {
        return store.read(type, ids);
    }

    @Override
    public void set(Map<String, ? extends Map<String, ? extends JsonNode>> data) {
        store.write(data);
    }

    @Override
    public <T> T transaction(Supplier<T> work) {
        return work.get();
    }

    @Override
    public boolean isInTransaction() {
        return false;
    }
}
