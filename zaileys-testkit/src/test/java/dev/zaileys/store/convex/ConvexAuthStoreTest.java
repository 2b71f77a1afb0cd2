package dev.zaileys.store.convex;

import dev.zaileys.testing.TestConvex;
import dev.zaileys.testkit.DurableAuthStoreContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;

@DisplayName("ConvexAuthStore (convex-test backend over HTTP)")
class ConvexAuthStoreTest extends DurableAuthStoreContract<ConvexAuthStore> {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private final TestConvex convex = TestConvex.shared();

    @Override
    protected ConvexAuthStore newStore() {
        return ConvexAuthStore.builder().url(convex.url()).namespace("auth-" + SEQ.incrementAndGet()).build();
    }

    @Override
    protected ConvexAuthStore reopen(ConvexAuthStore store) {
        return ConvexAuthStore.builder().url(convex.url()).namespace(store.namespace()).build();
    }

    @Override
    protected boolean corrupt(ConvexAuthStore store, String type, String id) {
        String key = type == null ? Keys.CREDS : Keys.signal(type, id);
        convex.call("mutation", "zaileys:set", "{\"namespace\":\"" + store.namespace() + "\",\"items\":[{\"key\":\""
                + key + "\",\"value\":\"{\\\"truncated\\\":\"}]}");
        return true;
    }

    @Override
    protected void afterEach(ConvexAuthStore store) {
        convex.reset();
    }

    @Override
    protected int scale() {
        return 4;
    }
}
