package dev.zaileys.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Presence;
import dev.zaileys.model.WAMessage;
import dev.zaileys.testkit.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Redis: the per-namespace key index (drop and summary without a SCAN)")
class RedisKeyIndexTest {

    private final RedisSessions catalog = RedisSessions.of(RedisTesting.url());

    @AfterEach
    void close() {
        catalog.close();
    }

    /** Writes one of every kind of variable-name key, plus creds, a chat and a contact. */
    private static void fill(String ns) {
        try (RedisAuthStore a = RedisAuthStore.builder().url(RedisTesting.url()).namespace(ns).build();
             RedisMessageStore m = RedisMessageStore.builder().url(RedisTesting.url()).namespace(ns).build()) {
            a.writeCreds(Fixtures.creds());
            a.write(Map.of("pre-key", Map.of("1", JsonNodeFactory.instance.objectNode().put("k", 1),
                            "2", JsonNodeFactory.instance.objectNode().put("k", 2)),
                    "session", Map.of("a:1.0", JsonNodeFactory.instance.objectNode().put("k", 3))));
            m.saveMessages(List.of(message("1@s.whatsapp.net", "A"), message("1@s.whatsapp.net", "B"),
                    message("2:7@s.whatsapp.net", "C")));
            m.savePresence("9@s.whatsapp.net", Presence.of((ObjectNode)
                    BufferJson.decode("{\"lastKnownPresence\":\"available\"}")));
        }
    }

    private static WAMessage message(String jid, String id) {
        return WAMessage.of((ObjectNode) BufferJson.decode("{\"key\":{\"remoteJid\":\"" + jid + "\",\"fromMe\":false,\"id\":\""
                + id + "\"},\"messageTimestamp\":1700000000,\"message\":{\"conversation\":\"hi\"}}"));
    }

    /** How many SCAN commands the server has run since its statistics were last reset. */
    private static long scans() {
        for (String line : RedisTesting.raw().info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_scan:")) {
                return Long.parseLong(line.replaceAll(".*calls=(\\d+).*", "$1"));
            }
        }
        return 0;
    }

    @Test
    @DisplayName("a new namespace is indexed: summary and drop send no SCAN, and the drop leaves no key of it nor takes a neighbour's")
    void indexedNamespaceNeedsNoScan() {
        String ns = RedisTesting.freshNamespace("idx");
        // Neighbours whose names start with ns, including ones that would share its keys unencoded.
        List<String> neighbours = List.of(ns + "x", ns + ":msg", ns + ":auth", ns + "-");
        neighbours.forEach(RedisKeyIndexTest::fill);
        fill(ns);
        assertThat(RedisTesting.raw().exists(new Keys(ns).indexMarker())).isEqualTo(1);
        List<String> before = RedisTesting.keysOf(ns);
        assertThat(before).hasSizeGreaterThan(10);

        RedisTesting.raw().configResetstat();
        var s = catalog.summary(ns).orElseThrow();
        assertThat(catalog.drop(ns)).isTrue();
        assertThat(scans()).as("SCAN calls for an indexed summary and drop").isZero();

        assertThat(List.of(s.signalKeys(), s.messages(), s.presences(), s.chats())).containsExactly(3L, 3L, 1L, 0L);
        assertThat(s.creds()).isTrue();
        assertThat(RedisTesting.keysOf(ns)).isEmpty();
        for (String n : neighbours) {
            var t = catalog.summary(n).orElseThrow();
            assertThat(List.of(t.signalKeys(), t.messages(), t.presences())).as(n).containsExactly(3L, 3L, 1L);
            assertThat(RedisTesting.keysOf(n)).as(n).hasSize(before.size());
            assertThat(catalog.drop(n)).isTrue();
            assertThat(RedisTesting.keysOf(n)).as(n).isEmpty();
        }
    }

    @Test
    @DisplayName("a namespace the Node original wrote gets no marker when we open it; it is still dropped whole (by SCAN)")
    void nodeLayoutWithoutMarkerIsDroppedWhole() {
        String ns = RedisTesting.freshNamespace("node");
        String neighbour = ns + "x";
        fill(neighbour);
        RedisNodeCompatTest.load(Map.of("fx-auth", ns, "fx-store", ns));
        List<String> loaded = RedisTesting.keysOf(ns);
        assertThat(loaded).anyMatch(k -> k.contains(":msg:")).anyMatch(k -> k.contains(":presence:"))
                .anyMatch(k -> k.contains(":auth:signal:"));
        // Opening registers it, and must not take it for new: it holds keys no index lists.
        try (RedisAuthStore a = RedisAuthStore.builder().url(RedisTesting.url()).namespace(ns).build()) {
            assertThat(a.readCreds()).contains(Fixtures.creds());
        }
        assertThat(catalog.list()).contains(ns);
        assertThat(RedisTesting.raw().exists(new Keys(ns).indexMarker())).isZero();

        assertThat(catalog.drop(ns)).isTrue();
        assertThat(RedisTesting.keysOf(ns)).isEmpty();
        assertThat(RedisTesting.keysOf(neighbour)).isNotEmpty();
        catalog.drop(neighbour);
    }

    @Test
    @DisplayName("a summary of a Node-layout namespace rebuilds its index once; the next drop then needs no SCAN and leaves nothing")
    void summaryRebuildsTheIndex() {
        String ns = RedisTesting.freshNamespace("rebuild");
        RedisNodeCompatTest.load(Map.of("fx-auth", ns, "fx-store", ns));
        try (RedisMessageStore m = RedisMessageStore.builder().url(RedisTesting.url()).namespace(ns).build()) {
            m.getChat("0@s.whatsapp.net");
        }
        var scanned = catalog.summary(ns).orElseThrow();
        assertThat(RedisTesting.raw().exists(new Keys(ns).indexMarker())).isEqualTo(1);
        assertThat(scanned.signalKeys()).isEqualTo(RedisTesting.keysOf(ns).stream().filter(k -> k.contains(":auth:signal:")).count())
                .isPositive();
        assertThat(scanned.messages()).isPositive();

        RedisTesting.raw().configResetstat();
        var indexed = catalog.summary(ns).orElseThrow();
        assertThat(catalog.drop(ns)).isTrue();
        assertThat(scans()).isZero();
        assertThat(indexed).isEqualTo(scanned);
        assertThat(RedisTesting.keysOf(ns)).isEmpty();
    }
}
