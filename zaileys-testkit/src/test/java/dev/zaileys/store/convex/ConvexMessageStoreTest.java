package dev.zaileys.store.convex;

import dev.zaileys.model.MessageKey;
import dev.zaileys.testing.TestConvex;
import dev.zaileys.testkit.BindingContract;
import dev.zaileys.testkit.ConcurrentMergeContract;
import dev.zaileys.testkit.DurableMessageStoreContract;
import dev.zaileys.testkit.ScheduledJobStoreContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The message contract on the convex-test backend. Its cursor walk (M4.4) uses 2,000 messages
 * instead of 10,000: convex-test scans its whole table on every index lookup, so writing 10,000
 * rows (one lookup each, twice: the dedupe read and the upsert) takes about 15 minutes there.
 */
@DisplayName("ConvexMessageStore (convex-test backend over HTTP)")
class ConvexMessageStoreTest extends DurableMessageStoreContract<ConvexMessageStore> {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private final TestConvex convex = TestConvex.shared();

    @Override
    protected ConvexMessageStore newStore() {
        return ConvexMessageStore.builder().url(convex.url()).namespace("store-" + SEQ.incrementAndGet()).build();
    }

    @Override
    protected ConvexMessageStore reopen(ConvexMessageStore store) {
        return ConvexMessageStore.builder().url(convex.url()).namespace(store.namespace()).build();
    }

    @Override
    protected boolean corruptMessage(ConvexMessageStore store, MessageKey key) {
        convex.call("mutation", "zaileys:set", "{\"namespace\":\"" + store.namespace() + "\",\"items\":[{\"key\":\""
                + Keys.message(key) + "\",\"value\":\"{\\\"truncated\\\":\",\"sortKey\":1}]}");
        return true;
    }

    @Override
    protected ConvexMessageStore unreachableStore() {
        return ConvexMessageStore.builder().url("http://127.0.0.1:" + dev.zaileys.testkit.Misconfigured.closedPort()).build();
    }

    @Override
    protected void afterEach(ConvexMessageStore store) {
        convex.reset();
    }

    @Override
    protected int scale() {
        return 4;
    }

    @Override
    protected int cursorWalkMessages() {
        return 2_000;
    }

    @Nested
    class ScheduledJobs extends ScheduledJobStoreContract<ConvexMessageStore> {
        ScheduledJobs() {
            super(ConvexMessageStoreTest.this);
        }
    }

    @Nested
    class SocketBinding extends BindingContract<ConvexMessageStore> {
        SocketBinding() {
            super(ConvexMessageStoreTest.this);
        }
    }

    @Nested
    @DisplayName("two stores, each with its own HTTP client, on one namespace")
    class TwoStores extends ConcurrentMergeContract<ConvexMessageStore> {
        @Override
        protected ConvexMessageStore newStore() {
            return ConvexMessageStoreTest.this.newStore();
        }

        @Override
        protected ConvexMessageStore reopen(ConvexMessageStore store) {
            return ConvexMessageStoreTest.this.reopen(store);
        }

        @Override
        protected void afterEach(ConvexMessageStore store) {
            convex.reset();
        }

        @Override
        protected int scale() {
            return 4;
        }
    }
}
