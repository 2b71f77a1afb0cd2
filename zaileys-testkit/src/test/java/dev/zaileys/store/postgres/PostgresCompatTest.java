package dev.zaileys.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.WAMessage;
import dev.zaileys.testing.TestPostgres;
import dev.zaileys.testkit.Fixtures;
import dev.zaileys.testkit.PgFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The Node original's PostgreSQL tables (its pg_dump), read and written by our default session. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("PostgreSQL: the Node original's tables")
class PostgresCompatTest {

    private String url;
    private DataSource raw;

    @BeforeAll
    void loadDump() {
        url = TestPostgres.shared().createDatabase();
        raw = TestPostgres.shared().dataSource(TestPostgres.databaseOf(url));
        PgFixture.load(raw);
    }

    @Test
    @DisplayName("reads every record of inputs.jsonl (after its overwrites), compared as JSON")
    void readsTheDump() {
        try (PostgresAuthStore auth = PostgresAuthStore.builder().connectionString(url).build();
             PostgresMessageStore store = PostgresMessageStore.builder().connectionString(url).build()) {
            assertThat(auth.readCreds()).contains(Fixtures.creds());
            Map<String, Map<String, JsonNode>> state = Fixtures.signalState();
            state.values().removeIf(Map::isEmpty);
            Map<String, Map<String, JsonNode>> read = new TreeMap<>();
            auth.listKeyIds().forEach((type, ids) -> read.put(type, new TreeMap<>(auth.read(type, ids))));
            Map<String, Map<String, JsonNode>> expected = new TreeMap<>();
            state.forEach((type, m) -> expected.put(type, new TreeMap<>(m)));
            assertThat(read).isEqualTo(expected);

            Map<MessageKey, WAMessage> latest = Fixtures.latestMessages();
            for (WAMessage m : latest.values()) {
                assertThat(store.getMessage(m.key())).as(m.key().toString()).contains(m);
            }
            int listed = 0;
            for (String jid : store.listMessageJids()) {
                listed += store.listMessages(jid, dev.zaileys.store.ListOptions.limit(1000)).size();
            }
            assertThat(listed).isEqualTo(latest.size());
            assertThat(new HashSet<>(store.listChats())).isEqualTo(new HashSet<>(Fixtures.chats()));
            assertThat(new HashSet<>(store.listContacts())).isEqualTo(new HashSet<>(lastContacts()));
            assertThat(store.listPresences()).isEqualTo(new TreeMap<>(Fixtures.presences()));
        }
    }

    @Test
    @DisplayName("rows we write keep the original's columns, so it can read them")
    void writesTheOriginalsLayout() throws SQLException {
        String db = TestPostgres.shared().createDatabase();
        DataSource ds = TestPostgres.shared().dataSource(TestPostgres.databaseOf(db));
        PgFixture.load(ds);
        Map<String, String> typesBefore = columnTypes(ds);
        try (PostgresAuthStore auth = PostgresAuthStore.builder().connectionString(db).build();
             PostgresMessageStore store = PostgresMessageStore.builder().connectionString(db).build()) {
            auth.writeCreds(Fixtures.creds());
            auth.write(Map.of("pre-key", Map.of("900", BufferJson.decode("{\"public\":{\"type\":\"Buffer\",\"data\":\"AAE=\"}}"))));
            WAMessage m = Fixtures.messages().get(0);
            WAMessage moved = WAMessage.of(withKeyId(m, "OURS1"));
            store.saveMessages(List.of(moved));
            Chat chat = Fixtures.chats().get(0);
            store.saveChat(chat);
            for (ScheduledJob j : Fixtures.jobs()) {
                store.saveScheduledJob(j);
            }
        }
        Map<String, String> typesAfter = columnTypes(ds);
        typesAfter.keySet().removeIf(k -> k.startsWith("zaileys_jobs.") || k.startsWith("zaileys_schema_version.")
                || k.startsWith("zaileys_lease."));
        assertThat(typesAfter).isEqualTo(typesBefore);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT id, jsonb_typeof(data) FROM zaileys_auth_creds")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("default");
                assertThat(rs.getString(2)).isEqualTo("object");
                assertThat(rs.next()).isFalse();
            }
            try (ResultSet rs = st.executeQuery("SELECT convert_from(data, 'UTF8') FROM zaileys_auth_signal "
                    + "WHERE type = 'pre-key' AND id = '900'")) {
                assertThat(rs.next()).isTrue();
                assertThat(BufferJson.decode(rs.getString(1)).get("public").isBinary()).isTrue();
            }
            try (ResultSet rs = st.executeQuery("SELECT \"timestamp\", data->'key'->>'id', (data->>'messageTimestamp')::bigint "
                    + "FROM zaileys_messages WHERE id = 'OURS1'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(2)).isEqualTo("OURS1");
                assertThat(rs.getLong(1)).isEqualTo(rs.getLong(3));
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM zaileys_jobs")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(Fixtures.jobs().size());
            }
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode withKeyId(WAMessage m, String id) {
        var n = m.toJson();
        ((com.fasterxml.jackson.databind.node.ObjectNode) n.get("key")).put("id", id);
        return n;
    }

    private static List<Contact> lastContacts() {
        Map<String, Contact> byId = new LinkedHashMap<>();
        Fixtures.contacts().forEach(c -> byId.put(c.toJson().get("id").asText(), c));
        return new ArrayList<>(byId.values());
    }

    private static Map<String, String> columnTypes(DataSource ds) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT table_name, column_name, data_type, is_nullable, column_default "
                     + "FROM information_schema.columns WHERE table_schema = 'public' AND table_name LIKE 'zaileys%'")) {
            while (rs.next()) {
                out.put(rs.getString(1) + "." + rs.getString(2), rs.getString(3) + " " + rs.getString(4) + " " + rs.getString(5));
            }
        }
        return out;
    }
}
