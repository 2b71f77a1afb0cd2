package dev.zaileys.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PostgreSQL: the server restarts mid-stream")
class PostgresRestartTest {

    private static final String JID = "6281234500001@s.whatsapp.net";

    private static WAMessage message(int n) {
        return WAMessage.of((com.fasterxml.jackson.databind.node.ObjectNode) BufferJson.decode(
                "{\"key\":{\"remoteJid\":\"" + JID + "\",\"fromMe\":false,\"id\":\"R" + n
                        + "\"},\"messageTimestamp\":" + (1_700_000_000L + n) + ",\"message\":{\"conversation\":\"m" + n + "\"}}"));
    }

    @Test
    @DisplayName("calls fail typed while it is down, work again when it is back; nothing acknowledged is lost")
    void restartMidStream() throws Exception {
        try (TestPostgres pg = TestPostgres.startDedicated()) {
            String url = pg.createDatabase();
            try (PostgresMessageStore store = PostgresMessageStore.builder().connectionString(url).build();
                 PostgresAuthStore auth = PostgresAuthStore.builder().connectionString(url).build()) {
                auth.write(Map.of("session", Map.of("before", BufferJson.decode("{\"v\":1}"))));
                Set<Integer> acked = ConcurrentHashMap.newKeySet();
                Set<Code> failures = ConcurrentHashMap.newKeySet();
                AtomicBoolean running = new AtomicBoolean(true);
                Thread writer = new Thread(() -> {
                    for (int n = 0; running.get(); n++) {
                        try {
                            store.saveMessages(List.of(message(n)));
                            acked.add(n);
                        } catch (ZaileysStoreException e) {
                            failures.add(e.code());
                        }
                    }
                }, "restart-writer");
                writer.start();
                try {
                    await(() -> acked.size() >= 20, "first writes");
                    pg.stop();
                    await(() -> !failures.isEmpty(), "a failed write while down");
                    Throwable down = catchThrowable(() -> auth.read("session", List.of("before")));
                    assertThat(down).isInstanceOfSatisfying(ZaileysStoreException.class,
                            e -> assertThat(e.code()).isEqualTo(Code.STORE_CONNECTION_FAILED));
                    int ackedWhileDown = acked.size();
                    pg.start();
                    await(() -> acked.size() >= ackedWhileDown + 20, "writes after the restart");
                } finally {
                    running.set(false);
                    writer.join();
                }
                assertThat(failures).containsOnly(Code.STORE_CONNECTION_FAILED);

                // The same JVM, the same store objects: everything acknowledged is there.
                for (int n : acked) {
                    assertThat(store.getMessage(MessageKey.of(JID, false, "R" + n))).as("message R" + n).isPresent();
                }
                Map<String, JsonNode> keys = auth.read("session", List.of("before"));
                assertThat(keys).containsKey("before");
                auth.write(Map.of("session", Map.of("after", BufferJson.decode("{\"v\":2}"))));
                assertThat(auth.read("session", List.of("after"))).containsKey("after");
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
