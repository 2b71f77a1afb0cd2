package dev.zaileys.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.zaileys.socket.SignalKeyStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Baileys' {@code addTransactionCapability}: inside {@link #transaction} reads are served from
 * the transaction's own writes first and writes are buffered, then committed as one atomic
 * {@code write} when the outermost transaction ends. Transactions are serialized so two of them
 * never interleave their Signal state; a plain {@link #set} outside a transaction takes the same
 * lock.
 *
 * <p>Each socket gets a {@link #fencedBy fenced view}: once its fence is up (the socket was logged
 * out), its writes are dropped, checked under the same lock that {@link #exclusive} holds while the
 * session is wiped, so a commit is either finished before the wipe or never lands after it.
 */
final class TransactionalKeyStore implements SignalKeyStore {

    private final KeyAccess keys;
    private final ReentrantLock lock = new ReentrantLock();
    private final ThreadLocal<Tx> current = new ThreadLocal<>();

    private static final class Tx {
        final Map<String, Map<String, JsonNode>> writes = new LinkedHashMap<>();
        int depth;
    }

    TransactionalKeyStore(KeyAccess keys) {
        this.keys = keys;
    }

    @Override
    public Map<String, JsonNode> get(String type, Collection<String> ids) {
        Tx tx = current.get();
        if (tx == null) {
            return keys.get(type, ids);
        }
        Map<String, JsonNode> pending = tx.writes.getOrDefault(type, Map.of());
        Map<String, JsonNode> out = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        for (String id : ids) {
            if (pending.containsKey(id)) {
                JsonNode v = pending.get(id);
                if (!v.isNull()) {
                    out.put(id, v.deepCopy());
                }
            } else {
                rest.add(id);
            }
        }
        if (!rest.isEmpty()) {
            out.putAll(keys.get(type, rest));
        }
        return out;
    }

    private static final BooleanSupplier OPEN = () -> false;

    @Override
    public void set(Map<String, ? extends Map<String, ? extends JsonNode>> data) {
        set(data, OPEN);
    }

    private void set(Map<String, ? extends Map<String, ? extends JsonNode>> data, BooleanSupplier fenced) {
        Tx tx = current.get();
        if (tx != null) {
            data.forEach((type, values) -> {
                Map<String, JsonNode> m = tx.writes.computeIfAbsent(type, t -> new LinkedHashMap<>());
                values.forEach((id, v) -> m.put(id, v == null ? NullNode.getInstance() : v.deepCopy()));
            });
            return;
        }
        lock.lock();
        try {
            if (!fenced.getAsBoolean()) {
                keys.set(data);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T> T transaction(Supplier<T> work) {
        return transaction(work, OPEN);
    }

    private <T> T transaction(Supplier<T> work, BooleanSupplier fenced) {
        Tx tx = current.get();
        if (tx != null) {
            tx.depth++;
            try {
                return work.get();
            } finally {
                tx.depth--;
            }
        }
        lock.lock();
        Tx fresh = new Tx();
        current.set(fresh);
        try {
            T result = work.get();
            if (!fresh.writes.isEmpty() && !fenced.getAsBoolean()) {
                Map<String, Map<String, JsonNode>> out = new HashMap<>();
                fresh.writes.forEach((type, values) -> {
                    Map<String, JsonNode> m = new LinkedHashMap<>();
                    values.forEach((id, v) -> m.put(id, v.isNull() ? null : v));
                    out.put(type, m);
                });
                keys.set(out);
            }
            return result;
        } finally {
            current.remove();
            lock.unlock();
        }
    }

    @Override
    public boolean isInTransaction() {
        return current.get() != null;
    }

    void invalidate() {
        keys.invalidate();
    }

    /** Runs {@code work} while no write or commit is in progress (and none can start). */
    void exclusive(Runnable work) {
        lock.lock();
        try {
            work.run();
        } finally {
            lock.unlock();
        }
    }

    /** This store as one socket sees it: its writes are dropped once {@code fenced} is true. */
    SignalKeyStore fencedBy(BooleanSupplier fenced) {
        return new SignalKeyStore() {
            @Override
            public Map<String, JsonNode> get(String type, Collection<String> ids) {
                return TransactionalKeyStore.this.get(type, ids);
            }

            @Override
            public void set(Map<String, ? extends Map<String, ? extends JsonNode>> data) {
                TransactionalKeyStore.this.set(data, fenced);
            }

            @Override
            public <T> T transaction(Supplier<T> work) {
                return TransactionalKeyStore.this.transaction(work, fenced);
            }

            @Override
            public boolean isInTransaction() {
                return TransactionalKeyStore.this.isInTransaction();
            }
        };
    }
}
