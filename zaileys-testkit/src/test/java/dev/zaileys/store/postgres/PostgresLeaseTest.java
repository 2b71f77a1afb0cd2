package dev.zaileys.store.postgres;

import dev.zaileys.testkit.SessionLeaseContract;
import dev.zaileys.testkit.StoreHomes;
import org.junit.jupiter.api.DisplayName;

@DisplayName("PostgresAuthStore lease")
class PostgresLeaseTest extends SessionLeaseContract<PostgresAuthStore> {
    private final StoreHomes<PostgresAuthStore, String> sessions = new StoreHomes<>(
            session -> PostgresAuthStore.builder().connectionString(PgTesting.url()).session(session).max(2).build());

    @Override
    protected PostgresAuthStore newStore() {
        return sessions.open(PgTesting.newSession("lease"));
    }

    @Override
    protected PostgresAuthStore reopen(PostgresAuthStore store) {
        return sessions.reopen(store);
    }
}
