package dev.zaileys.store.postgres;

import dev.zaileys.testkit.DurableAuthStoreContract;
import dev.zaileys.testkit.StoreHomes;
import org.junit.jupiter.api.DisplayName;

@DisplayName("PostgresAuthStore")
class PostgresAuthStoreTest extends DurableAuthStoreContract<PostgresAuthStore> {

    private final StoreHomes<PostgresAuthStore, String> sessions = new StoreHomes<>(
            session -> PostgresAuthStore.builder().connectionString(PgTesting.url()).session(session).build());

    @Override
    protected PostgresAuthStore newStore() {
        return sessions.open(PgTesting.newSession("auth"));
    }

    @Override
    protected PostgresAuthStore reopen(PostgresAuthStore store) {
        return sessions.reopen(store);
    }

    @Override
    protected boolean keepsKeyOrder() {
        return false;
    }

    @Override
    protected boolean corrupt(PostgresAuthStore store, String type, String id) {
        String session = sessions.home(store);
        // jsonb only holds valid JSON: a creds row that is no object is the damage it can show
        int n = type == null
                ? PgTesting.exec(PgTesting.dataSource(), "UPDATE " + PgTesting.table(session, "auth_creds")
                        + " SET data = '[1]'::jsonb WHERE session = ? AND id = 'default'", session)
                : PgTesting.exec(PgTesting.dataSource(), "UPDATE " + PgTesting.table(session, "auth_signal")
                        + " SET data = '\\x7b7b'::bytea WHERE session = ? AND type = ? AND id = ?", session, type, id);
        return n == 1;
    }
}
