package dev.zaileys.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.Timestamps;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.internal.ModelAccess;
import dev.zaileys.store.SaveOutcome;
import dev.zaileys.store.StoreWrite;
import dev.zaileys.store.StoreWrite.ClearChat;
import dev.zaileys.store.StoreWrite.DeleteChat;
import dev.zaileys.store.StoreWrite.DeleteMessage;
import dev.zaileys.store.StoreWrite.SaveChat;
import dev.zaileys.store.StoreWrite.SaveContact;
import dev.zaileys.store.StoreWrite.SaveMessage;
import dev.zaileys.store.StoreWrite.SavePresence;
import dev.zaileys.store.StoreWrite.UpdateMessage;
import dev.zaileys.store.internal.AbstractMessageStore.DocKind;
import dev.zaileys.store.internal.AbstractMessageStore.DocRow;
import dev.zaileys.store.internal.AbstractMessageStore.MessageRow;
import dev.zaileys.store.internal.AbstractMessageStore.ReadSet;
import dev.zaileys.store.internal.AbstractMessageStore.WriteBatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * The merge of a list of writes, without storage: which stored documents it depends on
 * ({@link #reads()}), and, given those documents, what to write and what each save answers
 * ({@link #merge}). Pure: {@link #merge} may run again on other documents (a backend that retries
 * a conflicting transaction does) and never changes its inputs.
 *
 * <p>Rules: a save merges into the stored message at the top level (a field replaces the stored
 * one whole, a null removes it); a delivery status only moves forward; a revoke leaves a tombstone
 * and an edit replaces the content, both on the target message only when it is stored; chats and
 * contacts merge the same way, presence is replaced whole.
 */
final class MergeEngine {

    /** The stored documents of {@link #reads()}, decoded; keys that are not stored are absent. */
    record Prior(Map<MessageKey, ObjectNode> messages, Map<DocKind, Map<String, ObjectNode>> docs) {}

    /**
     * What to write, the outcome of each save in order, and for each {@link DeleteMessage} in
     * order whether the message was stored.
     */
    record Result(WriteBatch batch, List<SaveOutcome> outcomes, List<Boolean> deleted) {}

    private static final int REVOKE_STUB = 1;

    private static final ModelAccess.Bridge MODEL = ModelAccess.get();

    /** A chat, contact or presence write with its document resolved to a tree. */
    private record PutDoc(DocKind kind, String id, ObjectNode doc, boolean replace) {}

    private record DeleteDoc(DocKind kind, String id) {}

    private final List<Object> ops;
    private final ReadSet reads;

    /**
     * @throws ZaileysStoreException {@code STORE_INVALID_INPUT} for a null write or an oversized
     *     message, before anything is read
     */
    MergeEngine(List<StoreWrite> writes) {
        if (writes == null) {
            throw ZaileysStoreException.invalid("writes must not be null");
        }
        List<Object> normalized = new ArrayList<>(writes.size());
        for (StoreWrite w : writes) {
            if (w == null) {
                throw ZaileysStoreException.invalid("write must not be null");
            }
            normalized.add(normalize(w));
        }
        this.ops = normalized;
        this.reads = readsOf(normalized);
    }

    ReadSet reads() {
        return reads;
    }

    /** Chats, contacts and presence become one keyed-document operation; the rest is merged as it is. */
    private static Object normalize(StoreWrite w) {
        if (w instanceof SaveMessage m) {
            Records.checkedSize(MODEL.encoded(m.message()), "message ", m.message().key().id());
            return w;
        }
        if (w instanceof SaveChat c) {
            return new PutDoc(DocKind.CHAT, c.chat().id(), MODEL.tree(c.chat()), false);
        }
        if (w instanceof SaveContact c) {
            return new PutDoc(DocKind.CONTACT, c.contact().id(), MODEL.tree(c.contact()), false);
        }
        if (w instanceof SavePresence p) {
            return new PutDoc(DocKind.PRESENCE, p.jid(), MODEL.tree(p.presence()), true);
        }
        if (w instanceof DeleteChat d) {
            return new DeleteDoc(DocKind.CHAT, d.jid());
        }
        return w;
    }

    private static ReadSet readsOf(List<Object> ops) {
        Set<MessageKey> messageKeys = new LinkedHashSet<>();
        Map<DocKind, Set<String>> docIds = new EnumMap<>(DocKind.class);
        boolean savesOnly = !ops.isEmpty();
        for (Object op : ops) {
            if (op instanceof SaveMessage p) {
                messageKeys.add(p.message().key());
                Optional<MessageKey> target = revokedOrEdited(MODEL.tree(p.message()));
                target.ifPresent(messageKeys::add);
                savesOnly &= target.isEmpty();
                continue;
            }
            savesOnly = false;
            if (op instanceof UpdateMessage u) {
                messageKeys.add(u.key());
            } else if (op instanceof DeleteMessage d) {
                messageKeys.add(d.key());
            } else if (op instanceof PutDoc d && !d.replace()) {
                docIds.computeIfAbsent(d.kind(), k -> new LinkedHashSet<>()).add(d.id());
            }
        }
        Map<DocKind, Set<String>> frozen = new EnumMap<>(DocKind.class);
        docIds.forEach((k, v) -> frozen.put(k, Collections.unmodifiableSet(v)));
        return new ReadSet(Collections.unmodifiableSet(messageKeys), Collections.unmodifiableMap(frozen), savesOnly);
    }

    /** Applies the writes in order to {@code prior}: the batch to commit and the answers. */
    Result merge(Prior prior) {
        Map<MessageKey, ObjectNode> before = prior.messages();
        // Working state: a present value is the document after the ops so far; null marks a delete.
        Map<MessageKey, ObjectNode> messages = new LinkedHashMap<>();
        Set<MessageKey> known = new HashSet<>(before.keySet());
        List<String> cleared = new ArrayList<>();
        Map<DocKind, Map<String, ObjectNode>> docs = new EnumMap<>(DocKind.class);
        List<SaveOutcome> outcomes = new ArrayList<>();
        List<Boolean> deletedAnswers = new ArrayList<>();
        Map<ObjectNode, WAMessage> saved = new IdentityHashMap<>();
        Function<MessageKey, ObjectNode> current = k -> messages.containsKey(k) ? messages.get(k)
                : known.contains(k) ? before.get(k) : null;

        for (Object op : ops) {
            if (op instanceof SaveMessage p) {
                WAMessage msg = p.message();
                Optional<MessageKey> target = revokedOrEdited(MODEL.tree(msg));
                if (target.isPresent()) {
                    ObjectNode stored = current.apply(target.get());
                    if (stored != null) {
                        messages.put(target.get(), protocolUpdate(stored.deepCopy(), MODEL.tree(msg)));
                    }
                    outcomes.add(SaveOutcome.NEW);
                    continue;
                }
                ObjectNode existing = current.apply(msg.key());
                ObjectNode next;
                if (existing == null) {
                    // Documents are immutable and the engine copies before it merges: no copy needed.
                    next = MODEL.tree(msg);
                    saved.put(next, msg);
                    outcomes.add(SaveOutcome.NEW);
                } else {
                    next = existing.deepCopy();
                    mergeInto(next, MODEL.tree(msg));
                    keepStatusForward(existing, next);
                    outcomes.add(MODEL.sameJson(next, existing) ? SaveOutcome.UNCHANGED : SaveOutcome.UPDATED);
                }
                messages.put(msg.key(), next);
            } else if (op instanceof UpdateMessage u) {
                ObjectNode existing = current.apply(u.key());
                if (existing != null) {
                    ObjectNode next = existing.deepCopy();
                    mergeInto(next, u.update());
                    next.set("key", existing.get("key"));
                    keepStatusForward(existing, next);
                    messages.put(u.key(), next);
                }
            } else if (op instanceof DeleteMessage d) {
                deletedAnswers.add(current.apply(d.key()) != null);
                messages.put(d.key(), null);
            } else if (op instanceof ClearChat c) {
                cleared.add(c.jid());
                messages.keySet().removeIf(k -> k.remoteJid().equals(c.jid()));
                known.removeIf(k -> k.remoteJid().equals(c.jid()));
            } else if (op instanceof PutDoc d) {
                Map<String, ObjectNode> working = docs.computeIfAbsent(d.kind(), k -> new LinkedHashMap<>());
                ObjectNode existing = working.containsKey(d.id()) ? working.get(d.id())
                        : prior.docs().getOrDefault(d.kind(), Map.of()).get(d.id());
                ObjectNode next;
                if (existing == null || d.replace()) {
                    next = d.doc().deepCopy();
                } else {
                    next = existing.deepCopy();
                    mergeInto(next, d.doc());
                }
                if (d.kind() != DocKind.PRESENCE) {
                    next.put("id", d.id());
                }
                working.put(d.id(), next);
            } else if (op instanceof DeleteDoc d) {
                docs.computeIfAbsent(d.kind(), k -> new LinkedHashMap<>()).put(d.id(), null);
            }
        }

        List<MessageKey> deleted = new ArrayList<>();
        List<MessageRow> rows = new ArrayList<>();
        messages.forEach((k, doc) -> {
            if (doc == null) {
                deleted.add(k);
            } else if (!known.contains(k) || !MODEL.sameJson(doc, before.get(k))) {
                WAMessage as = saved.get(doc);
                if (as != null) {
                    rows.add(new MessageRow(k, as.timestamp(), MODEL.encoded(as), as));
                } else {
                    // Nothing else holds `doc` (the engine copies before every change), so it can be adopted.
                    byte[] data = Records.checkedSize(BufferJson.encode(doc), "message ", k.id());
                    rows.add(new MessageRow(k, Timestamps.read(doc.get("messageTimestamp")).orElse(0L), data,
                            MODEL.message(doc)));
                }
            }
        });
        Map<DocKind, List<String>> deletedDocs = new EnumMap<>(DocKind.class);
        List<DocRow> docRows = new ArrayList<>();
        docs.forEach((kind, m) -> m.forEach((id, doc) -> {
            if (doc == null) {
                deletedDocs.computeIfAbsent(kind, x -> new ArrayList<>()).add(id);
            } else {
                docRows.add(new DocRow(kind, id, doc.path("archived").asBoolean(false),
                        Records.checkedSize(BufferJson.encode(doc), kind.label, id)));
            }
        }));
        return new Result(new WriteBatch(cleared, deleted, rows, deletedDocs, docRows), outcomes, deletedAnswers);
    }

    /** A {@code protocolMessage} that revokes (type 0) or edits (type 14) another message: its target. */
    private static Optional<MessageKey> revokedOrEdited(ObjectNode msg) {
        JsonNode pm = msg.path("message").path("protocolMessage");
        if (!pm.isObject() || !pm.path("key").isObject()) {
            return Optional.empty();
        }
        JsonNode type = pm.path("type");
        boolean revoke = type.isMissingNode() || type.asInt(-1) == 0 || "REVOKE".equals(type.asText());
        boolean edit = type.asInt(-1) == 14 || "MESSAGE_EDIT".equals(type.asText());
        if (!revoke && !edit) {
            return Optional.empty();
        }
        MessageKey k = MessageKey.fromJson(pm.get("key"));
        MessageKey own = MessageKey.fromJson(msg.get("key"));
        // Only a message's sender revokes or edits it, and the key inside the protocol message is
        // relative to that sender (a received revoke says fromMe: true): the target is the outer
        // key's chat and direction with the inner id, as Baileys itself resolves it.
        return Optional.of(MessageKey.of(own.remoteJid(), own.fromMe(), k.id()));
    }

    /**
     * Merges {@code patch} into {@code target} at the top level: a field of the patch replaces the
     * stored one whole (an edited {@code message} must not keep the old content's fields), and a
     * null removes it.
     */
    private static void mergeInto(ObjectNode target, ObjectNode patch) {
        patch.fields().forEachRemaining(e -> {
            JsonNode value = e.getValue();
            if (value == null || value.isNull()) {
                target.remove(e.getKey());
            } else {
                target.set(e.getKey(), value.deepCopy());
            }
        });
    }

    private static ObjectNode protocolUpdate(ObjectNode stored, ObjectNode protocolMsg) {
        JsonNode pm = protocolMsg.path("message").path("protocolMessage");
        if (pm.has("editedMessage")) {
            stored.set("message", pm.get("editedMessage").deepCopy());
        } else {
            stored.remove("message");
            stored.set("messageStubType", IntNode.valueOf(REVOKE_STUB));
        }
        return stored;
    }

    private static void keepStatusForward(ObjectNode before, ObjectNode after) {
        OptionalInt old = MODEL.statusRank(before.get("status"));
        OptionalInt now = MODEL.statusRank(after.get("status"));
        if (old.isPresent() && (now.isEmpty() || now.getAsInt() < old.getAsInt())) {
            after.set("status", before.get("status").deepCopy());
        }
    }
}
