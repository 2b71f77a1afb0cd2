package dev.zaileys.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.stores.StoreProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;

/**
 * An auth store that times every call of the store it wraps ({@code zaileys.store.operations},
 * {@code store=auth}); the Signal key type is not a tag (the operation is enough, and a type is
 * whatever the socket sends). Behaves exactly as the wrapped store, which it closes with itself.
 */
public final class MeteredAuthStore implements AuthStoreBundle {

    private final AuthStoreBundle delegate;
    private final OperationTimers timers;

    private MeteredAuthStore(AuthStoreBundle delegate, MeterRegistry registry, Iterable<Tag> tags) {
        this.delegate = delegate;
        this.timers = new OperationTimers(registry, StoreProbe.backendOf(delegate), "auth", tags);
    }

    /** {@code store} timed into {@code registry}; {@code tags} are added to every meter. */
    public static MeteredAuthStore wrap(AuthStoreBundle store, MeterRegistry registry, Iterable<Tag> tags) {
        if (store instanceof MeteredAuthStore m) {
            return m;
        }
        return new MeteredAuthStore(Objects.requireNonNull(store, "store"), Objects.requireNonNull(registry, "registry"), tags);
    }

    /** The store this one times. */
    public AuthStoreBundle delegate() {
        return delegate;
    }

    /** The wrapped store's lease, so a metered store still fences its writes (not timed: it renews in the background). */
    @Override
    public Optional<dev.zaileys.store.SessionLease> lease() {
        return delegate.lease();
    }

    @Override
    public Optional<AuthCreds> readCreds() {
        return timers.time("readCreds", delegate::readCreds);
    }

    @Override
    public void writeCreds(AuthCreds creds) {
        timers.run("writeCreds", () -> delegate.writeCreds(creds));
    }

    @Override
    public void deleteCreds() {
        timers.run("deleteCreds", delegate::deleteCreds);
    }

    @Override
    public Map<String, JsonNode> read(String type, Collection<String> ids) {
        return timers.time("read", () -> delegate.read(type, ids));
    }

    @Override
    public void write(Map<String, ? extends Map<String, ? extends JsonNode>> data) {
        timers.run("write", () -> delegate.write(data));
    }

    @Override
    public SortedMap<String, List<String>> listKeyIds() {
        return timers.time("listKeyIds", delegate::listKeyIds);
    }

    @Override
    public void delete(String type, Collection<String> ids) {
        timers.run("delete", () -> delegate.delete(type, ids));
    }

    @Override
    public void clear() {
        timers.run("clear", delegate::clear);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
