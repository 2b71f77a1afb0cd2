package dev.zaileys.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.binding.StoreBinding;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.WAMessage;
import dev.zaileys.socket.BaileysEvents;
import dev.zaileys.socket.EventEmitter;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.testkit.Fixtures;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process {@link CrashTest} kills with {@code kill -9}. It opens the stores, writes valid
 * creds, prints {@code ready}, then writes without end and prints one line per acknowledged write,
 * only after the call (or the binding's {@code flush()}) returned:
 *
 * <ul>
 *   <li>{@code import}: {@code K <i>} after a batch of pre-keys {@link #batchIds(int)} was written
 *       in one {@code write}, {@code M <i>} after {@link #BATCH} messages went through one
 *       {@code saveMessages};
 *   <li>{@code bind}: {@code M <i>} after {@link #BATCH} messages emitted as one
 *       {@code messages.upsert} were flushed by a {@link StoreBinding};
 *   <li>{@code rotate}: {@code R <g>} after generation g's key set (new pre-keys, the old ones
 *       deleted, every session and sender key replaced) and then creds pointing past it were written.
 * </ul>
 *
 * <p>Arguments: backend, target, session, scenario.
 */
public final class CrashChild {

    static final int BATCH = 40;
    static final int SESSIONS = 6;
    static final String JID = "6281234567890@s.whatsapp.net";

    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        CrashBackend backend = CrashBackend.valueOf(args[0]);
        String target = args[1];
        String session = args[2];
        String scenario = args[3];
        AuthStoreBundle auth = backend.auth(target, session);
        MessageStore history = backend.hasHistory() ? backend.history(target, session) : null;
        auth.writeCreds(creds(0));
        ack(out, "ready");
        switch (scenario) {
            case "import" -> {
                for (int i = 0; ; i++) {
                    Map<String, JsonNode> keys = new LinkedHashMap<>();
                    for (String id : batchIds(i)) {
                        keys.put(id, keyPair(i, id));
                    }
                    auth.write(Map.of("pre-key", keys));
                    ack(out, "K " + i);
                    if (history != null) {
                        history.saveMessages(messages("i", i));
                        ack(out, "M " + i);
                    }
                }
            }
            case "bind" -> {
                EventEmitter socket = new EventEmitter();
                List<String> failures = new ArrayList<>();
                StoreBinding binding = StoreBinding.bind(history, socket, (e, pending, retry) -> {
                    synchronized (failures) {
                        failures.add(e.code() + " " + e.getMessage());
                    }
                });
                for (int i = 0; ; i++) {
                    ObjectNode upsert = BufferJson.object().put("type", "notify");
                    var arr = upsert.putArray("messages");
                    messages("b", i).forEach(m -> arr.add(m.toJson()));
                    socket.emit(BaileysEvents.MESSAGES_UPSERT, upsert);
                    binding.flush();
                    synchronized (failures) {
                        if (!failures.isEmpty()) {
                            ack(out, "FAILED " + failures); // the parent fails the round
                            return;
                        }
                    }
                    ack(out, "M " + i);
                }
            }
            case "rotate" -> {
                for (int g = 1; ; g++) {
                    auth.write(keySet(g));
                    auth.writeCreds(creds(g));
                    ack(out, "R " + g);
                }
            }
            default -> throw new IllegalArgumentException(scenario);
        }
    }

    private static void ack(PrintStream out, String line) {
        out.println(line);
        out.flush();
    }

    /** The pre-key ids of import batch {@code i} (numeric, as SessionCheck wants them). */
    static List<String> batchIds(int i) {
        List<String> ids = new ArrayList<>();
        for (int j = 0; j < BATCH; j++) {
            ids.add(Integer.toString(i * BATCH + j + 1));
        }
        return ids;
    }

    /** The pre-key ids of rotation generation {@code g}. */
    static List<String> generationIds(int g) {
        List<String> ids = new ArrayList<>();
        for (int j = 0; j < 10; j++) {
            ids.add(Integer.toString(100_000 + g * 10 + j));
        }
        return ids;
    }

    /** Generation g: its pre-keys in, g-1's out; every session and sender key at g. */
    static Map<String, Map<String, JsonNode>> keySet(int g) {
        Map<String, JsonNode> preKeys = new LinkedHashMap<>();
        for (String id : generationIds(g)) {
            preKeys.put(id, keyPair(g, id));
        }
        if (g > 1) {
            for (String id : generationIds(g - 1)) {
                preKeys.put(id, null);
            }
        }
        Map<String, JsonNode> sessions = new LinkedHashMap<>();
        Map<String, JsonNode> senderKeys = new LinkedHashMap<>();
        for (int s = 0; s < SESSIONS; s++) {
            sessions.put("628" + s + ".0", keyPair(g, "s" + s));
            senderKeys.put("group" + s + "@g.us::628" + s + "::0", keyPair(g, "k" + s));
        }
        Map<String, Map<String, JsonNode>> set = new LinkedHashMap<>();
        set.put("pre-key", preKeys);
        set.put("session", sessions);
        set.put("sender-key", senderKeys);
        return set;
    }

    /** A Curve25519-shaped pair (32-byte binaries) tagged with its generation, derived from (gen, id). */
    static ObjectNode keyPair(int gen, String id) {
        ObjectNode n = BufferJson.object();
        n.put("gen", gen);
        n.set("private", BufferJson.mapper().getNodeFactory().binaryNode(bytes32(gen, id, 1)));
        n.set("public", BufferJson.mapper().getNodeFactory().binaryNode(bytes32(gen, id, 2)));
        return n;
    }

    private static byte[] bytes32(int gen, String id, int salt) {
        byte[] b = new byte[32];
        int h = (id.hashCode() * 31 + gen) * 31 + salt;
        for (int i = 0; i < 32; i++) {
            h = h * 1_103_515_245 + 12_345;
            b[i] = (byte) (h >>> 16);
        }
        return b;
    }

    /** The fixture's valid creds, pointing past generation {@code g}'s pre-keys. */
    static AuthCreds creds(int g) {
        ObjectNode c = Fixtures.creds().toJson();
        long next = 100_000L + (g + 1) * 10L;
        c.put("nextPreKeyId", next);
        c.put("firstUnuploadedPreKeyId", next);
        return AuthCreds.of(c);
    }

    /** Generation a creds document was written for (inverse of {@link #creds(int)}). */
    static int credsGeneration(AuthCreds creds) {
        return (int) ((creds.toJson().path("nextPreKeyId").asLong() - 100_000L) / 10L - 1);
    }

    static List<WAMessage> messages(String prefix, int i) {
        List<WAMessage> out = new ArrayList<>();
        for (int j = 0; j < BATCH; j++) {
            out.add(message(prefix, i, j));
        }
        return out;
    }

    static WAMessage message(String prefix, int i, int j) {
        ObjectNode n = BufferJson.object();
        n.set("key", key(prefix, i, j).toJson());
        n.put("messageTimestamp", 1_700_000_000L + i);
        n.put("pushName", "Andi");
        n.putObject("message").put("conversation", "message " + i + "/" + j);
        return WAMessage.of(n);
    }

    static MessageKey key(String prefix, int i, int j) {
        return MessageKey.of(JID, false, prefix + "-" + i + "-" + j);
    }
}
