package dev.zaileys.store.convex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.ListOptions;
import dev.zaileys.testing.TestConvex;
import dev.zaileys.testkit.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Convex-specific behaviour: namespaces, key layout, error mapping, options, and the Node original's rows. */
class ConvexStoresTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestConvex convex = TestConvex.shared();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        convex.reset();
    }

    private <T extends AutoCloseable> T track(T c) {
        open.add(c);
        return c;
    }

    private ConvexMessageStore messages(String ns) {
        return track(ConvexMessageStore.builder().url(convex.url()).namespace(ns).build());
    }

    private ConvexAuthStore auth(String ns) {
        return track(ConvexAuthStore.builder().url(convex.url()).namespace(ns).build());
    }

    private static WAMessage msg(String jid, String id, boolean fromMe, long ts) {
        ObjectNode n = JSON.createObjectNode();
        n.putObject("key").put("remoteJid", jid).put("fromMe", fromMe).put("id", id);
        n.put("messageTimestamp", ts);
        n.putObject("message").put("conversation", jid + "/" + id);
        return WAMessage.of(n);
    }

    @Test
    void twoNamespacesAreIsolated() {
        ConvexMessageStore a = messages("iso-a");
        ConvexMessageStore b = messages("iso-b");
        ConvexAuthStore authA = auth("iso-a");
        ConvexAuthStore authB = auth("iso-b");
        a.saveMessage(msg("1@s.whatsapp.net", "X", false, 10));
        b.saveMessage(msg("1@s.whatsapp.net", "Y", false, 10));
        authA.writeCreds(Fixtures.creds());
        authB.write(Map.of("pre-key", Map.of("1", JSON.createObjectNode().put("k", 1))));
        assertThat(a.listMessages("1@s.whatsapp.net")).extracting(m -> m.key().id()).containsExactly("X");
        assertThat(b.listMessages("1@s.whatsapp.net")).extracting(m -> m.key().id()).containsExactly("Y");
        assertThat(authB.readCreds()).isEmpty();
        assertThat(authA.listKeyIds()).isEmpty();

        a.clear();
        authB.clear();
        assertThat(a.listMessageJids()).isEmpty();
        assertThat(b.listMessageJids()).containsExactly("1@s.whatsapp.net");
        assertThat(authA.readCreds()).isPresent();
        assertThat(authB.listKeyIds()).isEmpty();
    }

    @Test
    void authClearLeavesHistoryOfTheSameNamespace() {
        ConvexMessageStore store = messages("shared");
        ConvexAuthStore session = auth("shared");
        store.saveMessage(msg("1@s.whatsapp.net", "X", false, 10));
        session.writeCreds(Fixtures.creds());
        session.clear();
        assertThat(session.readCreds()).isEmpty();
        assertThat(store.listMessages("1@s.whatsapp.net")).hasSize(1);
    }

    @Test
    void keysThatCollideInTheOriginalStayApart() {
        ConvexMessageStore store = messages("keys");
        String plain = "1@s.whatsapp.net";
        String device = "1:2@s.whatsapp.net";
        String emoji = new String(Character.toChars(0x1F600)) + "x@s.whatsapp.net";
        store.saveMessages(List.of(msg(plain, "2@s.whatsapp.net:ID", false, 5), msg(device, "ID", false, 6),
                msg(plain, "a|1", false, 7), msg(plain, "a", true, 7), msg(emoji, "E", false, 8), msg("%3A@x", "P", false, 9)));
        assertThat(store.listMessages(plain)).extracting(m -> m.key().id()).containsExactly("a|1", "a", "2@s.whatsapp.net:ID");
        assertThat(store.listMessages(device)).extracting(m -> m.key().id()).containsExactly("ID");
        assertThat(store.listMessages(emoji)).extracting(m -> m.key().id()).containsExactly("E");
        assertThat(store.listMessages("%3A@x")).extracting(m -> m.key().id()).containsExactly("P");
        assertThat(store.listMessageJids()).containsExactlyInAnyOrder(plain, device, emoji, "%3A@x");
        assertThat(store.getMessage(MessageKey.of(plain, false, "a|1"))).isPresent();
        assertThat(store.getMessage(MessageKey.of(plain, true, "a|1"))).isEmpty();

        // An ordinary message keeps the original's exact row key.
        String raw = convex.call("query", "zaileys:listKeys", "{\"namespace\":\"keys\",\"prefix\":\"msg:1@\"}");
        assertThat(raw).contains("\"msg:1@s.whatsapp.net:a|1\"", "\"msg:1@s.whatsapp.net:a|1|0\"");

        // Keys beginning above U+FFFF are listed (the original's prefix bound misses them).
        ObjectNode contact = JSON.createObjectNode().put("name", "smile");
        store.saveContact(Contact.of(contact.put("id", emoji)));
        store.saveChat(Chat.of(JSON.createObjectNode().put("id", emoji)));
        assertThat(store.listContacts()).extracting(Contact::id).containsExactly(emoji);
        assertThat(store.listChats()).extracting(Chat::id).containsExactly(emoji);
    }

    @Test
    void aFunctionErrorCarriesItsMessage() {
        ConvexHttpClient client = track(ConvexHttpClient.create(convex.url()));
        ObjectNode badLimit = JSON.createObjectNode().put("namespace", "n").put("prefix", "").put("limit", 0);
        assertThatThrownBy(() -> client.query("zaileys:scan", badLimit))
                .isInstanceOfSatisfying(ZaileysStoreException.class, e -> assertThat(e.code()).isEqualTo(Code.STORE_READ_FAILED))
                .hasMessageContaining("limit must be an integer >= 1");
        assertThatThrownBy(() -> client.mutation("zaileys:noSuchFunction", JSON.createObjectNode()))
                .isInstanceOfSatisfying(ZaileysStoreException.class, e -> assertThat(e.code()).isEqualTo(Code.STORE_WRITE_FAILED))
                .hasMessageContaining("zaileys:noSuchFunction");
        // Through a store: a provided client whose functions fail.
        ConvexClient failing = new ConvexClient() {
            @Override
            public JsonNode query(String path, ObjectNode args) {
                return client.query("zaileys:scan", badLimit);
            }

            @Override
            public JsonNode mutation(String path, ObjectNode args) {
                return client.mutation("zaileys:noSuchFunction", args);
            }
        };
        ConvexMessageStore store = track(ConvexMessageStore.builder().client(failing).build());
        assertThatThrownBy(store::listContacts).isInstanceOfSatisfying(ZaileysStoreException.class,
                e -> assertThat(e.code()).isEqualTo(Code.STORE_READ_FAILED)).hasMessageContaining("limit must be an integer");
        assertThatThrownBy(() -> store.saveChat(Chat.of(JSON.createObjectNode().put("id", "c@g.us"))))
                .isInstanceOfSatisfying(ZaileysStoreException.class, e -> assertThat(e.code()).isIn(Code.STORE_WRITE_FAILED, Code.STORE_READ_FAILED));
    }

    @Test
    void unreachableIsConnectionFailed() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ConvexAuthStore store = track(ConvexAuthStore.builder().url("http://127.0.0.1:" + port).build());
        assertThatThrownBy(store::readCreds).isInstanceOfSatisfying(ZaileysStoreException.class,
                e -> assertThat(e.code()).isEqualTo(Code.STORE_CONNECTION_FAILED));
    }

    @Test
    void malformedRepliesAreCorruptedAndTransient5xxAreRetried() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        Map<String, String> replies = new HashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                String path = JSON.readTree(in).path("path").asText();
                int n = calls.incrementAndGet();
                byte[] body;
                int status;
                if (path.equals("zaileys:get") && n == 1) {
                    status = 503;
                    body = "busy".getBytes(StandardCharsets.UTF_8);
                } else {
                    status = 200;
                    body = replies.getOrDefault(path, "not json").getBytes(StandardCharsets.UTF_8);
                }
                ex.sendResponseHeaders(status, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            ConvexAuthStore store = track(ConvexAuthStore.builder().url(url).build());
            replies.put("zaileys:get", "{\"status\":\"success\",\"value\":[]}");
            assertThat(store.readCreds()).isEmpty();
            assertThat(calls.get()).isEqualTo(2);
            replies.put("zaileys:get", "{\"status\":\"success\",\"value\":{\"oops\":1}}");
            assertThatThrownBy(store::readCreds).isInstanceOfSatisfying(ZaileysStoreException.class,
                    e -> assertThat(e.code()).isEqualTo(Code.STORE_CORRUPTED));
            assertThatThrownBy(store::listKeyIds).isInstanceOfSatisfying(ZaileysStoreException.class,
                    e -> assertThat(e.code()).isEqualTo(Code.STORE_CORRUPTED));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void optionsNeedExactlyOneOfUrlAndClient() {
        ConvexHttpClient client = track(ConvexHttpClient.create(convex.url()));
        assertThatThrownBy(() -> ConvexAuthStore.builder().build()).isInstanceOfSatisfying(ZaileysStoreException.class,
                e -> assertThat(e.code()).isEqualTo(Code.STORE_INVALID_INPUT));
        assertThatThrownBy(() -> ConvexMessageStore.builder().url(convex.url()).client(client).build())
                .isInstanceOfSatisfying(ZaileysStoreException.class, e -> assertThat(e.code()).isEqualTo(Code.STORE_INVALID_INPUT));
        assertThatThrownBy(() -> ConvexAuthStore.builder().url("ftp://x").build()).isInstanceOfSatisfying(ZaileysStoreException.class,
                e -> assertThat(e.code()).isEqualTo(Code.STORE_INVALID_INPUT));
        assertThatThrownBy(() -> ConvexAuthStore.builder().url(convex.url()).namespace("").build())
                .isInstanceOfSatisfying(ZaileysStoreException.class, e -> assertThat(e.code()).isEqualTo(Code.STORE_INVALID_INPUT));

        // A shared client is not closed by the stores.
        ConvexAuthStore a = ConvexAuthStore.builder().client(client).namespace("share").build();
        ConvexMessageStore m = ConvexMessageStore.builder().client(client).namespace("share").build();
        assertThat(a.namespace()).isEqualTo("share");
        a.close();
        m.close();
        assertThat(ConvexAuthStore.builder().client(client).build().readCreds()).isEmpty();

        ConvexMessageStore fromUri = track(ConvexMessageStore.builder().url(convex.url() + "?namespace=uri-ns").build());
        assertThat(fromUri.namespace()).isEqualTo("uri-ns");
        fromUri.saveMessage(msg("1@s.whatsapp.net", "U", false, 1));
        assertThat(messages("uri-ns").listMessageJids()).containsExactly("1@s.whatsapp.net");
        assertThat(track(ConvexAuthStore.builder().url(convex.url()).build()).namespace()).isEqualTo("zaileys");
    }

    @Test
    void readsWhatTheNodeOriginalWrote() throws IOException {
        loadOriginalRows();
        ConvexAuthStore session = auth("fx-auth");
        ConvexMessageStore store = messages("fx-store");

        assertThat(session.readCreds()).contains(Fixtures.creds());
        Map<String, Map<String, JsonNode>> signal = Fixtures.signalState();
        signal.forEach((type, values) -> assertThat(session.read(type, values.keySet())).as(type).isEqualTo(values));
        Map<String, List<String>> ids = new HashMap<>();
        signal.forEach((type, values) -> ids.put(type, values.keySet().stream().sorted().toList()));
        assertThat(session.listKeyIds()).isEqualTo(ids);

        Map<MessageKey, WAMessage> latest = Fixtures.latestMessages();
        Map<String, List<WAMessage>> byChat = new HashMap<>();
        latest.values().forEach(m -> byChat.computeIfAbsent(m.key().remoteJid(), j -> new ArrayList<>()).add(m));
        assertThat(store.listMessageJids()).containsExactlyInAnyOrderElementsOf(byChat.keySet());
        byChat.forEach((jid, list) -> assertThat(store.listMessages(jid, ListOptions.limit(1000))).as(jid)
                .containsExactlyInAnyOrderElementsOf(list));
        latest.forEach((k, m) -> assertThat(store.getMessage(k)).contains(m));

        Map<String, Chat> chats = new HashMap<>();
        Fixtures.chats().forEach(c -> chats.put(c.id(), c));
        assertThat(store.listChats()).containsExactlyInAnyOrderElementsOf(chats.values());
        assertThat(store.listChats(true)).containsExactlyInAnyOrderElementsOf(
                chats.values().stream().filter(c -> c.toJson().path("archived").asBoolean(false)).toList());
        Map<String, Contact> contacts = new HashMap<>();
        Fixtures.contacts().forEach(c -> contacts.put(c.id(), c));
        assertThat(store.listContacts()).containsExactlyInAnyOrderElementsOf(contacts.values());
        Fixtures.presences().forEach((jid, p) -> assertThat(store.getPresence(jid)).contains(p));
        assertThat(store.listPresences()).containsOnlyKeys(Fixtures.presences().keySet());
        assertThat(store.listScheduledJobs()).containsExactlyInAnyOrderElementsOf(Fixtures.jobs());

        // The original's job rows can be claimed and deleted (compared as documents, not bytes).
        var job = store.listScheduledJobs().get(0);
        assertThat(store.replaceScheduledJob(job, job)).isTrue();
        assertThat(store.deleteScheduledJob(job.id())).isTrue();
        assertThat(store.listScheduledJobs()).hasSize(1);
    }

    @Test
    void writesTheOriginalsRows() throws IOException {
        ConvexAuthStore session = auth("fx-auth");
        ConvexMessageStore store = messages("fx-store");
        session.writeCreds(Fixtures.creds());
        for (ObjectNode line : Fixtures.signalLines()) {
            Map<String, JsonNode> one = new HashMap<>();
            one.put(line.get("id").asText(), line.get("value"));
            session.write(Map.of(line.get("type").asText(), one));
        }
        Fixtures.messages().forEach(store::saveMessage);
        Fixtures.chats().forEach(store::saveChat);
        Fixtures.contacts().forEach(store::saveContact);
        Fixtures.presences().forEach(store::savePresence);
        Fixtures.jobs().forEach(store::saveScheduledJob);
        // Same keys and sort keys as the Node original's rows; values decode to the same documents.
        Map<String, JsonNode> original = new HashMap<>();
        for (JsonNode row : originalRows()) {
            original.put(row.get("namespace").asText() + "/" + row.get("key").asText(), row);
        }
        Map<String, JsonNode> ours = new HashMap<>();
        for (String ns : List.of("fx-auth", "fx-store")) {
            JsonNode page = JSON.readTree(convex.call("query", "zaileys:scan",
                    "{\"namespace\":\"" + ns + "\",\"prefix\":\"\",\"limit\":1000}")).path("value");
            assertThat(page.path("isDone").asBoolean()).isTrue();
            page.path("page").forEach(r -> ours.put(ns + "/" + r.get("key").asText(), r));
        }
        assertThat(ours.keySet()).isEqualTo(original.keySet());
        for (var e : original.entrySet()) {
            String k = e.getKey();
            JsonNode row = e.getValue();
            JsonNode mine = ours.get(k);
            assertThat(mine.path("sortKey").asDouble(-1)).as(k).isEqualTo(row.path("sortKey").asDouble(-1));
            if (!k.endsWith("/creds")) { // creds: the original stored account's bytes as plain base64
                assertThat(JSON.readTree(mine.get("value").asText())).as(k).isEqualTo(JSON.readTree(row.get("value").asText()));
            }
        }
    }

    private static List<JsonNode> originalRows() throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        try (InputStream in = ConvexStoresTest.class.getResourceAsStream("/fixtures/zaileys-node/convex/zaileys_kv.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    rows.add(JSON.readTree(line));
                }
            }
        }
        return rows;
    }

    private void loadOriginalRows() throws IOException {
        Map<String, ArrayNode> byNs = new HashMap<>();
        for (JsonNode row : originalRows()) {
            ObjectNode item = JSON.createObjectNode().put("key", row.get("key").asText()).put("value", row.get("value").asText());
            if (row.has("sortKey")) {
                item.set("sortKey", row.get("sortKey"));
            }
            byNs.computeIfAbsent(row.get("namespace").asText(), n -> JSON.createArrayNode()).add(item);
        }
        for (var e : byNs.entrySet()) {
            ObjectNode args = JSON.createObjectNode().put("namespace", e.getKey());
            args.set("items", e.getValue());
            assertThat(convex.call("mutation", "zaileys:set", JSON.writeValueAsString(args))).contains("success");
        }
    }
}
