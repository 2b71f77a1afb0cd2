package dev.zaileys.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.WAMessage;
import dev.zaileys.store.ListOptions;
import dev.zaileys.testkit.Fixtures;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Node original's Redis layout, both ways: what it wrote ({@code redis/dump.jsonl}) reads back
 * as the fixture inputs, and what we write from those inputs is, key by key, what it wrote.
 */
class RedisNodeCompatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> namespaces = new ArrayList<>();

    @AfterEach
    void drop() {
        namespaces.forEach(RedisTesting::dropNamespace);
    }

    private String ns(String prefix) {
        String ns = RedisTesting.freshNamespace(prefix);
        namespaces.add(ns);
        return ns;
    }

    @Test
    void readsWhatTheNodeOriginalWrote() {
        String auth = ns("fx-auth");
        String store = ns("fx-store");
        load(Map.of("fx-auth", auth, "fx-store", store));

        try (RedisAuthStore a = RedisAuthStore.builder().url(RedisTesting.url()).namespace(auth).build()) {
            assertThat(a.readCreds()).contains(Fixtures.creds());
            Map<String, Map<String, JsonNode>> expected = Fixtures.signalState();
            assertThat(a.listKeyIds()).isEqualTo(sortedIds(expected));
            expected.forEach((type, values) ->
                    assertThat(a.read(type, values.keySet())).as(type).isEqualTo(values));
        }
        try (RedisMessageStore s = RedisMessageStore.builder().url(RedisTesting.url()).namespace(store).build()) {
            Map<MessageKey, WAMessage> latest = Fixtures.latestMessages();
            for (WAMessage m : latest.values()) {
                assertThat(s.getMessage(m.key())).contains(m);
            }
            Set<String> jids = new HashSet<>();
            latest.keySet().forEach(k -> jids.add(k.remoteJid()));
            assertThat(s.listMessageJids()).containsExactlyInAnyOrderElementsOf(jids);
            for (String jid : jids) {
                List<WAMessage> all = s.listMessages(jid, ListOptions.limit(1000));
                assertThat(all).containsExactlyInAnyOrderElementsOf(
                        latest.values().stream().filter(m -> m.key().remoteJid().equals(jid)).toList());
            }
            assertThat(s.listChats()).containsExactlyInAnyOrderElementsOf(Fixtures.chats());
            assertThat(s.listChats(true)).containsExactlyInAnyOrderElementsOf(
                    Fixtures.chats().stream().filter(c -> c.toJson().path("archived").asBoolean()).toList());
            assertThat(s.listContacts()).containsExactlyInAnyOrderElementsOf(Fixtures.contacts());
            assertThat(s.listPresences()).isEqualTo(new TreeMap<>(Fixtures.presences()));
        }
    }

    @Test
    void writesWhatTheNodeOriginalWrote() {
        String auth = ns("fx-auth");
        String store = ns("fx-store");
        try (RedisAuthStore a = RedisAuthStore.builder().url(RedisTesting.url()).namespace(auth).build();
             RedisMessageStore s = RedisMessageStore.builder().url(RedisTesting.url()).namespace(store).build()) {
            for (ObjectNode r : Fixtures.records()) {
                switch (r.get("kind").asText()) {
                    case "creds" -> a.writeCreds(Fixtures.creds());
                    case "signal" -> {
                        Map<String, JsonNode> one = new java.util.HashMap<>();
                        one.put(r.get("id").asText(), r.get("value"));
                        a.write(Map.of(r.get("type").asText(), one));
                    }
                    case "message" -> s.saveMessage(WAMessage.of((ObjectNode) r.get("value")));
                    case "chat" -> s.saveChat(Chat.of((ObjectNode) r.get("value")));
                    case "contact" -> s.saveContact(Contact.of((ObjectNode) r.get("value")));
                    case "presence" -> s.savePresence(r.get("jid").asText(),
                            dev.zaileys.model.Presence.of((ObjectNode) r.get("value")));
                    default -> { } // jobs: the Node original's Redis store has none
                }
            }
        }
        Map<String, JsonNode> expected = new TreeMap<>();
        for (String line : Fixtures.redisDumpLines()) {
            ObjectNode d = (ObjectNode) read(line);
            String key = d.get("key").asText().replaceFirst("^fx-auth:", auth + ":").replaceFirst("^fx-store:", store + ":");
            d.put("key", key);
            expected.put(key, normalize(d));
        }
        Map<String, JsonNode> actual = new TreeMap<>();
        for (String ns : List.of(auth, store)) {
            for (String key : RedisTesting.layoutKeysOf(ns)) {
                actual.put(key, normalize(rawDump(key)));
            }
        }
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        actual.forEach((k, v) -> assertThat(v).as(k).isEqualTo(expected.get(k)));
    }

    // ---- helpers ----

    private static Map<String, List<String>> sortedIds(Map<String, Map<String, JsonNode>> state) {
        Map<String, List<String>> out = new TreeMap<>();
        state.forEach((t, v) -> out.put(t, v.keySet().stream().sorted().toList()));
        return out;
    }

    /** Loads the dump into Redis, renaming its namespaces. */
    static void load(Map<String, String> rename) {
        RedisCommands<String, String> r = RedisTesting.raw();
        for (String line : Fixtures.redisDumpLines()) {
            JsonNode d = read(line);
            String named = d.get("key").asText();
            for (var e : rename.entrySet()) {
                if (named.startsWith(e.getKey() + ":")) {
                    named = e.getValue() + named.substring(e.getKey().length());
                }
            }
            String key = named;
            JsonNode v = d.get("value");
            switch (d.get("type").asText()) {
                case "string" -> {
                    long ttl = d.get("ttl_seconds").asLong();
                    if (ttl > 0) {
                        r.setex(key, ttl, v.asText());
                    } else {
                        r.set(key, v.asText());
                    }
                }
                case "hash" -> {
                    Map<String, String> m = new TreeMap<>();
                    v.fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue().asText()));
                    r.hset(key, m);
                }
                case "set" -> v.forEach(m -> r.sadd(key, m.asText()));
                case "zset" -> v.forEach(p -> r.zadd(key, p.get(1).asDouble(), p.get(0).asText()));
                default -> throw new IllegalStateException("unexpected type in dump: " + d);
            }
        }
    }

    /** One key as the dump shows it: strings, hashes and documents compared as JSON. */
    private static ObjectNode rawDump(String key) {
        RedisCommands<String, String> r = RedisTesting.raw();
        ObjectNode d = JSON.createObjectNode();
        d.put("key", key);
        String type = r.type(key);
        d.put("type", type);
        switch (type) {
            case "string" -> d.put("value", r.get(key));
            case "hash" -> {
                ObjectNode h = d.putObject("value");
                new TreeMap<>(r.hgetall(key)).forEach(h::put);
            }
            case "set" -> r.smembers(key).stream().sorted().forEach(d.putArray("value")::add);
            case "zset" -> {
                var arr = d.putArray("value");
                r.zrangeWithScores(key, 0, -1).forEach(sv -> arr.addArray().add(sv.getValue()).add((long) sv.getScore()));
            }
            default -> throw new IllegalStateException(type);
        }
        long ttl = r.ttl(key);
        d.put("ttl", ttl > 0 ? "some" : "none");
        return d;
    }

    /** Values that hold JSON documents parsed, so key order and spacing do not matter; TTLs as some/none. */
    private static JsonNode normalize(ObjectNode d) {
        ObjectNode out = d.deepCopy();
        if (out.has("ttl_seconds")) {
            out.put("ttl", out.get("ttl_seconds").asLong() > 0 ? "some" : "none");
            out.remove("ttl_seconds");
        }
        JsonNode v = out.get("value");
        if (v.isTextual() && !out.get("key").asText().contains("signal-index")) {
            out.set("value", read(v.asText()));
        } else if (v.isObject()) {
            ObjectNode parsed = JSON.createObjectNode();
            v.fields().forEachRemaining(f -> parsed.set(f.getKey(), read(f.getValue().asText())));
            out.set("value", parsed);
        } else if (v.isArray() && out.get("type").asText().equals("zset")) {
            // Node wrote scores as numbers; compare as integers.
            var arr = JSON.createArrayNode();
            v.forEach(p -> arr.addArray().add(p.get(0).asText()).add(p.get(1).asLong()));
            out.set("value", arr);
        }
        return out;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
