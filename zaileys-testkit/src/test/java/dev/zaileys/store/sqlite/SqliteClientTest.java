package dev.zaileys.store.sqlite;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.testkit.ClientContract;
import java.nio.file.Path;

/**
 * The client contract on SQLite: auth and history in one database file (sessions scoped by the
 * store's session), every open a new store on that file.
 */
class SqliteClientTest extends ClientContract {

    private final Path db = SqliteTesting.newFile();

    @Override
    protected AuthStoreBundle openAuth(String sessionId) {
        return SqliteAuthStore.builder().database(db.toString()).session(sessionId).build();
    }

    @Override
    protected MessageStore openMessages() {
        return SqliteMessageStore.builder().database(db.toString()).build();
    }

    /** Breaks the history table from another connection (as a botched migration would) until healed. */
    @Override
    protected Faulty openFaultyMessages() {
        Path file = SqliteTesting.newFile();
        SqliteMessageStore store = SqliteMessageStore.builder().database(file.toString()).build();
        store.listChats();
        SqliteTesting.exec(file, "ALTER TABLE messages RENAME TO messages_broken");
        return faulty(store, () -> SqliteTesting.exec(file, "ALTER TABLE messages_broken RENAME TO messages"));
    }
}
