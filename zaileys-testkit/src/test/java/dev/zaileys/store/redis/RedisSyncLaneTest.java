package dev.zaileys.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.testing.TestRedis;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The blocking connection single calls take ({@link SyncLane}): it authenticates and selects the
 * URL's database as Lettuce does, survives the server closing it while idle, and shares the store
 * with Lettuce's connection under concurrent callers. Each test has its own server: killing
 * clients on the shared one would break other tests.
 */
@DisplayName("Redis: the blocking connection of single calls")
class RedisSyncLaneTest {

    private static AuthCreds creds(String name) {
        return AuthCreds.parse("{\"me\":{\"id\":\"1@s.whatsapp.net\",\"name\":\"" + name + "\"}}");
    }

    @Test
    @DisplayName("it logs in with the URL's password and works in the URL's database (two connections there: Lettuce's and the lane)")
    void usesTheUrlsPasswordAndDatabase() {
        try (TestRedis server = TestRedis.startDedicated(false, "requirepass s3cret")) {
            String withPassword = server.url().replace("redis://", "redis://:s3cret@");
            RedisClient admin = RedisClient.create(withPassword);
            try (StatefulRedisConnection<String, String> conn = admin.connect();
                 RedisAuthStore s = RedisAuthStore.builder().url(withPassword + "/2?namespace=lane").build()) {
                s.writeCreds(creds("two"));
                assertThat(s.readCreds()).map(AuthCreds::toJsonString).contains(creds("two").toJsonString());
                String clients = conn.sync().clientList();
                assertThat(clients.lines().filter(l -> l.contains(" db=2 ")).count()).as(clients).isEqualTo(2);
                assertThat(conn.sync().exists(new Keys("lane").creds())).as("nothing in database 0").isZero();
                conn.sync().select(2);
                assertThat(conn.sync().exists(new Keys("lane").creds())).isEqualTo(1);
            } finally {
                admin.shutdown();
            }
        }
    }


    @Test
    @DisplayName("a connection the server closed while idle (a restart, its idle timeout) costs the next call nothing")
    void aConnectionClosedWhileIdleIsRedialedOnce() {
        try (TestRedis server = TestRedis.startDedicated(false);
             RedisAuthStore s = RedisAuthStore.builder().url(server.url() + "?namespace=idle").build()) {
            s.writeCreds(creds("before"));
            RedisClient admin = RedisClient.create(server.url());
            try (StatefulRedisConnection<String, String> conn = admin.connect()) {
                for (int round = 0; round < 3; round++) {
                    assertThat(conn.sync().clientKill(KillArgs.Builder.typeNormal())).isPositive();
                    s.writeCreds(creds("after-" + round));
                    assertThat(s.readCreds()).map(AuthCreds::toJsonString)
                            .contains(creds("after-" + round).toJsonString());
                }
            } finally {
                admin.shutdown();
            }
        }
    }

    @Test
    @DisplayName("a server with no room for the lane's connection (maxclients) leaves single calls on Lettuce, working")
    void noRoomForTheLaneMeansLettuce() {
        try (TestRedis server = TestRedis.startDedicated(false, "maxclients 1");
             RedisAuthStore s = RedisAuthStore.builder().url(server.url() + "?namespace=full").build()) {
            for (int i = 0; i < 3; i++) {
                s.writeCreds(creds("full-" + i));
                assertThat(s.readCreds()).map(AuthCreds::toJsonString).contains(creds("full-" + i).toJsonString());
            }
        }
    }

    @Test
    @DisplayName("concurrent callers share the lane and Lettuce's connection, and every write lands")
    void concurrentCallersAllLand() throws Exception {
        try (TestRedis server = TestRedis.startDedicated(false);
             RedisAuthStore s = RedisAuthStore.builder().url(server.url() + "?namespace=many").build()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 200; i++) {
                            String id = thread + "-" + i;
                            s.write(Map.of("session", Map.of(id, TextNode.valueOf("v" + id))));
                            assertThat(s.read("session", List.of(id))).containsEntry(id, TextNode.valueOf("v" + id));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            List<String> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                for (int i = 0; i < 200; i++) {
                    all.add(t + "-" + i);
                }
            }
            assertThat(s.read("session", all)).hasSize(1600);
        }
    }

    @Test
    @DisplayName("concurrent page walks (some on the lane, some on Lettuce) each see every message once, newest first")
    void concurrentPageWalksAgree() throws Exception {
        String jid = "120363000000000009@g.us";
        try (TestRedis server = TestRedis.startDedicated(false);
             RedisMessageStore s = RedisMessageStore.builder().url(server.url() + "?namespace=pages").build()) {
            List<dev.zaileys.model.WAMessage> all = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                // Three messages a second: pages of 7 cut seconds, the case the script's tail is for.
                all.add(RedisStoresTest.message(jid, String.format("P%03d", i), i % 2 == 0, 1_700_000_000L + i / 3, "t" + i));
            }
            s.saveMessages(all);
            List<String> expected = s.listMessages(jid, dev.zaileys.store.ListOptions.limit(1000)).stream()
                    .map(m -> m.key().id()).toList();
            assertThat(expected).hasSize(300);
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<List<String>>> walks = new ArrayList<>();
                for (int t = 0; t < 12; t++) {
                    walks.add(pool.submit(() -> {
                        List<String> seen = new ArrayList<>();
                        dev.zaileys.store.MessageCursor cursor = null;
                        while (true) {
                            var o = cursor == null ? dev.zaileys.store.ListOptions.limit(7)
                                    : dev.zaileys.store.ListOptions.limit(7).after(cursor);
                            List<dev.zaileys.model.WAMessage> page = s.listMessages(jid, o);
                            page.forEach(m -> seen.add(m.key().id()));
                            if (page.size() < 7) {
                                return seen;
                            }
                            cursor = dev.zaileys.store.MessageCursor.after(page.get(page.size() - 1));
                        }
                    }));
                }
                for (Future<List<String>> w : walks) {
                    assertThat(w.get()).isEqualTo(expected);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
