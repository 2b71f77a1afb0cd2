package dev.zaileys.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.Presence;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.WAMessage;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageCursor;
import dev.zaileys.store.MessageStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads a whole backend as export records, in the fixed order: creds; Signal values by type,
 * then id; chats; contacts; messages by chat, then timestamp, then id; presence; jobs (by id).
 * Two exports of equal stores are equal.
 */
final class Exporter {

    static final int SIGNAL_BATCH = 500;
    static final int MESSAGE_PAGE = 1000;

    private Exporter() {}

    /** Emits every record of {@code from}; returns how many. */
    static long export(Stores.Backend from, Consumer<ObjectNode> sink) {
        long n = 0;
        if (from.hasAuth()) {
            n += exportAuth(from.auth(), sink);
        }
        if (from.hasMessages()) {
            n += exportHistory(from.messages(), sink);
        }
        return n;
    }

    private static long exportAuth(AuthStoreBundle auth, Consumer<ObjectNode> sink) {
        long n = 0;
        var creds = auth.readCreds();
        if (creds.isPresent()) {
            sink.accept(record("creds").set("value", creds.get().toJson()));
            n++;
        }
        for (Map.Entry<String, List<String>> e : auth.listKeyIds().entrySet()) {
            String type = e.getKey();
            List<String> ids = e.getValue();
            for (int from = 0; from < ids.size(); from += SIGNAL_BATCH) {
                List<String> batch = ids.subList(from, Math.min(ids.size(), from + SIGNAL_BATCH));
                Map<String, JsonNode> values = auth.read(type, batch);
                for (String id : batch) {
                    JsonNode value = values.get(id);
                    if (value != null) { // deleted between listing and reading
                        ObjectNode r = record("signal");
                        r.put("type", type);
                        r.put("id", id);
                        r.set("value", value);
                        sink.accept(r);
                        n++;
                    }
                }
            }
        }
        return n;
    }

    private static long exportHistory(MessageStore store, Consumer<ObjectNode> sink) {
        long n = 0;
        List<Chat> chats = new ArrayList<>(store.listChats());
        chats.sort(Comparator.comparing(Chat::id));
        for (Chat c : chats) {
            sink.accept(record("chat").set("value", c.toJson()));
            n++;
        }
        List<Contact> contacts = new ArrayList<>(store.listContacts());
        contacts.sort(Comparator.comparing(Contact::id));
        for (Contact c : contacts) {
            sink.accept(record("contact").set("value", c.toJson()));
            n++;
        }
        for (String jid : store.listMessageJids()) {
            for (WAMessage m : oldestFirst(store, jid)) {
                sink.accept(record("message").set("value", m.toJson()));
                n++;
            }
        }
        SortedMap<String, Presence> presences = new TreeMap<>(store.listPresences());
        for (Map.Entry<String, Presence> e : presences.entrySet()) {
            ObjectNode r = record("presence");
            r.put("jid", e.getKey());
            r.set("value", e.getValue().toJson());
            sink.accept(r);
            n++;
        }
        List<ScheduledJob> jobs = new ArrayList<>(store.listScheduledJobs());
        jobs.sort(Comparator.comparing(ScheduledJob::id));
        for (ScheduledJob j : jobs) {
            sink.accept(record("job").set("value", j.toJson()));
            n++;
        }
        return n;
    }

    /** One chat's messages by timestamp, then id, then direction: the cursor walk, reversed. */
    static List<WAMessage> oldestFirst(MessageStore store, String jid) {
        List<WAMessage> all = new ArrayList<>();
        ListOptions page = ListOptions.limit(MESSAGE_PAGE);
        while (true) {
            List<WAMessage> got = store.listMessages(jid, page);
            all.addAll(got);
            if (got.size() < MESSAGE_PAGE) {
                break;
            }
            page = ListOptions.limit(MESSAGE_PAGE).after(MessageCursor.after(got.get(got.size() - 1)));
        }
        Collections.reverse(all);
        return all;
    }

    private static ObjectNode record(String kind) {
        ObjectNode r = BufferJson.object();
        r.put("kind", kind);
        return r;
    }

    /** What {@code inspect} shows: how many records of each kind. Fields are null when the backend has no such store. */
    record Counts(boolean creds, SortedMap<String, Integer> signal, Integer chats, Integer contacts, Long messages,
                  Integer presence, Integer jobs) {

        long signalKeys() {
            return signal.values().stream().mapToLong(Integer::longValue).sum();
        }

        /** Records of the message store (0 when there is none). */
        long history() {
            return messages == null ? 0 : chats + contacts + messages + presence + jobs;
        }

        long total() {
            return (creds ? 1 : 0) + signalKeys() + history();
        }
    }

    static Counts count(Stores.Backend b) {
        boolean creds = false;
        SortedMap<String, Integer> signal = new TreeMap<>();
        if (b.hasAuth()) {
            creds = b.auth().readCreds().isPresent();
            b.auth().listKeyIds().forEach((type, ids) -> signal.put(type, ids.size()));
        }
        if (!b.hasMessages()) {
            return new Counts(creds, signal, null, null, null, null, null);
        }
        MessageStore s = b.messages();
        long messages = 0;
        for (String jid : s.listMessageJids()) {
            ListOptions page = ListOptions.limit(MESSAGE_PAGE);
            while (true) {
                List<WAMessage> got = s.listMessages(jid, page);
                messages += got.size();
                if (got.size() < MESSAGE_PAGE) {
                    break;
                }
                page = ListOptions.limit(MESSAGE_PAGE).after(MessageCursor.after(got.get(got.size() - 1)));
            }
        }
        return new Counts(creds, signal, s.listChats().size(), s.listContacts().size(), messages,
                s.listPresences().size(), s.listScheduledJobs().size());
    }
}
