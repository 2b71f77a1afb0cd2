package dev.zaileys.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.JsonDocument;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.Presence;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageCursor;
import dev.zaileys.store.PruneOptions;
import dev.zaileys.store.SaveOutcome;
import dev.zaileys.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What is particular to SQLite: the Node layout, readonly, schema versions, sessions, many writers. */
class SqliteStoreTest {

    static Path fixtureCopy() throws Exception {
        return Fixtures.copyResource(Fixtures.SQLITE_DB, SqliteTesting.newFile());
    }

    static WAMessage message(String jid, String id, boolean fromMe, long ts, String text) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.putObject("key").put("remoteJid", jid).put("fromMe", fromMe).put("id", id);
        m.put("messageTimestamp", (int) ts); // as decoded JSON has it: an IntNode
        m.putObject("message").put("conversation", text);
        m.put("status", 2);
        m.set("raw", JsonNodeFactory.instance.binaryNode(new byte[] {1, 2, 3, (byte) 250}));
        return WAMessage.of(m);
    }

    static Chat chat(String jid, boolean archived) {
        ObjectNode c = JsonNodeFactory.instance.objectNode().put("id", jid).put("archived", archived).put("unreadCount", 1);
        return Chat.of(c);
    }

    static List<JsonNode> json(List<? extends JsonDocument> docs) {
        return docs.stream().map(d -> (JsonNode) d.toJson()).toList();
    }

    @Test
    @DisplayName("reads every record the Node original wrote (after overwrites), and migrates its file in place")
    void readsTheNodeFixture() throws Exception {
        Path db = fixtureCopy();
        try (SqliteAuthStore auth = SqliteAuthStore.builder().database(db.toString()).build();
             SqliteMessageStore store = SqliteMessageStore.builder().database(db.toString()).build()) {
            assertThat(auth.readCreds().map(AuthCreds::toJson)).contains(Fixtures.creds().toJson());
            Map<String, Map<String, JsonNode>> expected = Fixtures.signalState();
            expected.forEach((type, values) -> assertThat(auth.read(type, values.keySet())).isEqualTo(values));
            Map<String, List<String>> ids = new HashMap<>();
            expected.forEach((type, values) -> ids.put(type, values.keySet().stream().sorted().toList()));
            ids.values().removeIf(List::isEmpty);
            assertThat(auth.listKeyIds()).isEqualTo(ids);
            assertThat(auth.read("pre-key", List.of("6"))).isEmpty();

            Map<MessageKey, WAMessage> latest = Fixtures.latestMessages();
            assertThat(latest).hasSize(118);
            for (WAMessage m : latest.values()) {
                assertThat(store.getMessage(m.key()).map(WAMessage::toJson)).contains(m.toJson());
            }
            int total = 0;
            for (String jid : store.listMessageJids()) {
                total += store.listMessages(jid, ListOptions.defaults()).size();
            }
            assertThat(total).isEqualTo(118);
            assertThat(new HashSet<>(json(store.listChats()))).isEqualTo(new HashSet<>(json(Fixtures.chats())));
            assertThat(store.listChats(false)).hasSize(3);
            assertThat(store.listChats(true)).hasSize(2);
            assertThat(new HashSet<>(json(store.listContacts()))).isEqualTo(new HashSet<>(json(Fixtures.contacts())));
            Fixtures.presences().forEach((jid, p) ->
                    assertThat(store.getPresence(jid).map(Presence::toJson)).contains(p.toJson()));
            assertThat(store.listScheduledJobs()).isEmpty();
        }
        assertThat(tables(db)).contains("auth_creds", "auth_signal", "messages", "chats", "contacts", "presence",
                "zaileys_jobs", "zaileys_schema_version");
    }

    @Test
    @DisplayName("readonly: reads the Node original's file as it is (no version table), refuses every write")
    void readonly() throws Exception {
        Path db = fixtureCopy();
        try (SqliteAuthStore auth = SqliteAuthStore.builder().database(db.toString()).readonly(true).build();
             SqliteMessageStore store = SqliteMessageStore.builder().database(db.toString()).readonly(true).build()) {
            assertThat(auth.readCreds()).isPresent();
            assertThat(store.listChats()).hasSize(5);
            assertThat(store.listScheduledJobs()).isEmpty();
            List<Consumer<Void>> writes = List.of(
                    v -> auth.writeCreds(Fixtures.creds()),
                    v -> auth.deleteCreds(),
                    v -> auth.write(Map.of("pre-key", Map.of("1", JsonNodeFactory.instance.textNode("x")))),
                    v -> auth.clear(),
                    v -> store.saveMessage(message("1@s.whatsapp.net", "NEW", false, 1, "x")),
                    v -> store.saveChat(chat("9@s.whatsapp.net", false)),
                    v -> store.saveScheduledJob(ScheduledJob.create("j", Instant.ofEpochSecond(10), "1@s.whatsapp.net",
                            JsonNodeFactory.instance.objectNode())),
                    v -> store.pruneMessages(PruneOptions.keepNewest(0)),
                    v -> store.clear());
            for (Consumer<Void> w : writes) {
                assertThatThrownBy(() -> w.accept(null)).isInstanceOf(ZaileysStoreException.class)
                        .satisfies(e -> assertThat(((ZaileysStoreException) e).code()).isEqualTo(Code.STORE_INVALID_INPUT))
                        .hasMessageContaining("readonly");
            }
            assertThat(store.listChats()).hasSize(5);
        }
        assertThat(tables(db)).doesNotContain("zaileys_schema_version", "zaileys_jobs");

        Path missing = SqliteTesting.newFile();
        try (SqliteAuthStore auth = SqliteAuthStore.builder().database(missing.toString()).readonly(true).build()) {
            assertThatThrownBy(auth::readCreds).isInstanceOf(ZaileysStoreException.class)
                    .satisfies(e -> assertThat(((ZaileysStoreException) e).code()).isEqualTo(Code.STORE_CONNECTION_FAILED));
        }
        assertThat(missing).doesNotExist();
    }

    @Test
    @DisplayName("a database of a newer, incompatible schema is refused; a newer compatible one is used")
    void newerSchema() {
        Path db = SqliteTesting.newFile();
        try (SqliteAuthStore auth = SqliteAuthStore.builder().database(db.toString()).build()) {
            auth.writeCreds(Fixtures.creds());
        }
        int newer = dev.zaileys.store.internal.jdbc.Migrations.latestVersion(SqliteDialect.INSTANCE) + 1;
        SqliteTesting.exec(db, "INSERT INTO zaileys_schema_version VALUES ('default', " + newer + ", 1, 0)");
        try (SqliteAuthStore auth = SqliteAuthStore.builder().database(db.toString()).build()) {
            assertThat(auth.readCreds()).isPresent();
        }
        SqliteTesting.exec(db, "INSERT INTO zaileys_schema_version VALUES ('default', 7, 5, 0)");
        for (boolean readonly : new boolean[] {false, true}) {
            try (SqliteMessageStore store = SqliteMessageStore.builder().database(db.toString()).readonly(readonly).build()) {
                assertThatThrownBy(store::listChats).isInstanceOf(ZaileysStoreException.class)
                        .satisfies(e -> assertThat(((ZaileysStoreException) e).code()).isEqualTo(Code.STORE_INCOMPATIBLE))
                        .hasMessageContaining("schema version 7");
            }
        }
    }

    @Test
    @DisplayName("writes the Node original's layout: integer flags, BLOB payloads of Buffer-encoded JSON, creds row 'default'")
    void writesTheNodeLayout() throws Exception {
        Path db = SqliteTesting.newFile();
        try (SqliteAuthStore auth = SqliteAuthStore.builder().database(db.toString()).build();
             SqliteMessageStore store = SqliteMessageStore.builder().database(db.toString()).build()) {
            auth.writeCreds(Fixtures.creds());
            store.saveMessage(message("1@s.whatsapp.net", "A", true, 1700000000, "hi"));
            store.saveChat(chat("1@s.whatsapp.net", true));
        }
        Path fixture = fixtureCopy();
        assertThat(schema(db)).containsAllEntriesOf(schema(fixture));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT typeof(from_me), from_me, typeof(timestamp), timestamp, typeof(data), "
                    + "CAST(data AS TEXT) FROM messages")) {
                assertThat(rs.next()).isTrue();
                assertThat(List.of(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5)))
                        .containsExactly("integer", 1L, "integer", 1700000000L, "blob");
                assertThat(rs.getString(6)).contains("\"raw\":{\"type\":\"Buffer\",\"data\":\"AQID+g==\"}");
            }
            try (ResultSet rs = st.executeQuery("SELECT typeof(archived), archived FROM chats")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("integer");
                assertThat(rs.getInt(2)).isEqualTo(1);
            }
            try (ResultSet rs = st.executeQuery("SELECT id FROM auth_creds")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("default");
            }
        }
    }

    @Test
    @DisplayName("both stores on one file, and two sessions in one file, stay apart")
    void sessions() {
        Path db = SqliteTesting.newFile();
        try (SqliteAuthStore a = SqliteAuthStore.builder().database(db.toString()).build();
             SqliteAuthStore b = SqliteAuthStore.builder().database(db.toString()).session("bot-2").build();
             SqliteMessageStore ma = SqliteMessageStore.builder().database(db.toString()).build();
             SqliteMessageStore mb = SqliteMessageStore.builder().database(db.toString()).session("bot-2").build()) {
            a.writeCreds(Fixtures.creds());
            b.write(Map.of("session", Map.of("x.0", JsonNodeFactory.instance.textNode("b"))));
            ma.saveMessage(message("1@s.whatsapp.net", "A", false, 1, "a"));
            mb.saveMessage(message("1@s.whatsapp.net", "B", false, 1, "b"));
            assertThat(b.readCreds()).isEmpty();
            assertThat(a.read("session", List.of("x.0"))).isEmpty();
            assertThat(ma.listMessages("1@s.whatsapp.net", ListOptions.defaults())).extracting(m -> m.key().id()).containsExactly("A");
            mb.clear();
            b.clear();
            assertThat(ma.getMessage(MessageKey.of("1@s.whatsapp.net", false, "A"))).isPresent();
            assertThat(a.readCreds()).isPresent();
            assertThat(mb.listMessageJids()).isEmpty();
        }
        // the named session is rows of the shared tables, not tables of its own
        assertThat(tables(db)).contains("zaileys_ms_messages", "zaileys_ms_auth_creds", "zaileys_sessions", "messages")
                .noneMatch(t -> t.startsWith("zaileys_s_"));
        assertThatThrownBy(() -> SqliteAuthStore.builder().database(db.toString()).session("Bad Name").build())
                .isInstanceOf(ZaileysStoreException.class)
                .satisfies(e -> assertThat(((ZaileysStoreException) e).code()).isEqualTo(Code.STORE_INVALID_INPUT));
    }

    @Test
    @DisplayName("messages: pages with before and a cursor, merges, prunes, keeps jobs, in a file and :memory:")
    void messages() {
        for (String database : List.of(SqliteTesting.newFile().toString(), ":memory:")) {
            try (SqliteMessageStore store = SqliteMessageStore.builder().database(database).build()) {
                String jid = "1@s.whatsapp.net";
                List<WAMessage> batch = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    batch.add(message(jid, String.format("ID%02d", i), i % 2 == 0, 100 + i / 10, "m" + i));
                }
                assertThat(store.saveMessages(batch)).containsOnly(SaveOutcome.NEW);
                assertThat(store.saveMessage(batch.get(0))).isEqualTo(SaveOutcome.UNCHANGED);
                List<String> walked = new ArrayList<>();
                ListOptions page = ListOptions.limit(7);
                while (true) {
                    List<WAMessage> got = store.listMessages(jid, page);
                    if (got.isEmpty()) {
                        break;
                    }
                    got.forEach(m -> walked.add(m.key().id()));
                    page = ListOptions.limit(7).after(MessageCursor.after(got.get(got.size() - 1)));
                }
                assertThat(walked).hasSize(30).doesNotHaveDuplicates().startsWith("ID29", "ID28");
                assertThat(store.listMessages(jid, ListOptions.limit(100).before(102))).hasSize(20);
                assertThat(store.pruneMessages(PruneOptions.keepNewest(5))).isEqualTo(25);
                assertThat(store.pruneMessages(new PruneOptions(102L, 3, jid))).isEqualTo(2);
                ScheduledJob job = ScheduledJob.create("j1", Instant.ofEpochSecond(50), jid, JsonNodeFactory.instance.objectNode());
                store.saveScheduledJob(job);
                ScheduledJob later = ScheduledJob.create("j1", Instant.ofEpochSecond(60), jid, JsonNodeFactory.instance.objectNode());
                assertThat(store.replaceScheduledJob(job, later)).isTrue();
                assertThat(store.replaceScheduledJob(job, later)).isFalse();
                assertThat(store.listScheduledJobs()).extracting(ScheduledJob::fireAt).containsExactly(Instant.ofEpochSecond(60));
                assertThat(store.deleteScheduledJob("j1")).isTrue();
            }
        }
    }

    @Test
    @DisplayName("many store instances writing one file at once never see 'database is locked'")
    void concurrentWriters() throws Exception {
        Path db = SqliteTesting.newFile();
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<SqliteMessageStore> stores = new ArrayList<>();
        List<SqliteAuthStore> auths = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                stores.add(SqliteMessageStore.builder().database(db.toString()).build());
                auths.add(SqliteAuthStore.builder().database(db.toString()).build());
            }
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        List<WAMessage> batch = new ArrayList<>();
                        for (int j = 0; j < 10; j++) {
                            batch.add(message("c" + writer + "@s.whatsapp.net", "M" + i + "_" + j, false, i, "x"));
                        }
                        stores.get(writer).saveMessages(batch);
                        auths.get(writer).write(Map.of("session", Map.of(writer + "." + i, JsonNodeFactory.instance.textNode("s"))));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            int total = 0;
            for (String jid : stores.get(0).listMessageJids()) {
                total += stores.get(0).listMessages(jid, ListOptions.limit(10_000)).size();
            }
            assertThat(total).isEqualTo(writers * 1000);
            assertThat(auths.get(0).listKeyIds().get("session")).hasSize(writers * 100);
        } finally {
            pool.shutdownNow();
            stores.forEach(SqliteMessageStore::close);
            auths.forEach(SqliteAuthStore::close);
        }
    }

    static Set<String> tables(Path db) {
        return new HashSet<>(schema(db).keySet());
    }

    /** table or index name -> its CREATE statement, as sqlite_master holds it. */
    static Map<String, String> schema(Path db) {
        Map<String, String> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
