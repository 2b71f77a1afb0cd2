package dev.zaileys.store.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.WAMessage;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageStore;
import dev.zaileys.testkit.Fixtures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data of the per-session layout fixtures ({@code src/test/resources/legacy-layout/}): what the
 * code of commit 299eed4 wrote into each session, and so what every store must read back after
 * the move into the shared layout. Each session gets the Node fixtures plus records naming it, so
 * rows that landed under the wrong session are seen.
 */
public final class LegacyRecipe {

    /** The sessions of the fixture databases; "default" is the Node original's tables. */
    public static final List<String> SESSIONS = List.of("default", "bot-1", "bot_2");

    private LegacyRecipe() {}

    public static void fill(String session, AuthStoreBundle auth, MessageStore messages) {
        ObjectNode creds = Fixtures.creds().toJson();
        creds.put("fixtureSession", session);
        auth.writeCreds(AuthCreds.of(creds));
        Map<String, Map<String, JsonNode>> keys = new LinkedHashMap<>(Fixtures.signalState());
        Map<String, JsonNode> own = new LinkedHashMap<>(keys.getOrDefault("pre-key", Map.of()));
        own.put("only-" + session, JsonNodeFactory.instance.objectNode().put("session", session));
        keys.put("pre-key", own);
        auth.write(keys);

        List<WAMessage> msgs = new ArrayList<>(Fixtures.messages());
        ObjectNode mine = msgs.get(0).toJson();
        ((ObjectNode) mine.get("key")).put("id", "ONLY-" + session);
        mine.put("fixtureSession", session);
        msgs.add(WAMessage.of(mine));
        messages.saveMessages(msgs);
        for (Chat c : Fixtures.chats()) {
            messages.saveChat(c);
        }
        for (Contact c : Fixtures.contacts()) {
            messages.saveContact(c);
        }
        Fixtures.presences().forEach(messages::savePresence);
        for (ScheduledJob j : Fixtures.jobs()) {
            messages.saveScheduledJob(j);
        }
    }

    /** The snapshot key of the message only {@code session} holds. */
    public static String snapshotKeyOfOwnMessage(String session) {
        ObjectNode key = ((ObjectNode) Fixtures.messages().get(0).toJson().get("key")).deepCopy();
        key.put("id", "ONLY-" + session);
        return WAMessage.of(Fixtures.messages().get(0).toJson().set("key", key)).key().toString();
    }

    /** Everything the two stores hold, as JSON trees by a readable name, for equality checks. */
    public static Map<String, JsonNode> snapshot(AuthStoreBundle auth, MessageStore messages) {
        Map<String, JsonNode> out = new TreeMap<>();
        auth.readCreds().ifPresent(c -> out.put("creds", c.toJson()));
        auth.listKeyIds().forEach((type, ids) -> auth.read(type, ids)
                .forEach((id, v) -> out.put("key " + type + "/" + id, v)));
        for (String jid : messages.listMessageJids()) {
            for (WAMessage m : messages.listMessages(jid, ListOptions.limit(10_000))) {
                out.put("message " + m.key(), m.toJson());
            }
        }
        messages.listChats().forEach(c -> out.put("chat " + c.id(), c.toJson()));
        messages.listContacts().forEach(c -> out.put("contact " + c.id(), c.toJson()));
        messages.listPresences().forEach((jid, p) -> out.put("presence " + jid, p.toJson()));
        messages.listScheduledJobs().forEach(j -> out.put("job " + j.id(), j.toJson()));
        return out;
    }
}
