package dev.zaileys.store.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.SessionCatalog;
import dev.zaileys.store.postgres.PostgresAuthStore;
import dev.zaileys.store.postgres.PostgresMessageStore;
import dev.zaileys.store.postgres.PostgresSessions;
import dev.zaileys.store.sqlite.SqliteAuthStore;
import dev.zaileys.store.sqlite.SqliteMessageStore;
import dev.zaileys.store.sqlite.SqliteSessions;
import dev.zaileys.testing.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V002 on databases written by the per-session layout's own code (see
 * {@code src/test/resources/legacy-layout/README.md}): every record of every session reads back
 * as a fresh store of the new layout holds it, the old tables are gone, and a failed move
 * changes nothing.
 */
@DisplayName("Per-session layout -> shared layout (V002), on databases today's code wrote")
class LegacyLayoutMigrationTest {

    private static final TestPostgres PG = TestPostgres.shared();

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- SQLite

    private Path legacySqlite(String name) throws IOException {
        Path db = dir.resolve(name);
        try (InputStream in = LegacyLayoutMigrationTest.class.getResourceAsStream("/legacy-layout/sqlite-per-session.db")) {
            Files.copy(in, db, StandardCopyOption.REPLACE_EXISTING);
        }
        return db;
    }

    private static Map<String, JsonNode> sqliteSnapshot(Path db, String session) {
        try (AuthStoreBundle a = SqliteAuthStore.builder().database(db.toString()).session(session).build();
             MessageStore m = SqliteMessageStore.builder().database(db.toString()).session(session).build()) {
            return LegacyRecipe.snapshot(a, m);
        }
    }

    private Map<String, JsonNode> sqliteExpected(String session) {
        Path fresh = dir.resolve("fresh-" + session + ".db");
        try (AuthStoreBundle a = SqliteAuthStore.builder().database(fresh.toString()).session(session).build();
             MessageStore m = SqliteMessageStore.builder().database(fresh.toString()).session(session).build()) {
            LegacyRecipe.fill(session, a, m);
        }
        return sqliteSnapshot(fresh, session);
    }

    @Test
    @DisplayName("SQLite: opening a named session moves every session; each reads back record for record")
    void sqliteMovesEverySession() throws Exception {
        Path db = legacySqlite("legacy.db");
        assertThat(sqliteTables(db)).contains("zaileys_s_bot-1__messages", "zaileys_s_bot_2__auth_signal");
        // one named store's first call moves them all, in its migration
        try (SqliteAuthStore a = SqliteAuthStore.builder().database(db.toString()).session("bot_2").build()) {
            a.open();
        }
        assertThat(sqliteTables(db)).noneMatch(t -> t.startsWith("zaileys_s_"))
                .contains("zaileys_ms_messages", "zaileys_sessions", "auth_creds", "messages");
        for (String session : LegacyRecipe.SESSIONS) {
            Map<String, JsonNode> expected = sqliteExpected(session);
            assertThat(expected).hasSizeGreaterThan(50).containsKey("message " + ownMessage(session));
            assertThat(sqliteSnapshot(db, session)).as(session).isEqualTo(expected);
        }
        try (SessionCatalog sessions = SqliteSessions.of(db.toString())) {
            assertThat(sessions.list()).containsExactly("bot-1", "bot_2", "default");
        }
        assertThat(versions(() -> sqlite(db))).containsExactly("(shared)=2/2", "(shared)=3/2", "default=1/1", "default=3/2");
    }

    @Test
    @DisplayName("SQLite: a session catalog moves them too; a readonly store asks for one writable open")
    void sqliteCatalogMoves() throws Exception {
        Path db = legacySqlite("catalog.db");
        assertThatThrownBy(() -> {
            try (SqliteMessageStore ro = SqliteMessageStore.builder().database(db.toString()).readonly(true)
                    .session("bot-1").build()) {
                ro.listChats();
            }
        }).isInstanceOfSatisfying(ZaileysStoreException.class, e -> assertThat(e.code()).isEqualTo(Code.STORE_INCOMPATIBLE))
                .hasMessageContaining("open it once writable");
        try (SessionCatalog sessions = SqliteSessions.of(db.toString())) {
            assertThat(sessions.list()).containsExactly("bot-1", "bot_2", "default");
            assertThat(sessions.summary("bot-1")).hasValueSatisfying(s -> {
                assertThat(s.creds()).isTrue();
                assertThat(s.messages()).isEqualTo(sqliteExpected("bot-1").keySet().stream()
                        .filter(k -> k.startsWith("message ")).count());
            });
        }
        try (SqliteMessageStore ro = SqliteMessageStore.builder().database(db.toString()).readonly(true)
                .session("bot-1").build()) {
            assertThat(ro.listChats()).isNotEmpty();
        }
    }

    @Test
    @DisplayName("SQLite: a move that fails half-way leaves the per-session tables and their rows as they were")
    void sqliteFailedMoveChangesNothing() throws Exception {
        Path db = legacySqlite("failing.db");
        // a table in the way of V002's CREATE TABLE: the migration fails after moving nothing
        exec(() -> sqlite(db), "CREATE TABLE zaileys_ms_jobs (x INTEGER)");
        List<String> before = sqliteTables(db);
        long rows = count(() -> sqlite(db), "\"zaileys_s_bot-1__messages\"");
        assertThatThrownBy(() -> {
            try (SqliteAuthStore a = SqliteAuthStore.builder().database(db.toString()).session("bot-1").build()) {
                a.readCreds();
            }
        }).isInstanceOf(ZaileysStoreException.class);
        assertThat(sqliteTables(db)).isEqualTo(before);
        assertThat(count(() -> sqlite(db), "\"zaileys_s_bot-1__messages\"")).isEqualTo(rows).isPositive();
        assertThat(versions(() -> sqlite(db))).containsExactly("bot-1=1/1", "bot_2=1/1", "default=1/1");
    }

