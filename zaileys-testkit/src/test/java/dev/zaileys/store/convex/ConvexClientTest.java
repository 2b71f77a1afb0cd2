package dev.zaileys.store.convex;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.testing.TestConvex;
import dev.zaileys.testkit.ClientContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;

/**
 * The client contract on Convex (the project's functions in the convex-test backend, over HTTP):
 * auth and history in distinct namespaces of one deployment, every open a new store.
 */
class ConvexClientTest extends ClientContract {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private final TestConvex convex = TestConvex.shared();
    private final String prefix = "client-" + SEQ.incrementAndGet();

    @AfterEach
    void reset() {
        convex.reset();
    }

    @Override
    protected AuthStoreBundle openAuth(String sessionId) {
        return ConvexAuthStore.builder().url(convex.url()).namespace(prefix + "-auth-" + sessionId).build();
    }

    @Override
    protected MessageStore openMessages() {
        return ConvexMessageStore.builder().url(convex.url()).namespace(prefix + "-store").build();
    }
}
