package dev.zaileys.testkit;

import dev.zaileys.store.MessageStore;
import java.util.Objects;

/**
 * A contract group that runs inside an adapter's message store test, on that test's stores and
 * hooks ({@link #newStore()}, {@link #reopen}, {@link #afterEach}, {@link #keepsKeyOrder()},
 * {@link #scale()} all ask the adapter test). An adapter test adds each group as a nested class:
 *
 * <pre>{@code
 * @Nested
 * class ScheduledJobs extends ScheduledJobStoreContract<MyStore> {
 *     ScheduledJobs() {
 *         super(MyStoreTest.this);
 *     }
 * }
 * }</pre>
 *
 * <p>So a backend states its store factory once, and a capability's tests live in their own class.
 */
public abstract class NestedMessageContract<S extends MessageStore> extends MessageContractSupport<S> {

    private final StoreContract<S> adapter;

    /** @param adapter the enclosing adapter test, whose stores and hooks this group uses */
    protected NestedMessageContract(StoreContract<S> adapter) {
        this.adapter = Objects.requireNonNull(adapter, "adapter");
    }

    @Override
    protected final S newStore() {
        return adapter.newStore();
    }

    @Override
    protected final S reopen(S store) {
        return adapter.reopen(store);
    }

    @Override
    protected final void afterEach(S store) {
        adapter.afterEach(store);
    }

    @Override
    protected final boolean keepsKeyOrder() {
        return adapter.keepsKeyOrder();
    }

    @Override
    protected final int scale() {
        return adapter.scale();
    }
}
