package dev.zaileys.store.sqlite;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.SessionCatalog;
import dev.zaileys.testkit.SessionCatalogContract;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;

@DisplayName("SQLite: session catalog contract")
class SqliteSessionsTest extends SessionCatalogContract {

    private final Path db = SqliteTesting.newFile();

    @Override
    protected SessionCatalog newCatalog() {
        return SqliteSessions.of(db.toString());
    }

    @Override
    protected AuthStoreBundle newAuth(String session) {
        return SqliteAuthStore.builder().database(db.toString()).session(session).build();
    }

    @Override
    protected MessageStore newMessages(String session) {
        return SqliteMessageStore.builder().database(db.toString()).session(session).build();
    }

    @Override
    protected String invalidName() {
        return "Bad Name";
    }
}
