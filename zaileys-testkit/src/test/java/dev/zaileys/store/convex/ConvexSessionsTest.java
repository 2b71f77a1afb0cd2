package dev.zaileys.store.convex;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.SessionCatalog;
import dev.zaileys.testing.TestConvex;
import dev.zaileys.testkit.SessionCatalogContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Convex: session catalog contract (zaileys:namespaces on the test backend)")
class ConvexSessionsTest extends SessionCatalogContract {

    private final TestConvex convex = TestConvex.shared();

    @Override
    protected SessionCatalog newCatalog() {
        convex.reset();
        return ConvexSessions.of(convex.url());
    }

    @Override
    protected AuthStoreBundle newAuth(String session) {
        return ConvexAuthStore.builder().url(convex.url()).namespace(session).build();
    }

    @Override
    protected MessageStore newMessages(String session) {
        return ConvexMessageStore.builder().url(convex.url()).namespace(session).build();
    }

    @Override
    protected String invalidName() {
        return "control\u0001char";
    }
}
