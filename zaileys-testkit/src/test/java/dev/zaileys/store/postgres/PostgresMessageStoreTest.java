package dev.zaileys.store.postgres;

import dev.zaileys.model.MessageKey;
import dev.zaileys.testkit.BindingContract;
import dev.zaileys.testkit.ConcurrentMergeContract;
import dev.zaileys.testkit.DurableMessageStoreContract;
import dev.zaileys.testkit.ScheduledJobStoreContract;
import dev.zaileys.testkit.StoreHomes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

@DisplayName("PostgresMessageStore")
class PostgresMessageStoreTest extends DurableMessageStoreContract<PostgresMessageStore> {

    private final StoreHomes<PostgresMessageStore, String> sessions = new StoreHomes<>(
            session -> PostgresMessageStore.builder().connectionString(PgTesting.url()).session(session).build());

    @Override
    protected PostgresMessageStore newStore() {
        return sessions.open(PgTesting.newSession("msg"));
    }

    @Override
    protected PostgresMessageStore reopen(PostgresMessageStore store) {
        return sessions.reopen(store);
    }

    @Override
    protected boolean corruptMessage(PostgresMessageStore store, MessageKey key) {
        // jsonb only holds valid JSON: a message that is no object is the damage it can show
        return PgTesting.exec(PgTesting.dataSource(), "UPDATE " + PgTesting.table(sessions.home(store), "messages")
                + " SET data = '[1]'::jsonb WHERE remote_jid = ? AND id = ? AND from_me = ?",
                key.remoteJid(), key.id(), key.fromMe()) == 1;
    }

    @Override
    protected boolean keepsKeyOrder() {
        return false;
    }

    @Nested
    class ScheduledJobs extends ScheduledJobStoreContract<PostgresMessageStore> {
        ScheduledJobs() {
            super(PostgresMessageStoreTest.this);
        }
    }

    @Nested
    class SocketBinding extends BindingContract<PostgresMessageStore> {
        SocketBinding() {
            super(PostgresMessageStoreTest.this);
        }
    }

    @Nested
    @DisplayName("two stores, each with its own pool, on one session")
    class TwoStores extends ConcurrentMergeContract<PostgresMessageStore> {
        @Override
        protected PostgresMessageStore newStore() {
            return sessions.open(PgTesting.newSession("merge"));
        }

        @Override
        protected PostgresMessageStore reopen(PostgresMessageStore store) {
            return sessions.reopen(store);
        }

        @Override
        protected boolean keepsKeyOrder() {
            return false;
        }
    }
}