    private static String ownMessage(String session) {
        return LegacyRecipe.snapshotKeyOfOwnMessage(session);
    }

    private static Connection sqlite(Path db) {
        try {
            return DriverManager.getConnection("jdbc:sqlite:" + db);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> sqliteTables(Path db) throws SQLException {
        return strings(() -> sqlite(db), "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    }

    // ---------------------------------------------------------------- PostgreSQL

    private static String legacyPostgres() throws Exception {
        String url = PG.createDatabase();
        String sql;
        try (InputStream in = LegacyLayoutMigrationTest.class.getResourceAsStream("/legacy-layout/postgres-per-session.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // its own connection: the dump empties search_path for the rest of the session
        try (Connection c = PG.dataSource(TestPostgres.databaseOf(url)).getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
        return url;
    }

    private static Map<String, JsonNode> pgSnapshot(String url, String session) {
        try (AuthStoreBundle a = PostgresAuthStore.builder().connectionString(url).session(session).build();
             MessageStore m = PostgresMessageStore.builder().connectionString(url).session(session).build()) {
            return LegacyRecipe.snapshot(a, m);
        }
    }

    @Test
    @DisplayName("PostgreSQL: opening a named session moves every session; each reads back record for record")
    void postgresMovesEverySession() throws Exception {
        String url = legacyPostgres();
        DataSource ds = PG.dataSource(TestPostgres.databaseOf(url));
        assertThat(strings(() -> connect(ds), "SELECT tablename FROM pg_tables WHERE tablename LIKE 'zaileys\\_s\\_%'"))
                .hasSize(14);
        try (PostgresMessageStore m = PostgresMessageStore.builder().connectionString(url).session("bot-1").build()) {
            m.open();
        }
        assertThat(strings(() -> connect(ds), "SELECT tablename FROM pg_tables WHERE tablename LIKE 'zaileys\\_s\\_%'"))
                .isEmpty();
        String fresh = PG.createDatabase();
        for (String session : LegacyRecipe.SESSIONS) {
            try (AuthStoreBundle a = PostgresAuthStore.builder().connectionString(fresh).session(session).build();
                 MessageStore m = PostgresMessageStore.builder().connectionString(fresh).session(session).build()) {
                LegacyRecipe.fill(session, a, m);
            }
            Map<String, JsonNode> expected = pgSnapshot(fresh, session);
            assertThat(expected).hasSizeGreaterThan(50).containsKey("message " + ownMessage(session));
            assertThat(pgSnapshot(url, session)).as(session).isEqualTo(expected);
        }
        try (SessionCatalog sessions = PostgresSessions.of(ds)) {
            assertThat(sessions.list()).containsExactly("bot-1", "bot_2", "default");
        }
        assertThat(versions(() -> connect(ds))).containsExactly("(shared)=2/2", "(shared)=3/2", "default=1/1", "default=3/2");
    }

    @Test
    @DisplayName("PostgreSQL: a move that fails half-way leaves the per-session tables and their rows as they were")
    void postgresFailedMoveChangesNothing() throws Exception {
        String url = legacyPostgres();
        DataSource ds = PG.dataSource(TestPostgres.databaseOf(url));
        // a row the move cannot copy: the shared table refuses what the old one held (NOT NULL on an
        // added column), so the move fails after copying the first sessions' other tables
        exec(() -> connect(ds), "ALTER TABLE \"zaileys_s_bot_2__jobs\" ADD COLUMN bogus INTEGER");
        String tables = "SELECT tablename FROM pg_tables WHERE tablename LIKE 'zaileys%' ORDER BY tablename";
        List<String> before = strings(() -> connect(ds), tables);
        long rows = count(() -> connect(ds), "\"zaileys_s_bot-1__messages\"");
        try (SessionCatalog sessions = PostgresSessions.of(url)) {
            assertThatThrownBy(sessions::list).isInstanceOf(ZaileysStoreException.class);
        }
        assertThat(strings(() -> connect(ds), tables)).isEqualTo(before);
        assertThat(count(() -> connect(ds), "\"zaileys_s_bot-1__messages\"")).isEqualTo(rows).isPositive();
        assertThat(versions(() -> connect(ds))).containsExactly("bot-1=1/1", "bot_2=1/1", "default=1/1");
    }

    private static Connection connect(DataSource ds) {
        try {
            return ds.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- raw access

    private static List<String> versions(Supplier<Connection> c) throws SQLException {
        return strings(c, "SELECT scope || '=' || version || '/' || compat FROM zaileys_schema_version ORDER BY scope, version");
    }

    private static List<String> strings(Supplier<Connection> connection, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connection.get(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static long count(Supplier<Connection> connection, String table) throws SQLException {
        return Long.parseLong(strings(connection, "SELECT count(*) FROM " + table).get(0));
    }

    private static void exec(Supplier<Connection> connection, String sql) throws SQLException {
        try (Connection c = connection.get(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
