package dev.zaileys.store.memory;

import dev.zaileys.store.AbstractMessageStore;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageKey;
import dev.zaileys.store.PruneOptions;
import dev.zaileys.store.ZaileysStoreException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** A memory message store whose commits fail (STORE_WRITE_FAILED) while {@code failing} says so. */
public final class FlakyMemoryMessageStore extends AbstractMessageStore {

    private final MemoryMessageStore inner = new MemoryMessageStore();
    private final BooleanSupplier failing;

    public FlakyMemoryMessageStore(BooleanSupplier failing) {
        this.failing = failing;
    }

    @Override
    protected void commit(WriteBatch batch) {
        if (failing.getAsBoolean()) {
            throw new ZaileysStoreException(ZaileysStoreException.Code.STORE_WRITE_FAILED, "injected failure");
        }
        inner.commit(batch);
    }

    @Override
    protected Map<MessageKey, byte[]> loadMessages(Collection<MessageKey> keys) {
        return inner.loadMessages(keys);
    }

    @Override
    protected List<byte[]> loadPage(String jid, ListOptions options) {
        return inner.loadPage(jid, options);
    }

    @Override
    protected Map<String, byte[]> loadDocs(DocKind kind, Collection<String> ids) {
        return inner.loadDocs(kind, ids);
    }

    @Override
    protected Map<String, byte[]> loadAllDocs(DocKind kind, Boolean archived) {
        return inner.loadAllDocs(kind, archived);
    }

    @Override
    protected Collection<String> loadMessageJids() {
        return inner.loadMessageJids();
    }

    @Override
    protected int prune(PruneOptions options) {
        return inner.prune(options);
    }

    @Override
    protected List<byte[]> loadJobs() {
        return inner.loadJobs();
    }

    @Override
    protected Optional<byte[]> loadJob(String id) {
        return inner.loadJob(id);
    }

    @Override
    protected void storeJob(String id, long fireAt, byte[] data) {
        inner.storeJob(id, fireAt, data);
    }

    @Override
    protected boolean removeJob(String id) {
        return inner.removeJob(id);
    }

    @Override
    protected boolean swapJob(String id, byte[] expected, long fireAt, byte[] replacement) {
        return inner.swapJob(id, expected, fireAt, replacement);
    }

    @Override
    protected void removeAll() {
        inner.removeAll();
    }

    @Override
    protected void release() {
        inner.close();
    }
}
