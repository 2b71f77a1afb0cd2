package dev.zaileys.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.Presence;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.WAMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records the Node original wrote for its fixtures ({@code inputs.jsonl}, copied into the test
 * resources): real creds, all ten Signal types, messages, chats, contacts, presence and jobs.
 * Every call returns fresh trees.
 */
public final class Fixtures {

    public static final String RESOURCE = "/fixtures/zaileys-node/inputs.jsonl";

    private Fixtures() {}

    /** The Node original's SQLite database (both stores on one file), as a test resource. */
    public static final String SQLITE_DB = "/fixtures/zaileys-node/sqlite/zaileys.db";

    /** Copies a test resource to {@code target} (a store under test must never touch the original). */
    public static java.nio.file.Path copyResource(String resource, java.nio.file.Path target) {
        try (InputStream in = open(resource)) {
            java.nio.file.Files.copy(in, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every line as text, in file order. */
    public static List<String> lines() {
        return resourceLines(RESOURCE);
    }

    /** The Node original's Redis keys ({@code redis/dump.jsonl}: one key with its type and value a line). */
    public static final String REDIS_DUMP = "/fixtures/zaileys-node/redis/dump.jsonl";

    /** The lines of {@link #REDIS_DUMP}, in file order. */
    public static List<String> redisDumpLines() {
        return resourceLines(REDIS_DUMP);
    }

    /** The non-blank lines of a test resource (of this module, or of its test-jar), in file order. */
    public static List<String> resourceLines(String resource) {
        try (InputStream in = open(resource);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> out = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    out.add(line);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = Fixtures.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("test resource " + resource
                    + " is missing (it lives in the zaileys module's test resources, shipped in its test-jar)");
        }
        return in;
    }

    /** Every record decoded (binary values as BinaryNode). */
    public static List<ObjectNode> records() {
        return lines().stream().map(l -> (ObjectNode) BufferJson.decode(l)).toList();
    }

    private static List<ObjectNode> kind(String kind) {
        return records().stream().filter(r -> kind.equals(r.path("kind").asText())).toList();
    }

    public static AuthCreds creds() {
        return AuthCreds.of((ObjectNode) kind("creds").get(0).get("value"));
    }

    /** The Signal lines in file order: {type, id, value} (value may be JSON null: a delete). */
    public static List<ObjectNode> signalLines() {
        return kind("signal");
    }

    /** The Signal state after every line was applied in order (deleted ids absent). */
    public static Map<String, Map<String, JsonNode>> signalState() {
        Map<String, Map<String, JsonNode>> out = new LinkedHashMap<>();
        for (ObjectNode line : signalLines()) {
            Map<String, JsonNode> ofType = out.computeIfAbsent(line.get("type").asText(), t -> new LinkedHashMap<>());
            JsonNode v = line.get("value");
            if (v == null || v.isNull()) {
                ofType.remove(line.get("id").asText());
            } else {
                ofType.put(line.get("id").asText(), v);
            }
        }
        return out;
    }

    /** Message lines in file order (one key appears twice; the later one wins). */
    public static List<WAMessage> messages() {
        return kind("message").stream().map(r -> WAMessage.of((ObjectNode) r.get("value"))).toList();
    }

    /** The last-written version of each message key, in first-write order. */
    public static Map<MessageKey, WAMessage> latestMessages() {
        Map<MessageKey, WAMessage> out = new LinkedHashMap<>();
        messages().forEach(m -> out.put(m.key(), m));
        return out;
    }

    public static List<Chat> chats() {
        return kind("chat").stream().map(r -> Chat.of((ObjectNode) r.get("value"))).toList();
    }

    public static List<Contact> contacts() {
        return kind("contact").stream().map(r -> Contact.of((ObjectNode) r.get("value"))).toList();
    }

    /** jid -> presence. */
    public static Map<String, Presence> presences() {
        Map<String, Presence> out = new LinkedHashMap<>();
        kind("presence").forEach(r -> out.put(r.get("jid").asText(), Presence.of((ObjectNode) r.get("value"))));
        return out;
    }

    public static List<ScheduledJob> jobs() {
        return kind("job").stream().map(r -> ScheduledJob.of((ObjectNode) r.get("value"))).toList();
    }
}
