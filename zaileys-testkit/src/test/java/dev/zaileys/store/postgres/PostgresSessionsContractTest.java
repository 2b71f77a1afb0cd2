package dev.zaileys.store.postgres;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.SessionCatalog;
import dev.zaileys.testkit.SessionCatalogContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("PostgreSQL: session catalog contract")
class PostgresSessionsContractTest extends SessionCatalogContract {

    @Override
    protected SessionCatalog newCatalog() {
        return PostgresSessions.of(PgTesting.dataSource());
    }

    @Override
    protected AuthStoreBundle newAuth(String session) {
        return PostgresAuthStore.builder().connectionString(PgTesting.url()).session(session).build();
    }

    @Override
    protected MessageStore newMessages(String session) {
        return PostgresMessageStore.builder().connectionString(PgTesting.url()).session(session).build();
    }

    @Override
    protected String invalidName() {
        return "Bad Name";
    }
}
