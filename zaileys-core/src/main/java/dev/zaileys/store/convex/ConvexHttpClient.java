package dev.zaileys.store.convex;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link ConvexClient} over Convex's HTTP API ({@code POST <url>/api/query} and
 * {@code /api/mutation}) with Java's own HTTP client. Transient failures (a connection that could
 * not be opened or was reset, an HTTP 5xx that is not a function error) are retried a few times
 * with backoff; a function error (HTTP 560) is not.
 *
 * <p>Retrying a mutation whose reply was lost may run it twice; the stores only send mutations
 * for which that is harmless.
 */
public final class ConvexHttpClient implements ConvexClient {

    /** Default time limit of one request (connect plus reply). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    static final int ATTEMPTS = 4;
    private static final long BACKOFF_MILLIS = 100;
    private static final int FUNCTION_ERROR = 560;
    private static final int MAX_MESSAGE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String where;
    private final Duration timeout;
    private final ExecutorService executor;
    private final HttpClient http;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ConvexHttpClient(URI base, Duration timeout) {
        this.base = base;
        this.where = masked(base);
        this.timeout = timeout;
        // Own daemon threads, so an unclosed client never keeps a JVM alive and close() can end them.
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "zaileys-convex-http");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .executor(executor)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * A client of the deployment at {@code url} ({@code https://<deployment>.convex.cloud}).
     *
     * @throws ZaileysStoreException {@code STORE_INVALID_INPUT} when the URL is not an http(s) URL
     */
    public static ConvexHttpClient create(String url) {
        return create(url, DEFAULT_TIMEOUT);
    }

    /** As {@link #create(String)}, with a time limit per request. */
    public static ConvexHttpClient create(String url, Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw ZaileysStoreException.invalid("the Convex request timeout must be positive");
        }
        return new ConvexHttpClient(parse(url), timeout);
    }

    static URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw ZaileysStoreException.invalid("the Convex url is empty");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw ZaileysStoreException.invalid("the Convex url is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw ZaileysStoreException.invalid(
                    "the Convex url must be http(s)://<host>, like https://<deployment>.convex.cloud; got " + masked(uri));
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        try {
            return new URI(scheme, uri.getRawUserInfo(), uri.getHost(), uri.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw ZaileysStoreException.invalid("the Convex url is not a URL: " + e.getReason());
        }
    }

    /** The deployment URL, credentials masked. */
    public String url() {
        return where;
    }

    @Override
    public JsonNode query(String path, ObjectNode args) {
        return call("query", path, args, Code.STORE_READ_FAILED);
    }

    @Override
    public JsonNode mutation(String path, ObjectNode args) {
        return call("mutation", path, args, Code.STORE_WRITE_FAILED);
    }

    private JsonNode call(String kind, String path, ObjectNode args, Code failure) {
        if (closed.get()) {
            throw new ZaileysStoreException(Code.STORE_CLOSED, "the Convex client of " + where + " is closed");
        }
        byte[] body = requestBody(path, args);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/" + kind))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Convex-Client", "zaileys-java")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        String what = kind + " " + path;
        String lastProblem = null;
        Throwable lastCause = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                pause(attempt, what);
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                lastCause = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ZaileysStoreException(Code.STORE_CONNECTION_FAILED, what + " on " + where + " was interrupted", e);
            }
            int status = response.statusCode();
            if (status == 200) {
                return success(response.body(), what);
            }
            if (status == FUNCTION_ERROR) {
                throw new ZaileysStoreException(failure, what + " failed: " + functionError(response.body(), what));
            }
            if (status >= 500) {
                lastProblem = "HTTP " + status;
                lastCause = null;
                continue;
            }
            if (status == 400) {
                throw new ZaileysStoreException(failure, what + " was refused by " + where + ": " + badRequest(response.body()));
            }
            throw new ZaileysStoreException(Code.STORE_CONNECTION_FAILED, what + " got HTTP " + status + " from " + where
                    + "; is this the URL of a Convex deployment (https://<deployment>.convex.cloud)?");
        }
        throw new ZaileysStoreException(Code.STORE_CONNECTION_FAILED,
                "Convex deployment " + where + " cannot be reached (" + what + ", " + ATTEMPTS + " attempts): " + lastProblem,
                lastCause);
    }

    private static byte[] requestBody(String path, ObjectNode args) {
        ObjectNode body = JSON.createObjectNode();
        body.put("path", path);
        body.set("args", args == null ? JSON.createObjectNode() : args);
        body.put("format", "json");
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new ZaileysStoreException(Code.STORE_INVALID_INPUT, "arguments of " + path + " cannot be written as JSON", e);
        }
    }

    private JsonNode success(byte[] body, String what) {
        JsonNode reply = parseReply(body, what);
        if (!"success".equals(reply.path("status").asText())) {
            throw new ZaileysStoreException(Code.STORE_CORRUPTED, what + " on " + where
                    + " answered HTTP 200 without status \"success\"");
        }
        JsonNode value = reply.get("value");
        return value == null ? NullNode.getInstance() : value;
    }

    private String functionError(byte[] body, String what) {
        JsonNode reply = parseReply(body, what);
        JsonNode message = reply.get("errorMessage");
        if (message == null || !message.isTextual()) {
            throw new ZaileysStoreException(Code.STORE_CORRUPTED, what + " on " + where + " answered HTTP 560 without an errorMessage");
        }
        return cleanMessage(message.textValue());
    }

    private static String badRequest(byte[] body) {
        try {
            JsonNode reply = JSON.readTree(body);
            String message = reply.path("message").asText(reply.path("code").asText(""));
            return message.isEmpty() ? "HTTP 400" : cleanMessage(message);
        } catch (IOException e) {
            return "HTTP 400";
        }
    }

    private JsonNode parseReply(byte[] body, String what) {
        try {
            JsonNode reply = JSON.readTree(body);
            if (reply == null || !reply.isObject()) {
                throw new ZaileysStoreException(Code.STORE_CORRUPTED, what + " on " + where + " answered something that is not a JSON object");
            }
            return reply;
        } catch (IOException e) {
            throw new ZaileysStoreException(Code.STORE_CORRUPTED, what + " on " + where + " answered something that is not JSON", e);
        }
    }

    /** The function's message without stack frames, bounded (a validator error echoes arguments). */
    static String cleanMessage(String message) {
        StringBuilder out = new StringBuilder();
        for (String line : message.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("at ")) {
                continue;
            }
            if (out.length() > 0) {
                out.append(" | ");
            }
            out.append(trimmed);
        }
        return out.length() <= MAX_MESSAGE ? out.toString() : out.substring(0, MAX_MESSAGE) + "...";
    }

    private void pause(int attempt, String what) {
        long millis = BACKOFF_MILLIS << (attempt - 2);
        try {
            Thread.sleep(millis + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZaileysStoreException(Code.STORE_CONNECTION_FAILED, what + " on " + where + " was interrupted", e);
        }
    }

    static String masked(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        return uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            executor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "ConvexHttpClient[" + where + "]";
    }
}
