package dev.zaileys.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.Presence;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageCursor;
import dev.zaileys.store.MessageStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads a whole backend as export records, in the fixed order: creds; Signal values by type,
 * then id; chats; contacts; messages by chat, then timestamp, then id; presence; jobs (by id).
 * Two exports of equal stores are equal.
 */
final class Exporter {

    static final int SIGNAL_BATCH = 500;
    static final int MESSAGE_PAGE = 1000;

    private Exporter() {}

    /**
     * What to do with a record the store cannot read ({@code STORE_CORRUPTED}): throw to stop the
     * export, or return to skip the record.
     */
    interface Damaged {
        void found(String what, ZaileysStoreException e);

        /** Stops at the first damaged record, naming it. */
        Damaged STOP = (what, e) -> {
            throw new DataException(what + " is damaged: " + e.getMessage()
                    + " (pass --skip-damaged to export the rest and list what was left out)", e);
        };
    }

    /** Emits every record of {@code from}, stopping at a damaged one; returns how many. */
    static long export(Stores.Backend from, Consumer<ObjectNode> sink) {
        return export(from, sink, Damaged.STOP);
    }

    /** Emits every record of {@code from}; a damaged record goes to {@code damaged}. Returns how many were emitted. */
    static long export(Stores.Backend from, Consumer<ObjectNode> sink, Damaged damaged) {
        long n = 0;
        if (from.hasAuth()) {
            n += exportAuth(from.auth(), sink, damaged);
        }
        if (from.hasMessages()) {
            n += exportHistory(from.messages(), sink, damaged);
        }
        return n;
    }

    private static boolean isDamage(ZaileysStoreException e) {
        return e.code() == ZaileysStoreException.Code.STORE_CORRUPTED;
    }

    private static long exportAuth(AuthStoreBundle auth, Consumer<ObjectNode> sink, Damaged damaged) {
        long n = 0;
        try {
            var creds = auth.readCreds();
            if (creds.isPresent()) {
                sink.accept(record("creds").set("value", creds.get().toJson()));
                n++;
            }
        } catch (ZaileysStoreException e) {
            if (!isDamage(e)) {
                throw e;
            }
            damaged.found("creds", e);
        }
        for (Map.Entry<String, List<String>> e : auth.listKeyIds().entrySet()) {
            String type = e.getKey();
            List<String> ids = e.getValue();
            for (int from = 0; from < ids.size(); from += SIGNAL_BATCH) {
                List<String> batch = ids.subList(from, Math.min(ids.size(), from + SIGNAL_BATCH));
                for (Map.Entry<String, JsonNode> v : readSignal(auth, type, batch, damaged).entrySet()) {
                    ObjectNode r = record("signal");
                    r.put("type", type);
                    r.put("id", v.getKey());
                    r.set("value", v.getValue());
                    sink.accept(r);
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * One batch of Signal values, in the batch's order, without the ids deleted since listing. A
     * damaged value fails the whole batch read; the batch is then read one id at a time so that
     * only the damaged ones are left out.
     */
    private static Map<String, JsonNode> readSignal(AuthStoreBundle auth, String type, List<String> batch, Damaged damaged) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        Map<String, JsonNode> values;
        try {
            values = auth.read(type, batch);
        } catch (ZaileysStoreException e) {
            if (!isDamage(e)) {
                throw e;
            }
            values = new HashMap<>();
            for (String id : batch) {
                try {
                    values.putAll(auth.read(type, List.of(id)));
                } catch (ZaileysStoreException one) {
                    if (!isDamage(one)) {
                        throw one;
                    }
                    damaged.found("signal " + type + " " + Importer.describeId(id), one);
                }
            }
        }
        for (String id : batch) {
            JsonNode value = values.get(id);
            if (value != null) {
                out.put(id, value);
            }
        }
        return out;
    }

    private static long exportHistory(MessageStore store, Consumer<ObjectNode> sink, Damaged damaged) {
        long n = 0;
        for (Chat c : sortedOrDamaged("chats", store::listChats, Comparator.comparing(Chat::id), damaged)) {
            sink.accept(record("chat").set("value", c.toJson()));
            n++;
        }
        for (Contact c : sortedOrDamaged("contacts", store::listContacts, Comparator.comparing(Contact::id), damaged)) {
            sink.accept(record("contact").set("value", c.toJson()));
            n++;
        }
        for (String jid : store.listMessageJids()) {
            List<WAMessage> messages;
            try {
                messages = oldestFirst(store, jid);
            } catch (ZaileysStoreException e) {
                if (!isDamage(e)) {
                    throw e;
                }
                // Paging needs the message before the damaged one: the chat's history is read whole or not at all.
                damaged.found("the messages of chat " + Importer.describeId(jid), e);
                continue;
            }
            for (WAMessage m : messages) {
                sink.accept(record("message").set("value", m.toJson()));
                n++;
            }
        }
        Map<String, Presence> presences;
        try {
            presences = new TreeMap<>(store.listPresences());
        } catch (ZaileysStoreException e) {
            if (!isDamage(e)) {
                throw e;
            }
            damaged.found("presence", e);
            presences = Map.of();
        }
        for (Map.Entry<String, Presence> e : presences.entrySet()) {
            ObjectNode r = record("presence");
            r.put("jid", e.getKey());
            r.set("value", e.getValue().toJson());
            sink.accept(r);
            n++;
        }
        for (ScheduledJob j : sortedOrDamaged("scheduled jobs", store::listScheduledJobs, Comparator.comparing(ScheduledJob::id), damaged)) {
            sink.accept(record("job").set("value", j.toJson()));
            n++;
        }
        return n;
    }

    /** A whole list, sorted; empty (after telling {@code damaged}) when one of its records is damaged. */
    private static <T> List<T> sortedOrDamaged(String what, Supplier<List<T>> list, Comparator<T> order, Damaged damaged) {
        try {
            List<T> all = new ArrayList<>(list.get());
            all.sort(order);
            return all;
        } catch (ZaileysStoreException e) {
            if (!isDamage(e)) {
                throw e;
            }
            damaged.found(what, e);
            return List.of();
        }
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
