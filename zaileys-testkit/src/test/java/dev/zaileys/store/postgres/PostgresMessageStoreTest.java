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
        String session = sessions.home(store);
        return PgTesting.exec(PgTesting.dataSource(), "UPDATE " + PgTesting.table(session, "messages")
                + " SET data = '[1]'::jsonb WHERE session = ? AND remote_jid = ? AND id = ? AND from_me = ?",
                session, key.remoteJid(), key.id(), key.fromMe()) == 1;
    }

    @Override
    protected PostgresMessageStore unreachableStore() {
        return PostgresMessageStore.builder()
                .connectionString("postgres://bot:pw@127.0.0.1:" + dev.zaileys.testkit.Misconfigured.closedPort() + "/db")
                .build();
    }

    @Override
    protected boolean keepsKeyOrder() {
        return false;
    }

    @org.junit.jupiter.api.Test
    @DisplayName("a message PostgreSQL refuses for good is STORE_INVALID_INPUT, set aside; the rest of its batch is written (issue 12, item 2)")
    void poisonMessageDoesNotHoldBackItsBatch() {
        // Ids within our limits whose UTF-8 exceeds the btree row limit of the primary key
        // (2704 bytes): PostgreSQL refuses the row (SQLSTATE 54000) and would every time.
        java.util.Random r = new java.util.Random(12);
        StringBuilder jid = new StringBuilder();
        StringBuilder id = new StringBuilder();
        while (jid.length() < 490) {
            jid.append((char) (0x4E00 + r.nextInt(0x5000)));
            id.append((char) (0x4E00 + r.nextInt(0x5000)));
        }
        dev.zaileys.model.WAMessage bad = msg(jid + "@s.whatsapp.net", id.toString(), false, T0, "x");
        dev.zaileys.model.WAMessage good = msg(DM, "GOOD", false, T0, "y");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.saveMessage(bad))
                .isInstanceOfSatisfying(dev.zaileys.model.ZaileysStoreException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.code())
                            .isEqualTo(dev.zaileys.model.ZaileysStoreException.Code.STORE_INVALID_INPUT);
                    org.assertj.core.api.Assertions.assertThat(e.code().transientFailure()).isFalse();
                });

        bind();
        emit(dev.zaileys.socket.BaileysEvents.MESSAGES_UPSERT, upsert(bad, good));
        binding.flush();
        org.assertj.core.api.Assertions.assertThat(store.getMessage(good.key())).contains(good);
        org.assertj.core.api.Assertions.assertThat(store.getMessage(bad.key())).isEmpty();
        org.assertj.core.api.Assertions.assertThat(errors).isNotEmpty().allSatisfy(e -> org.assertj.core.api.Assertions
                .assertThat(e.code()).isEqualTo(dev.zaileys.model.ZaileysStoreException.Code.STORE_INVALID_INPUT));
        binding.close(); // nothing is left pending: the refused record was set aside, not retried
        binding = null;
    }

    @org.junit.jupiter.api.Test
    @DisplayName("a batch of plain saves, one of them stored already: the bet inserts the new one, the stored one merges into what is stored")
    void betOnNewMessagesMergesWhatIsStored() {
        dev.zaileys.model.WAMessage stored = withField(msg(DM, "OLD", false, T0, "x"), "starred",
                com.fasterxml.jackson.databind.node.BooleanNode.TRUE);
        store.saveMessage(stored);
        dev.zaileys.model.WAMessage again = withStatus(msg(DM, "OLD", false, T0, "x"), 3);
        dev.zaileys.model.WAMessage fresh = msg(DM, "NEW", false, T0 + 1, "y");

        org.assertj.core.api.Assertions.assertThat(store.saveMessages(java.util.List.of(fresh, again)))
                .containsExactly(dev.zaileys.store.SaveOutcome.NEW, dev.zaileys.store.SaveOutcome.UPDATED);
        org.assertj.core.api.Assertions.assertThat(store.getMessage(fresh.key())).contains(fresh);
        var merged = store.getMessage(again.key()).orElseThrow().toJson();
        org.assertj.core.api.Assertions.assertThat(merged.path("starred").asBoolean()).as("field of the stored message").isTrue();
        org.assertj.core.api.Assertions.assertThat(merged.path("status").asInt()).as("field of the new save").isEqualTo(3);
        org.assertj.core.api.Assertions.assertThat(store.saveMessages(java.util.List.of(fresh, again)))
                .containsExactly(dev.zaileys.store.SaveOutcome.UNCHANGED, dev.zaileys.store.SaveOutcome.UNCHANGED);
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
