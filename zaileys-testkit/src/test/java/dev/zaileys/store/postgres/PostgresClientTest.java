package dev.zaileys.store.postgres;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.testkit.ClientContract;

/**
 * The client contract on PostgreSQL: auth and history scoped by session in one database, every
 * open a new store with a small pool of its own.
 */
class PostgresClientTest extends ClientContract {

    private final String prefix = PgTesting.newSession("client");

    @Override
    protected AuthStoreBundle openAuth(String sessionId) {
        return PostgresAuthStore.builder().connectionString(PgTesting.url()).max(2).session(prefix + "_" + sessionId).build();
    }

    @Override
    protected MessageStore openMessages() {
        return PostgresMessageStore.builder().connectionString(PgTesting.url()).max(2).session(prefix + "_store").build();
    }
}
