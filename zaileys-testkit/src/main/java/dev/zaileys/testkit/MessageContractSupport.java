package dev.zaileys.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.binding.StoreBinding;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.socket.EventEmitter;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageStore;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the message store contracts share: sample documents and keys, the fixture data, a socket
 * to bind the store to (with the binding closed after each test) and a snapshot of what a store
 * holds. {@link MessageStoreContract}, {@link BindingContract} and {@link ScheduledJobStoreContract}
 * build on it.
 */
public abstract class MessageContractSupport<S extends MessageStore> extends StoreContract<S> {

    protected static final String DM = "6281234500001@s.whatsapp.net";
    protected static final String DM2 = "6281234500002@s.whatsapp.net";
    protected static final String GROUP = "120363000000000001@g.us";
    protected static final long T0 = 1_700_000_000L;

    protected EventEmitter socket;
    protected final List<ZaileysStoreException> errors = new CopyOnWriteArrayList<>();

    @BeforeEach
    void freshSocket() {
        errors.clear();
        socket = new EventEmitter();
    }

    // ---- helpers ----

    protected static ObjectNode json(String text) {
        return (ObjectNode) BufferJson.decode(text);
    }

    protected static ObjectNode keyJson(String jid, boolean fromMe, String id) {
        return MessageKey.of(jid, fromMe, id).toJson();
    }

    protected static WAMessage msg(String jid, String id, boolean fromMe, long ts, String text) {
        ObjectNode n = BufferJson.object();
        n.set("key", keyJson(jid, fromMe, id));
        n.put("messageTimestamp", ts);
        n.put("pushName", "Andi");
        n.putObject("message").put("conversation", text);
        return WAMessage.of(n);
    }

    protected static WAMessage withField(WAMessage m, String field, JsonNode value) {
        ObjectNode n = m.toJson();
        n.set(field, value);
        return WAMessage.of(n);
    }

    protected static WAMessage withStatus(WAMessage m, int status) {
        return withField(m, "status", BufferJson.mapper().getNodeFactory().numberNode(status));
    }

    protected static Chat chat(String id, Boolean archived, String name) {
        ObjectNode n = BufferJson.object();
        n.put("id", id);
        n.put("name", name);
        n.put("conversationTimestamp", T0);
        n.put("unreadCount", 1);
        if (archived != null) {
            n.put("archived", archived);
        }
        return Chat.of(n);
    }

    protected static Contact contact(String id, String name, String notify) {
        ObjectNode n = BufferJson.object();
        n.put("id", id);
        if (name != null) {
            n.put("name", name);
        }
        if (notify != null) {
            n.put("notify", notify);
        }
        return Contact.of(n);
    }

    /** Newest first: timestamp, then id, then fromMe, all descending. */
    protected static final Comparator<WAMessage> NEWEST_FIRST = Comparator.comparingLong(WAMessage::timestamp)
            .thenComparing(m -> m.key().id())
            .thenComparing(m -> m.key().fromMe())
            .reversed();

    protected static List<String> ids(List<WAMessage> messages) {
        return messages.stream().map(m -> m.key().id()).toList();
    }

    /** The binding of {@link #store} to {@link #socket} (made by {@link #bind()}, closed after each test). */
    protected StoreBinding binding;

    /** Binds {@link #store} to {@link #socket}, or moves the binding there again. */
    protected void bind() {
        if (binding == null) {
            binding = StoreBinding.bind(store, socket, (e, pending, retry) -> errors.add(e));
        } else {
            binding.rebind(socket);
        }
    }

    @AfterEach
    void closeBinding() {
        if (binding != null) {
            binding.close();
            binding = null;
        }
    }

    protected void emit(String event, String payload) {
        socket.emit(event, BufferJson.decode(payload));
    }

    protected void emit(String event, JsonNode payload) {
        socket.emit(event, payload);
    }

    protected static ObjectNode upsert(WAMessage... messages) {
        ObjectNode p = BufferJson.object();
        ArrayNode arr = p.putArray("messages");
        for (WAMessage m : messages) {
            arr.add(m.toJson());
        }
        p.put("type", "notify");
        return p;
    }

    protected static ArrayNode update(MessageKey key, ObjectNode update) {
        ArrayNode arr = BufferJson.mapper().createArrayNode();
        ObjectNode u = arr.addObject();
        u.set("key", key.toJson());
        u.set("update", update);
        return arr;
    }

    static void assertCode(Runnable call, Code code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ZaileysStoreException.class,
                e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }

    /** Everything the store holds, as seen through its API. */
    protected static Map<String, Object> snapshot(MessageStore s) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String jid : s.listMessageJids()) {
            out.put("messages " + jid, s.listMessages(jid, ListOptions.limit(ListOptions.MAX_LIMIT)).stream()
                    .map(WAMessage::toJsonString).toList());
        }
        out.put("chats", s.listChats().stream().map(Chat::toJsonString).collect(Collectors.toCollection(java.util.TreeSet::new)));
        out.put("contacts", s.listContacts().stream().map(Contact::toJsonString).collect(Collectors.toCollection(java.util.TreeSet::new)));
        Map<String, String> presences = new TreeMap<>();
        s.listPresences().forEach((k, v) -> presences.put(k, v.toJsonString()));
        out.put("presences", presences);
        out.put("jobs", s.listScheduledJobs().stream().map(ScheduledJob::toJsonString).toList());
        return out;
    }

    protected void loadFixtures(MessageStore s) {
        s.saveMessages(Fixtures.messages());
        Fixtures.chats().forEach(s::saveChat);
        Fixtures.contacts().forEach(s::saveContact);
        Fixtures.presences().forEach(s::savePresence);
        Fixtures.jobs().forEach(s::saveScheduledJob);
    }

    /** Jobs by id, for adapter tests. */
    protected static Set<String> jobIds(MessageStore s) {
        return s.listScheduledJobs().stream().map(ScheduledJob::id).collect(Collectors.toSet());
    }
}
