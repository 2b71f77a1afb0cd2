package dev.zaileys.store.redis;

import static dev.zaileys.testkit.Misconfigured.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Chat;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.Presence;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageCursor;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.PruneOptions;
import dev.zaileys.store.memory.MemoryMessageStore;
import dev.zaileys.testing.TestRedis;
import dev.zaileys.testkit.Misconfigured;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What only the Redis stores promise: namespaces, options, the persistence warning, faults, paging ties. */
class RedisStoresTest {

    private final List<String> namespaces = new ArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        namespaces.forEach(RedisTesting::dropNamespace);
    }

    private String ns(String prefix) {
        String ns = RedisTesting.freshNamespace(prefix);
        namespaces.add(ns);
        return ns;
    }

    private <T extends AutoCloseable> T track(T c) {
        open.add(c);
        return c;
    }

    static WAMessage message(String jid, String id, boolean fromMe, long ts, String text) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.putObject("key").put("remoteJid", jid).put("fromMe", fromMe).put("id", id);
        m.put("messageTimestamp", ts);
        m.putObject("message").put("conversation", text);
        return WAMessage.of(m);
    }

    private static void fill(MessageStore s, String ns) {
        s.saveMessages(List.of(message("1@s.whatsapp.net", "A1", false, 100, "hi " + ns),
                message("1@s.whatsapp.net", "A2", true, 101, "yo")));
        ObjectNode chat = JsonNodeFactory.instance.objectNode().put("id", "1@s.whatsapp.net").put("archived", true);
        s.saveChat(Chat.of(chat));
        s.savePresence("1@s.whatsapp.net", Presence.of(JsonNodeFactory.instance.objectNode().put("lastKnownPresence", "available")));
        s.saveScheduledJob(ScheduledJob.create("job-1", Instant.ofEpochSecond(2_000_000_000L), "1@s.whatsapp.net",
                TextNode.valueOf("later")));
    }

    // ---- namespaces ----

    @Test
    void clearTouchesOnlyItsOwnNamespaceAndItsOwnKeys() {
        String url = RedisTesting.url();
        String a = ns("iso-a");
        // A namespace that glob-matches a's pattern if it were not escaped, and one that extends it.
        String b = a + "*";
        namespaces.add(b);
        String c = a + ":x";
        namespaces.add(c);
        RedisMessageStore sa = track(RedisMessageStore.builder().url(url).namespace(a).build());
        RedisMessageStore sb = track(RedisMessageStore.builder().url(url).namespace(b).build());
        RedisAuthStore authA = track(RedisAuthStore.builder().url(url).namespace(a).build());
        RedisAuthStore authC = track(RedisAuthStore.builder().url(url).namespace(c).build());
        fill(sa, "a");
        fill(sb, "b");
        authA.write(Map.of("pre-key", Map.of("1", TextNode.valueOf("k"))));
        authC.write(Map.of("pre-key", Map.of("1", TextNode.valueOf("k"))));
        List<String> bBefore = RedisTesting.keysOf(b);
        List<String> cBefore = RedisTesting.keysOf(c);
        assertThat(bBefore).isNotEmpty();

        sa.clear();
        assertThat(RedisTesting.layoutKeysOf(a).stream().filter(k -> !k.startsWith(c + ":")))
                .containsExactly(a + ":auth:signal-index:pre-key", a + ":auth:signal:pre-key:1");
        assertThat(RedisTesting.keysOf(b)).isEqualTo(bBefore);
        assertThat(RedisTesting.keysOf(c)).isEqualTo(cBefore);
        assertThat(sb.listMessages("1@s.whatsapp.net", ListOptions.defaults())).hasSize(2);

        // The auth store's clear (run on logout) leaves the history of a shared namespace alone.
        fill(sa, "a");
        authA.clear();
        assertThat(authA.listKeyIds()).isEmpty();
        assertThat(sa.listMessages("1@s.whatsapp.net", ListOptions.defaults())).hasSize(2);
        assertThat(authC.listKeyIds()).containsKey("pre-key");
    }

    @Test
    @DisplayName("namespaces holding ':' share no key with the namespaces they extend (issue 12, item 1)")
    void namespacesWithColonsAreDisjoint() {
        String url = RedisTesting.url();
        String p = ns("colon");
        List<String> others = List.of(p + ":auth", p + ":msg", p + ":presence");
        namespaces.addAll(others);
        RedisAuthStore authP = track(RedisAuthStore.builder().url(url).namespace(p).build());
        RedisMessageStore msgP = track(RedisMessageStore.builder().url(url).namespace(p).build());
        List<RedisAuthStore> otherAuth = new ArrayList<>();
        List<RedisMessageStore> otherMsg = new ArrayList<>();
        for (String o : others) {
            RedisAuthStore a = track(RedisAuthStore.builder().url(url).namespace(o).build());
            RedisMessageStore m = track(RedisMessageStore.builder().url(url).namespace(o).build());
            a.writeCreds(dev.zaileys.testkit.Fixtures.creds());
            a.write(Map.of("pre-key", Map.of("1", TextNode.valueOf("k"))));
            fill(m, o);
            otherAuth.add(a);
            otherMsg.add(m);
        }
        fill(msgP, p);
        authP.writeCreds(dev.zaileys.testkit.Fixtures.creds());

        assertThat(msgP.listMessageJids()).containsExactly("1@s.whatsapp.net");
        authP.clear();
        msgP.clear();
        for (int i = 0; i < others.size(); i++) {
            assertThat(otherAuth.get(i).readCreds()).as(others.get(i)).contains(dev.zaileys.testkit.Fixtures.creds());
            assertThat(otherAuth.get(i).listKeyIds()).as(others.get(i)).containsKey("pre-key");
            assertThat(otherMsg.get(i).listMessages("1@s.whatsapp.net", ListOptions.defaults())).as(others.get(i)).hasSize(2);
            assertThat(otherMsg.get(i).listMessageJids()).as(others.get(i)).containsExactly("1@s.whatsapp.net");
        }

        // Creds of "q:msg" against the message set of q's chat "auth:creds": the same key unencoded.
        String q = ns("colon-q");
        namespaces.add(q + ":msg");
        RedisMessageStore msgQ = track(RedisMessageStore.builder().url(url).namespace(q).build());
        RedisAuthStore authQmsg = track(RedisAuthStore.builder().url(url).namespace(q + ":msg").build());
        msgQ.saveMessages(List.of(message("auth:creds", "B1", false, 100, "kept")));
        authQmsg.writeCreds(dev.zaileys.testkit.Fixtures.creds());
        assertThat(msgQ.listMessages("auth:creds", ListOptions.defaults())).hasSize(1);
        assertThat(authQmsg.readCreds()).contains(dev.zaileys.testkit.Fixtures.creds());

        // The default layout is untouched: a namespace without ':' or '%' is the key prefix as given.
        assertThat(RedisTesting.raw().exists(q + ":msg:auth:creds")).isEqualTo(1L);
        assertThat(Keys.keyPrefix("zaileys")).isEqualTo("zaileys");
        assertThat(Keys.keyPrefix("a:b%")).isEqualTo("a%3Ab%25");
    }

    @Test
    @DisplayName("a key of the wrong type is STORE_CORRUPTED naming it; verify lists it and goes on (issue 12, item 5)")
    void wrongTypeKeysAreDamagedRecordsNamed() {
        String n = ns("wrongtype");
        RedisAuthStore auth = track(RedisAuthStore.builder().url(RedisTesting.url()).namespace(n).build());
        RedisMessageStore msgs = track(RedisMessageStore.builder().url(RedisTesting.url()).namespace(n).build());
        fill(msgs, n);
        auth.write(Map.of("pre-key", Map.of("1", TextNode.valueOf("k"), "2", TextNode.valueOf("k"))));
        RedisTesting.raw().hset(n + ":auth:creds", "f", "v");
        RedisTesting.raw().del(n + ":auth:signal:pre-key:2");
        RedisTesting.raw().hset(n + ":auth:signal:pre-key:2", "f", "v");
        RedisTesting.raw().del(n + ":chats");
        RedisTesting.raw().set(n + ":chats", "x");
        RedisTesting.raw().del(n + ":presence:1@s.whatsapp.net");
        RedisTesting.raw().sadd(n + ":presence:1@s.whatsapp.net", "x");

        assertCorrupted(auth::readCreds, n + ":auth:creds");
        assertCorrupted(() -> auth.read("pre-key", List.of("1", "2")), n + ":auth:signal:pre-key:2");
        assertThat(auth.read("pre-key", List.of("1"))).containsKey("1");
        assertCorrupted(msgs::listChats, n + ":chats");
        assertCorrupted(() -> msgs.getChat("1@s.whatsapp.net"), n + ":chats");
        assertCorrupted(msgs::listPresences, n + ":presence:1@s.whatsapp.net");
        assertCorrupted(() -> msgs.getPresence("1@s.whatsapp.net"), n + ":presence:1@s.whatsapp.net");

        dev.zaileys.store.SessionCheck.Result r = dev.zaileys.store.SessionCheck.run(auth, msgs);
        assertThat(String.join("\n", r.problems())).contains(n + ":auth:creds", n + ":auth:signal:pre-key:2",
                n + ":chats", n + ":presence:1@s.whatsapp.net");
        assertThat(r.counts()).containsEntry("messages", 2L);

        // A damaged index set is one problem more, and the messages are still counted.
        RedisTesting.raw().del(n + ":auth:signal-index:pre-key");
        RedisTesting.raw().set(n + ":auth:signal-index:pre-key", "x");
        dev.zaileys.store.SessionCheck.Result again = dev.zaileys.store.SessionCheck.run(auth, msgs);
        assertThat(String.join("\n", again.problems())).contains(n + ":auth:signal-index:pre-key");
        assertThat(again.counts()).containsEntry("messages", 2L);
    }

    private static void assertCorrupted(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String key) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ZaileysStoreException.class, e -> {
            assertThat(e.code()).isEqualTo(Code.STORE_CORRUPTED);
            assertThat(e.code().transientFailure()).isFalse();
            assertThat(e.getMessage()).contains(key);
        });
    }

    @Test
    void presenceIsKeptFor300Seconds() {
        String n = ns("presence");
        RedisMessageStore s = track(RedisMessageStore.builder().url(RedisTesting.url()).namespace(n).build());
        fill(s, n);
        long ttl = RedisTesting.raw().ttl(n + ":presence:1@s.whatsapp.net");
        assertThat(ttl).isBetween(1L, 300L);
        assertThat(RedisTesting.raw().sismember(n + ":chats-archived", "1@s.whatsapp.net")).isTrue();
        assertThat(RedisTesting.raw().zscore(n + ":jobs", "job-1")).isEqualTo(2_000_000_000_000d);
    }

    // ---- options and connections ----

    @Test
    @DisplayName("configuration mistakes are STORE_INVALID_INPUT from build(), before anything connects")
    void configurationMistakesAreInvalidInput() {
        // Nothing listens there: a build that connected before validating would be STORE_CONNECTION_FAILED.
        String nowhere = "redis://user:hunter2@127.0.0.1:" + Misconfigured.closedPort();
        assertRefused(() -> RedisAuthStore.builder().build(), "got neither");
        assertRefused(() -> RedisMessageStore.builder().namespace("wa").build(), "got neither");
        RedisClient client = RedisClient.create(RedisTesting.url());
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            assertRefused(() -> RedisAuthStore.builder().url(nowhere).client(conn).build(), "not both", "hunter2");
            assertRefused(() -> RedisMessageStore.builder().client(conn).namespace("has space").build(), "namespace");
            assertThat(conn.isOpen()).as("a refused build leaves the caller's connection alone").isTrue();
        } finally {
            client.shutdown();
        }
        assertRefused(() -> RedisMessageStore.builder().url("http://localhost:6379").build(), "not a Redis URL");
        assertRefused(() -> RedisAuthStore.builder().url("redis://127.0.0.1:notaport").build(), "port", "hunter2");
        assertRefused(() -> RedisAuthStore.builder().url("redis://user:hunter2@127.0.0.1:70000").build(), "port", "hunter2");
        assertRefused(() -> RedisMessageStore.builder().url("redis://user:hunter2@127.0.0.1:63 79").build(), "Redis URL", "hunter2");
        assertRefused(() -> RedisAuthStore.builder().url(nowhere).namespace("").build(), "namespace", "hunter2");
        assertRefused(() -> RedisAuthStore.builder().url(nowhere).namespace("x".repeat(129)).build(), "namespace");
        assertRefused(() -> RedisMessageStore.builder().url(nowhere).namespace("a\tb").build(), "namespace");
        assertRefused(() -> RedisMessageStore.builder().url(nowhere + "?namespace=").build(), "namespace");
        assertRefused(() -> RedisMessageStore.builder().url(nowhere + "?namespace=a").namespace("b").build(), "'a'");
        assertRefused(() -> RedisMessageStore.builder().url(nowhere + "?namespace=a&namespace=b").build(), "twice");
        assertRefused(() -> RedisAuthStore.builder().url(nowhere + "?namespace=%zz").build(), "%-escape", "hunter2");
    }

    @Test
    void theUrlMayCarryTheNamespace() {
        assertThat(RedisOptions.of("redis://h:1?namespace=wa%3Ax", null, null).namespace()).isEqualTo("wa:x");
        assertThat(RedisOptions.of("redis://h:1?namespace=wa", null, "wa").url()).isEqualTo("redis://h:1");
        assertThat(RedisOptions.of("redis://h:1?timeout=5&namespace=wa", null, null).url()).isEqualTo("redis://h:1?timeout=5");
        assertThat(RedisOptions.of("redis://h:1", null, null).namespace()).isEqualTo("zaileys");
        assertThat(RedisOptions.of("redis://user:secret@h:1", null, null).toString()).doesNotContain("secret");
        String n = ns("in-url");
        try (RedisAuthStore s = RedisAuthStore.builder().url(RedisTesting.url() + "?namespace=" + n).build()) {
            assertThat(s.namespace()).isEqualTo(n);
            assertThat(s.toString()).doesNotContain("?namespace=").endsWith(", namespace=" + n + "]");
        }
    }

    @Test
    void unreachableServerIsConnectionFailedWithoutThePassword() {
        int port = TestRedis.startDedicated(false).port(); // a port that was just freed
        TestRedis gone = null;
        String url = "redis://user:hunter2@127.0.0.1:" + freePortNear(port);
        // build() does not connect (a bot whose Redis is down can start); the first call reports it.
        try (RedisAuthStore s = RedisAuthStore.builder().url(url).build()) {
            assertThatThrownBy(s::readCreds)
                    .isInstanceOfSatisfying(ZaileysStoreException.class, e -> {
                        assertThat(e.code()).isEqualTo(Code.STORE_CONNECTION_FAILED);
                        assertThat(e.getMessage()).doesNotContain("hunter2");
                    });
        }
    }

    @Test
    @DisplayName("A handshake cut short by a closed connection is asked once more (Lettuce can report its own "
            + "close instead of the server's WRONGPASS), and then reported without the password")
    void aHandshakeCutShortIsRetriedOnce() throws Exception {
        try (java.net.ServerSocket hangUp = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (!hangUp.isClosed()) {
                    try (java.net.Socket s = hangUp.accept()) {
                        accepted.incrementAndGet();
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String url = "redis://:hunter2@127.0.0.1:" + hangUp.getLocalPort();
            try (RedisAuthStore s = RedisAuthStore.builder().url(url).build()) {
                assertThatThrownBy(s::readCreds).isInstanceOfSatisfying(ZaileysStoreException.class, e -> {
                    assertThat(e.code()).isEqualTo(Code.STORE_CONNECTION_FAILED);
                    assertThat(e.getMessage()).contains("closed prematurely").doesNotContain("hunter2");
                });
            }
            assertThat(accepted.get()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("A store built while Redis is down: build() succeeds, the first call is a transient "
            + "STORE_CONNECTION_FAILED, a call after the server is up works and the persistence check runs then")
    void buildsWhileRedisIsDownAndConnectsAtFirstUse() {
        try (TestRedis server = TestRedis.startDedicated(false)) {
            String url = server.url();
            server.stop();
            try (RedisAuthStore auth = RedisAuthStore.builder().url(url).namespace(ns("lazy")).build();
                 RedisMessageStore history = RedisMessageStore.builder().url(url).namespace(ns("lazy")).build()) {
                for (Runnable firstCall : List.<Runnable>of(auth::readCreds, history::listChats)) {
                    assertThatThrownBy(firstCall::run).isInstanceOfSatisfying(ZaileysStoreException.class, e -> {
                        assertThat(e.code()).as(e.getMessage()).isEqualTo(Code.STORE_CONNECTION_FAILED);
                        assertThat(e.code().transientFailure()).isTrue();
                    });
                }
                server.start();
                auth.writeCreds(AuthCreds.of(BufferJson.object().put("me", "1")));
                assertThat(auth.readCreds()).isPresent();
                assertThat(history.listChats()).isEmpty();
                // Checked at the first connect, against the server that is now up (persistence off).
                assertThat(auth.persistenceWarning()).hasValueSatisfying(w -> assertThat(w).contains("persistence is off"));
                assertThat(history.persistenceWarning()).hasValueSatisfying(w -> assertThat(w).contains("persistence is off"));
            }
        }
    }

    private static int freePortNear(int ignored) {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void providedConnectionMustBeOpenAndIsNeverClosedByTheStore() {
        String n = ns("provided");
        RedisClient client = RedisClient.create(RedisTesting.url());
        try {
            StatefulRedisConnection<String, String> conn = client.connect();
            try (RedisMessageStore s = RedisMessageStore.builder().client(conn).namespace(n).build()) {
                fill(s, n);
                assertThat(s.listMessageJids()).containsExactly("1@s.whatsapp.net");
            }
            assertThat(conn.isOpen()).isTrue();
            assertThat(conn.sync().exists(n + ":msg:1@s.whatsapp.net")).isEqualTo(1L);
            conn.close();
            assertThatThrownBy(() -> RedisAuthStore.builder().client(conn).namespace(n).build())
                    .isInstanceOfSatisfying(ZaileysStoreException.class, e -> assertThat(e.code()).isEqualTo(Code.STORE_CONNECTION_FAILED));
        } finally {
            client.shutdown();
        }
    }

    // ---- the persistence warning ----

    @Test
    void warnsWhenPersistenceIsOffOrEvictionCanDropKeys() {
        try (TestRedis volatileServer = TestRedis.startDedicated(false);
             TestRedis durable = TestRedis.startDedicated(true);
             TestRedis evicting = TestRedis.startDedicated(true, "maxmemory-policy allkeys-lru")) {
            try (RedisAuthStore s = RedisAuthStore.builder().url(volatileServer.url()).build()) {
                assertThat(s.persistenceWarning()).hasValueSatisfying(w -> assertThat(w).contains("persistence is off"));
            }
            try (RedisAuthStore s = RedisAuthStore.builder().url(durable.url()).build();
                 RedisMessageStore m = RedisMessageStore.builder().url(durable.url()).build()) {
                assertThat(s.persistenceWarning()).isEmpty();
                assertThat(m.persistenceWarning()).isEmpty();
            }
            try (RedisMessageStore s = RedisMessageStore.builder().url(evicting.url()).build()) {
                assertThat(s.persistenceWarning()).hasValueSatisfying(w -> assertThat(w).contains("allkeys-lru"));
            }
        }
    }

    // ---- faults ----

    @Test
    void restartMidStreamGivesTypedErrorsRecoversAndLosesNothingAcknowledged() {
        try (TestRedis server = TestRedis.startDedicated(true);
             RedisMessageStore s = RedisMessageStore.builder().url(server.url()).build();
             RedisAuthStore auth = RedisAuthStore.builder().url(server.url()).build()) {
            String jid = "120363000000000001@g.us";
            List<WAMessage> acknowledged = new ArrayList<>();
            List<String> acknowledgedKeys = new ArrayList<>();
            int failures = 0;
            for (int i = 0; i < 60; i++) {
                if (i == 20) {
                    server.stop();
                }
                if (i == 30) {
                    server.start();
                }
                WAMessage m = message(jid, String.format("M%03d", i), false, 1_700_000_000L + i / 7, "n" + i);
                try {
                    s.saveMessage(m);
                    acknowledged.add(m);
                    auth.write(Map.of("session", Map.of("s" + i, TextNode.valueOf("v" + i))));
                    acknowledgedKeys.add("s" + i);
                } catch (ZaileysStoreException e) {
                    assertThat(e.code()).as(e.getMessage()).isEqualTo(Code.STORE_CONNECTION_FAILED);
                    assertThat(e.code().transientFailure()).isTrue();
                    failures++;
                    if (i >= 30) {
                        sleep(100); // reconnecting
                    }
                }
            }
            assertThat(failures).isGreaterThanOrEqualTo(10);
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(40);
            // Recovered without a new store, and every acknowledged write survived the restart.
            assertThat(acknowledged.get(acknowledged.size() - 1).key().id()).isEqualTo("M059");
            List<WAMessage> stored = s.listMessages(jid, ListOptions.limit(1000));
            assertThat(stored.stream().map(WAMessage::toJsonString).toList())
                    .containsAll(acknowledged.stream().map(WAMessage::toJsonString).toList());
            assertThat(auth.read("session", acknowledgedKeys).keySet()).containsExactlyInAnyOrderElementsOf(acknowledgedKeys);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- paging and pruning in our order, whatever the ids ----

    @Test
    void pagingAndPruningFollowTimestampIdFromMeDescendingForAwkwardIds() {
        String n = ns("paging");
        String jid = "chat|with:odd*chars@g.us";
        List<WAMessage> all = new ArrayList<>();
        String[] ids = {"AB", "ABC", "AB|C", "AB|", "A:B", "Z", "a", "ä", "AB|1", "~", "AB}"};
        for (int t = 0; t < 3; t++) {
            for (String id : ids) {
                all.add(message(jid, id + t, false, 1000 + t, id));
                all.add(message(jid, id + t, true, 1000 + t, id));
            }
        }
        MemoryMessageStore reference = new MemoryMessageStore();
        RedisMessageStore s = track(RedisMessageStore.builder().url(RedisTesting.url()).namespace(n).build());
        reference.saveMessages(all);
        s.saveMessages(all);

        for (int limit : new int[] {1, 3, 7, 22, 100}) {
            assertThat(walk(s, jid, limit)).as("limit " + limit).isEqualTo(walk(reference, jid, limit));
        }
        assertThat(walk(s, jid, 5)).hasSize(all.size()).doesNotHaveDuplicates();
        for (long before : new long[] {1000, 1001, 1002, 1003}) {
            for (int limit : new int[] {1, 5, 30}) {
                assertThat(s.listMessages(jid, ListOptions.limit(limit).before(before)))
                        .isEqualTo(reference.listMessages(jid, ListOptions.limit(limit).before(before)));
            }
        }
        assertThat(s.listMessageJids()).containsExactly(jid);
        assertThat(s.getMessage(MessageKey.of(jid, true, "AB|C1"))).isPresent();

        assertThat(s.pruneMessages(PruneOptions.keepNewest(29))).isEqualTo(reference.pruneMessages(PruneOptions.keepNewest(29)));
        assertThat(walk(s, jid, 100)).isEqualTo(walk(reference, jid, 100));
        assertThat(s.pruneMessages(PruneOptions.olderThan(1002))).isEqualTo(reference.pruneMessages(PruneOptions.olderThan(1002)));
        assertThat(walk(s, jid, 100)).isEqualTo(walk(reference, jid, 100));
    }

    private static List<String> walk(MessageStore s, String jid, int limit) {
        List<String> out = new ArrayList<>();
        ListOptions opts = ListOptions.limit(limit);
        while (true) {
            List<WAMessage> page = s.listMessages(jid, opts);
            if (page.isEmpty()) {
                return out;
            }
            page.forEach(m -> out.add(m.key().id() + "|" + m.key().fromMe() + "@" + m.timestamp()));
            opts = ListOptions.limit(limit).after(MessageCursor.after(page.get(page.size() - 1)));
        }
    }

    // ---- jobs ----

    @Test
    void replacingAJobComparesTheStoredValueAtomically() {
        String n = ns("jobs");
        RedisMessageStore s = track(RedisMessageStore.builder().url(RedisTesting.url()).namespace(n).build());
        ScheduledJob job = ScheduledJob.create("j", Instant.ofEpochSecond(1_800_000_000L), "1@s.whatsapp.net", TextNode.valueOf("x"));
        ScheduledJob moved = ScheduledJob.create("j", Instant.ofEpochSecond(1_900_000_000L), "1@s.whatsapp.net", TextNode.valueOf("x"));
        s.saveScheduledJob(job);
        assertThat(s.replaceScheduledJob(moved, job)).isFalse();
        assertThat(s.replaceScheduledJob(job, moved)).isTrue();
        assertThat(s.getScheduledJob("j")).contains(moved);
        assertThat(RedisTesting.raw().zscore(n + ":jobs", "j")).isEqualTo(1_900_000_000_000d);
        assertThat(s.deleteScheduledJob("j")).isTrue();
        assertThat(s.deleteScheduledJob("j")).isFalse();
        assertThat(RedisTesting.layoutKeysOf(n)).isEmpty();
    }

    @Test
    void aBatchMeetingAKeyOfAnotherTypeFailsTypedAndWritesNothing() {
        String ns = ns("wrongtype");
        RedisMessageStore store = track(RedisMessageStore.builder().url(RedisTesting.url()).namespace(ns).build());
        // Another program left a string where chat 2's sorted set belongs. Redis does not roll a
        // script back, so the batch must fail before its first write, not halfway.
        RedisTesting.raw().set(new Keys(ns).messages("2@s.whatsapp.net"), "not a sorted set");
        assertThatThrownBy(() -> store.saveMessages(List.of(message("1@s.whatsapp.net", "A", false, 100, "a"),
                message("2@s.whatsapp.net", "B", false, 101, "b"))))
                .isInstanceOfSatisfying(ZaileysStoreException.class, e -> {
                    // a damaged record, named: retrying cannot help, repairing the key does
                    assertThat(e.code()).isEqualTo(Code.STORE_CORRUPTED);
                    assertThat(e.getMessage()).contains(new Keys(ns).messages("2@s.whatsapp.net"));
                });
        assertThat(store.getMessage(MessageKey.of("1@s.whatsapp.net", false, "A"))).isEmpty();
        assertThat(RedisTesting.raw().get(new Keys(ns).messages("2@s.whatsapp.net"))).isEqualTo("not a sorted set");
    }

    /** How many HMGETs the server has answered so far (INFO commandstats): the read a merge starts with. */
    private static long hmgets() {
        for (String line : RedisTesting.raw().info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_hmget:")) {
                return Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(',')));
            }
        }
        return 0;
    }

    @Test
    @DisplayName("a new message is written in one round trip, without reading first; a stored one is still read and merged")
    void newMessagesSkipTheRead() {
        RedisMessageStore s = track(RedisMessageStore.builder().url(RedisTesting.url()).namespace(ns("bet")).build());
        s.saveMessage(message("1@s.whatsapp.net", "W", false, 99, "connects and loads the script"));
        long before = hmgets();
        assertThat(s.saveMessage(message("1@s.whatsapp.net", "N", false, 100, "new"))).isEqualTo(dev.zaileys.store.SaveOutcome.NEW);
        assertThat(hmgets()).as("no read before writing a new message").isEqualTo(before);

        ObjectNode again = message("1@s.whatsapp.net", "N", false, 100, "new").toJson();
        again.put("pushName", "Sari");
        again.remove("message");
        assertThat(s.saveMessage(WAMessage.of(again))).isEqualTo(dev.zaileys.store.SaveOutcome.UPDATED);
        assertThat(hmgets()).as("a stored message is read, then merged").isGreaterThan(before);
        WAMessage merged = s.getMessage(MessageKey.of("1@s.whatsapp.net", false, "N")).orElseThrow();
        assertThat(merged.text()).contains("new");
        assertThat(merged.toJson().path("pushName").asText()).isEqualTo("Sari");
        assertThat(s.saveMessages(List.of(message("1@s.whatsapp.net", "N", false, 100, "new"),
                message("1@s.whatsapp.net", "M", false, 101, "other")))).containsExactly(
                dev.zaileys.store.SaveOutcome.UNCHANGED, dev.zaileys.store.SaveOutcome.NEW);
    }
}
