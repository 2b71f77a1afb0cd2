package dev.zaileys.baileys;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.postgres.PostgresAuthStore;
import dev.zaileys.testing.TestPostgres;
import java.util.concurrent.ThreadLocalRandom;

class PostgresSignalRoundTripTest extends SignalRoundTripContract {

    private final String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);

    @Override
    protected AuthStoreBundle openStore(String name) {
        return PostgresAuthStore.builder().connectionString(TestPostgres.shared().url()).session(name + "-" + run).build();
    }
}
