package dev.zaileys.examples.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaileys.store.MessageStore;
import dev.zaileys.testing.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example as it runs, with profile {@code postgres} against an embedded PostgreSQL: the
 * session and the history on the application's DataSource, a {@code !ping} exchanged through the
 * simulated WhatsApp, and health and metrics read over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class BotApplicationPostgresTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PEER = "628555000111@s.whatsapp.net";

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        TestPostgres pg = TestPostgres.shared();
        String db = TestPostgres.databaseOf(pg.createDatabase());
        registry.add("spring.datasource.url", () -> pg.jdbcUrl(db));
        registry.add("spring.datasource.username", pg::user);
        registry.add("spring.datasource.password", pg::password);
        registry.add("zaileys.auth.uri", () -> "postgres:");
    }

    @LocalServerPort
    int port;

    @Autowired
    MessageStore history;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void answersPingAndReportsHealthAndMetricsOverHttp() throws Exception {
        awaitHealth("UP");

        String sent = post("/simulator/messages?from=" + PEER + "&text=!ping");
        String id = JSON.readTree(sent).path("id").asText();
        JsonNode pong = await(() -> {
            for (JsonNode m : JSON.readTree(get("/simulator/sent", 200))) {
                if (m.path("to").asText().equals(PEER) && m.path("text").asText().equals("pong")) {
                    return m;
                }
            }
            return null;
        });
        assertThat(pong).isNotNull();
        // the incoming message went through the bind queue into PostgreSQL
        assertThat(await(() -> history.listMessages(PEER).stream().anyMatch(m -> m.key().id().equals(id)) ? true : null))
                .isTrue();

        JsonNode health = JSON.readTree(get("/actuator/health", 200));
        JsonNode zaileys = health.path("components").path("zaileys").path("components");
        assertThat(zaileys.path("history").path("status").asText()).isEqualTo("UP");
        assertThat(zaileys.path("history").path("details").path("backend").asText()).isEqualTo("postgres");
        assertThat(zaileys.path("history").path("details").path("schemaVersion").asInt()).isPositive();
        assertThat(zaileys.path("auth").path("details").path("backend").asText()).isEqualTo("postgres");
        assertThat(zaileys.path("client").path("details").path("connected").asBoolean()).isTrue();
        assertThat(zaileys.path("client").path("details").path("session").asText()).isEqualTo("bot");
        assertThat(health.toString()).doesNotContain(pgPassword()).doesNotContain("jdbc:");

        String prometheus = get("/actuator/prometheus", 200);
        assertThat(prometheus)
                .contains("zaileys_store_operations_seconds_count{backend=\"postgres\",operation=\"apply\",outcome=\"success\",store=\"messages\"}")
                .contains("zaileys_store_operations_seconds_count{backend=\"postgres\",operation=\"writeCreds\",outcome=\"success\",store=\"auth\"}")
                .contains("zaileys_client_connected 1.0")
                .contains("zaileys_binding_queue_depth")
                .contains("zaileys_binding_failed_writes_total 0.0")
                .contains("zaileys_scheduler_jobs{state=\"due\"}")
                .doesNotContain(PEER.substring(0, PEER.indexOf('@')));
    }

    private static String pgPassword() {
        String p = TestPostgres.shared().password();
        // the embedded server trusts local connections; its "password" is the user name
        return p == null || p.isEmpty() || p.equals("postgres") ? "\u0000never" : p;
    }

    private void awaitHealth(String status) throws Exception {
        await(() -> JSON.readTree(get("/actuator/health", -1)).path("status").asText().equals(status) ? true : null);
    }

    private String get(String path, int expected) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (expected > 0) {
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(expected);
        }
        return r.body();
    }

    private String post(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    interface Check<T> {
        T get() throws Exception;
    }

    /** Polls {@code check} until it returns non-null (at most 15 s); the last result otherwise. */
    private static <T> T await(Check<T> check) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        T last = check.get();
        while (last == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            last = check.get();
        }
        assertThat(last).as("condition met within 15 s").isNotNull();
        return last;
    }
}
