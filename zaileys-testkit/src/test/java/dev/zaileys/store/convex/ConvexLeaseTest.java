package dev.zaileys.store.convex;

import dev.zaileys.testing.TestConvex;
import dev.zaileys.testkit.SessionLeaseContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;

@DisplayName("ConvexAuthStore lease (convex-test backend over HTTP)")
class ConvexLeaseTest extends SessionLeaseContract<ConvexAuthStore> {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private final TestConvex convex = TestConvex.shared();

    @Override
    protected ConvexAuthStore newStore() {
        return ConvexAuthStore.builder().url(convex.url()).namespace("lease-" + SEQ.incrementAndGet()).build();
    }

    @Override
    protected ConvexAuthStore reopen(ConvexAuthStore store) {
        return ConvexAuthStore.builder().url(convex.url()).namespace(store.namespace()).build();
    }
}
