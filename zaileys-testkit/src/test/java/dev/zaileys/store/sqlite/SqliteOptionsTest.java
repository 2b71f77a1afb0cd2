package dev.zaileys.store.sqlite;

import static dev.zaileys.testkit.Misconfigured.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Configuration mistakes of both SQLite stores: STORE_INVALID_INPUT from build(), and no file made. */
class SqliteOptionsTest {

    @Test
    @DisplayName("no database, or one that is not a plain path")
    void database() {
        assertRefused(() -> SqliteAuthStore.builder().build(), "database is required");
        assertRefused(() -> SqliteMessageStore.builder().database(" ").build(), "database is required");
        assertRefused(() -> SqliteAuthStore.builder().database("file:x.db?mode=ro").build(), "plain file path");
        assertRefused(() -> SqliteMessageStore.builder().database("x.db?cache=shared").build(), "plain file path");
        assertRefused(() -> SqliteAuthStore.builder().database("x\0.db").build(), "plain file path");
    }

    @Test
    @DisplayName("bad values: readonly on :memory:, a bad session name; nothing is created")
    void badValues() {
        Path db = SqliteTesting.newFile();
        assertRefused(() -> SqliteMessageStore.builder().database(":memory:").readonly(true).build(), "readonly");
        assertRefused(() -> SqliteAuthStore.builder().database(db.toString()).session("Bad Name").build(), "session");
        assertRefused(() -> SqliteMessageStore.builder().database(db.toString()).session("").build(), "session");
        assertRefused(() -> SqliteMessageStore.builder().database(db.toString()).session("x".repeat(33)).build(), "session");
        assertThat(db).doesNotExist();
    }
}
