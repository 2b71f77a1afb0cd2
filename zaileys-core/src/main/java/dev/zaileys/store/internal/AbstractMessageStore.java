package dev.zaileys.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.Ids;
import dev.zaileys.model.JsonDocument;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.Presence;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.Timestamps;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.internal.ModelAccess;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.PruneOptions;
import dev.zaileys.store.SaveOutcome;
import dev.zaileys.store.StoreErrorListener;
import dev.zaileys.store.StoreWrite.ClearChat;
import dev.zaileys.store.StoreWrite.DeleteChat;
import dev.zaileys.store.StoreWrite.DeleteMessage;
import dev.zaileys.store.StoreWrite.SaveChat;
import dev.zaileys.store.StoreWrite.SaveContact;
import dev.zaileys.store.StoreWrite.SaveMessage;
import dev.zaileys.store.StoreWrite.SavePresence;
import dev.zaileys.store.StoreWrite.UpdateMessage;
import dev.zaileys.store.StoreWrite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * The behaviour every message adapter shares: validation, merging, delivery status that only
 * moves forward, revoke tombstones, the closed state and error mapping.
 * An adapter implements storage primitives on encoded documents; each {@link #commit} is one
 * transaction (or pipeline, or mutation).
 *
 * <p>Longer than the other classes on purpose: validation, the merge rules and the commit
 * protocol are one path per write that every adapter must get identically, and a reader checks a
 * write by following it here from end to end. Its merge and commit paths are being reworked for
 * concurrent merges (issue 10); any further split belongs after that.
 */
public abstract class AbstractMessageStore implements MessageStore {

    /** The keyed documents besides messages. */
    protected enum DocKind { CHAT, CONTACT, PRESENCE }

    /** A message to upsert: its key columns plus the encoded document. */
    protected record MessageRow(MessageKey key, long timestamp, byte[] data) {}

    /** A chat, contact or presence document to upsert; {@code archived} matters for chats. */
    protected record DocRow(DocKind kind, String id, boolean archived, byte[] data) {}

    /**
     * One atomic write. Backends apply {@code clearedChats} first, then the deletes, then the
     * upserts.
     */
    protected record WriteBatch(List<String> clearedChats, List<MessageKey> deletedMessages, List<MessageRow> messages,
                                Map<DocKind, List<String>> deletedDocs, List<DocRow> docs) {
        public boolean isEmpty() {
            return clearedChats.isEmpty() && deletedMessages.isEmpty() && messages.isEmpty()
                    && deletedDocs.values().stream().allMatch(List::isEmpty) && docs.isEmpty();
        }
    }

    private static final int REVOKE_STUB = 1;

    private static final ModelAccess.Bridge MODEL = ModelAccess.get();

    /** An operation of the merge: a {@link StoreWrite} with its document resolved to a tree. */
    private record PutDoc(DocKind kind, String id, ObjectNode doc, boolean replace) {}

    private final StoreState state = new StoreState(getClass().getSimpleName());

    // ---- storage primitives ----

    /** The stored messages among {@code keys}. */
    protected abstract Map<MessageKey, byte[]> loadMessages(Collection<MessageKey> keys);

    /**
     * One page of a chat, newest first by (timestamp, id, fromMe) descending, honouring
     * {@code options.before()} (timestamp strictly below) or {@code options.after()} (strictly
     * after the cursor in that order), at most {@code options.limit()} documents, each with the
     * id and fromMe it is stored under (so a damaged one is named by its chat and id).
     */
    protected abstract List<PageRow> loadPage(String jid, ListOptions options);

    /** One stored message of a page: the id and fromMe of its row, key or member, and its bytes. */
    public record PageRow(String id, boolean fromMe, byte[] data) {}

    /** The stored documents of {@code kind} among {@code ids}. */
    protected abstract Map<String, byte[]> loadDocs(DocKind kind, Collection<String> ids);

    /** Every document of {@code kind} by id; for chats, {@code archived} filters when not null. */
    protected abstract Map<String, byte[]> loadAllDocs(DocKind kind, Boolean archived);

    /** The jids that have at least one stored message, in any order. */
    protected abstract Collection<String> loadMessageJids();

    /** Applies a batch atomically. */
    protected abstract void commit(WriteBatch batch);

    /** Removes what {@code options} selects; returns how many messages. */
    protected abstract int prune(PruneOptions options);

    /** Every stored job, encoded, in any order. */
    protected abstract List<byte[]> loadJobs();

    /**
     * The stored jobs with {@code fireAt} at or before {@code fireAtMillis}, encoded, in any order.
     * This default loads every job; a backend with an index on the fire time overrides it.
     */
    protected List<byte[]> loadDueJobs(long fireAtMillis) {
        return loadJobs();
    }

    protected abstract Optional<byte[]> loadJob(String id);

    protected abstract void storeJob(String id, long fireAt, byte[] data);

    protected abstract boolean removeJob(String id);

    /** Replaces the job only if its stored bytes equal {@code expected}; atomic. */
    protected abstract boolean swapJob(String id, byte[] expected, long fireAt, byte[] replacement);

    /** Removes everything of this store's scope. */
    protected abstract void removeAll();

    /** Releases what the adapter created. Called once, after the last write. */
    protected abstract void release();

    // ---- messages ----

    @Override
    public final SaveOutcome saveMessage(WAMessage message) {
        return saveMessages(List.of(requireNonNull(message, "message"))).get(0);
    }

    @Override
    public final List<SaveOutcome> saveMessages(List<WAMessage> messages) {
        if (messages == null) {
            throw ZaileysStoreException.invalid("messages must not be null");
        }
        List<StoreWrite> ops = new ArrayList<>(messages.size());
        for (WAMessage m : messages) {
            ops.add(new SaveMessage(requireNonNull(m, "message")));
        }
        return apply(ops);
    }

    @Override
    public final Optional<WAMessage> getMessage(MessageKey key) {
        requireNonNull(key, "key");
        ensureOpen();
        byte[] data = read("get message", () -> loadMessages(List.of(key))).get(key);
        return Optional.ofNullable(data).map(d -> decodeMessage(key.remoteJid(), key.id(), key.fromMe(), d));
    }

    @Override
    public final List<WAMessage> listMessages(String jid, ListOptions options) {
        Ids.require(jid, "jid");
        requireNonNull(options, "options");
        ensureOpen();
        return read("list messages", () -> loadPage(jid, options)).stream()
                .map(row -> decodeMessage(jid, row.id(), row.fromMe(), row.data())).toList();
    }

    @Override
    public final boolean deleteMessage(MessageKey key) {
        requireNonNull(key, "key");
        ensureOpen();
        return locked("delete message", () -> {
            if (loadMessages(List.of(key)).isEmpty()) {
                return false;
            }
            commit(batch(List.of(), List.of(key), List.of(), Map.of(), List.of()));
            return true;
        });
    }

    @Override
    public final int pruneMessages(PruneOptions options) {
        requireNonNull(options, "options");
        ensureOpen();
        return locked("prune messages", () -> prune(options));
    }

    // ---- chats, contacts, presence ----

    @Override
    public final void saveChat(Chat chat) {
        apply(List.of(new SaveChat(requireNonNull(chat, "chat"))));
    }

    @Override
    public final Optional<Chat> getChat(String jid) {
        return getDoc(DocKind.CHAT, jid).map(MODEL::chat);
    }

    @Override
    public final List<Chat> listChats() {
        return listDocs(DocKind.CHAT, null).stream().map(MODEL::chat).toList();
    }

    @Override
    public final List<Chat> listChats(boolean archived) {
        return listDocs(DocKind.CHAT, archived).stream().map(MODEL::chat).toList();
    }

    @Override
    public final void saveContact(Contact contact) {
        apply(List.of(new SaveContact(requireNonNull(contact, "contact"))));
    }

    @Override
    public final Optional<Contact> getContact(String jid) {
        return getDoc(DocKind.CONTACT, jid).map(MODEL::contact);
    }

    @Override
    public final List<Contact> listContacts() {
        return listDocs(DocKind.CONTACT, null).stream().map(MODEL::contact).toList();
    }

    @Override
    public final void savePresence(String jid, Presence presence) {
        apply(List.of(new SavePresence(jid, requireNonNull(presence, "presence"))));
    }

    @Override
    public final Optional<Presence> getPresence(String jid) {
        return getDoc(DocKind.PRESENCE, jid).map(MODEL::presence);
    }

    @Override
    public final Map<String, Presence> listPresences() {
        ensureOpen();
        Map<String, Presence> out = new java.util.TreeMap<>();
        read("list presences", () -> loadAllDocs(DocKind.PRESENCE, null)).forEach((id, d) ->
                out.put(id, MODEL.presence(Records.asObject(decode(d, DocKind.PRESENCE, id), recordName(DocKind.PRESENCE, id)))));
        return out;
    }

    @Override
    public final List<String> listMessageJids() {
        ensureOpen();
        return read("list message chats", this::loadMessageJids).stream().sorted().toList();
    }

    private Optional<ObjectNode> getDoc(DocKind kind, String id) {
        Ids.require(id, "jid");
        ensureOpen();
        byte[] data = read("get " + kind.name().toLowerCase(), () -> loadDocs(kind, List.of(id))).get(id);
        return Optional.ofNullable(data).map(d -> Records.asObject(decode(d, kind, id), recordName(kind, id)));
    }

    private List<ObjectNode> listDocs(DocKind kind, Boolean archived) {
        ensureOpen();
        Map<String, byte[]> all = read("list " + kind.name().toLowerCase() + "s", () -> loadAllDocs(kind, archived));
        List<ObjectNode> out = new ArrayList<>(all.size());
        all.forEach((id, d) -> out.add(Records.asObject(decode(d, kind, id), recordName(kind, id))));
        return out;
    }

    // ---- scheduled jobs ----

    @Override
    public final void saveScheduledJob(ScheduledJob job) {
        requireNonNull(job, "job");
        byte[] data = Records.checkedSize(job.encode(), "job " + job.id());
        ensureOpen();
        locked("save scheduled job", () -> {
            storeJob(job.id(), job.fireAt().toEpochMilli(), data);
            return null;
        });
    }

    @Override
    public final List<ScheduledJob> listScheduledJobs() {
        ensureOpen();
        return read("list scheduled jobs", this::loadJobs).stream()
                .map(d -> decodeJob(d))
                .sorted(Comparator.comparing(ScheduledJob::fireAt).thenComparing(ScheduledJob::id))
                .toList();
    }

    @Override
    public final List<ScheduledJob> listDueScheduledJobs(Instant now) {
        requireNonNull(now, "now");
        ensureOpen();
        return read("list due scheduled jobs", () -> loadDueJobs(now.toEpochMilli())).stream()
                .map(this::decodeJob)
                .filter(j -> !j.fireAt().isAfter(now))
                .sorted(Comparator.comparing(ScheduledJob::fireAt).thenComparing(ScheduledJob::id))
                .toList();
    }

    @Override
    public final Optional<ScheduledJob> getScheduledJob(String id) {
        Ids.require(id, "job id");
        ensureOpen();
        return read("get scheduled job", () -> loadJob(id)).map(this::decodeJob);
    }

    @Override
    public final boolean deleteScheduledJob(String id) {
        Ids.require(id, "job id");
        ensureOpen();
        return locked("delete scheduled job", () -> removeJob(id));
    }

    @Override
    public final boolean replaceScheduledJob(ScheduledJob expected, ScheduledJob replacement) {
        requireNonNull(expected, "expected job");
        requireNonNull(replacement, "replacement job");
        if (!expected.id().equals(replacement.id())) {
            throw ZaileysStoreException.invalid("a job can only be replaced by a job with the same id");
        }
        ensureOpen();
        return locked("replace scheduled job",
                () -> swapJob(expected.id(), expected.encode(), replacement.fireAt().toEpochMilli(), replacement.encode()));
    }

    private ScheduledJob decodeJob(byte[] d) {
        return MODEL.job(Records.asObject(Records.decodeStored(d, "job"), "job"));
    }

    // ---- lifecycle ----

    @Override
    public final void clear() {
        ensureOpen();
        locked("clear", () -> {
            removeAll();
            return null;
        });
    }

    @Override
    public final void close() {
        if (state.isClosed()) {
            return;
        }
        state.closeOnce(this::release);
    }

    /** Throws {@code STORE_CLOSED} once {@link #close()} ran. */
    protected final void ensureOpen() {
        state.ensureOpen();
    }

    // ---- the merge engine ----

    /**
     * Applies operations in order as one atomic batch: loads what they touch, merges in memory,
     * commits the result. Returns the outcome of each {@link SaveMessage}.
     */
    @Override
    public final List<SaveOutcome> apply(List<StoreWrite> writes) {
        if (writes == null) {
            throw ZaileysStoreException.invalid("writes must not be null");
        }
        List<Object> ops = new ArrayList<>(writes.size());
        for (StoreWrite w : writes) {
            ops.add(normalize(requireNonNull(w, "write")));
        }
        ensureOpen();
        return locked("write", () -> applyLocked(ops));
    }

    /** Chats, contacts and presence become one keyed-document operation; the rest is merged as it is. */
    private static Object normalize(StoreWrite w) {
        if (w instanceof SaveMessage m) {
            Records.checkedSize(MODEL.encoded(m.message()), "message " + m.message().key().id());
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

    private record DeleteDoc(DocKind kind, String id) {}

    private List<SaveOutcome> applyLocked(List<Object> ops) {
        Set<MessageKey> messageKeys = new LinkedHashSet<>();
        Map<DocKind, Set<String>> docIds = new EnumMap<>(DocKind.class);
        for (Object op : ops) {
            if (op instanceof SaveMessage p) {
                messageKeys.add(p.message().key());
                revokedOrEdited(MODEL.tree(p.message())).ifPresent(messageKeys::add);
            } else if (op instanceof UpdateMessage u) {
                messageKeys.add(u.key());
            } else if (op instanceof PutDoc d && !d.replace()) {
                docIds.computeIfAbsent(d.kind(), k -> new LinkedHashSet<>()).add(d.id());
            }
        }
        Map<MessageKey, ObjectNode> before = new HashMap<>();
        if (!messageKeys.isEmpty()) {
            loadMessages(messageKeys).forEach((k, v) ->
                    before.put(k, Records.asObject(decode(v, null, k.id()), "message " + k.id())));
        }
        Map<DocKind, Map<String, ObjectNode>> docsBefore = new EnumMap<>(DocKind.class);
        docIds.forEach((kind, ids) -> {
            Map<String, ObjectNode> m = new HashMap<>();
            loadDocs(kind, ids).forEach((id, v) -> m.put(id, Records.asObject(decode(v, kind, id), recordName(kind, id))));
            docsBefore.put(kind, m);
        });

        // Working state: a present value is the document after the ops so far; null marks a delete.
        Map<MessageKey, ObjectNode> messages = new LinkedHashMap<>();
        Set<MessageKey> known = new HashSet<>(before.keySet());
        List<String> cleared = new ArrayList<>();
        Map<DocKind, Map<String, ObjectNode>> docs = new EnumMap<>(DocKind.class);
        List<SaveOutcome> outcomes = new ArrayList<>();
        Map<ObjectNode, byte[]> preEncoded = new java.util.IdentityHashMap<>();
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
                    preEncoded.put(next, MODEL.encoded(msg));
                    outcomes.add(SaveOutcome.NEW);
                } else {
                    next = existing.deepCopy();
                    merge(next, MODEL.tree(msg));
                    keepStatusForward(existing, next);
                    outcomes.add(MODEL.sameJson(next, existing) ? SaveOutcome.UNCHANGED : SaveOutcome.UPDATED);
                }
                messages.put(msg.key(), next);
            } else if (op instanceof UpdateMessage u) {
                ObjectNode existing = current.apply(u.key());
                if (existing != null) {
                    ObjectNode next = existing.deepCopy();
                    merge(next, u.update());
                    next.set("key", existing.get("key"));
                    keepStatusForward(existing, next);
                    messages.put(u.key(), next);
                }
            } else if (op instanceof DeleteMessage d) {
                messages.put(d.key(), null);
            } else if (op instanceof ClearChat c) {
                cleared.add(c.jid());
                messages.keySet().removeIf(k -> k.remoteJid().equals(c.jid()));
                known.removeIf(k -> k.remoteJid().equals(c.jid()));
            } else if (op instanceof PutDoc d) {
                Map<String, ObjectNode> working = docs.computeIfAbsent(d.kind(), k -> new LinkedHashMap<>());
                ObjectNode existing = working.containsKey(d.id()) ? working.get(d.id())
                        : docsBefore.getOrDefault(d.kind(), Map.of()).get(d.id());
                ObjectNode next;
                if (existing == null || d.replace()) {
                    next = d.doc().deepCopy();
                } else {
                    next = existing.deepCopy();
                    merge(next, d.doc());
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
                byte[] data = preEncoded.get(doc);
                rows.add(new MessageRow(k, Timestamps.read(doc.get("messageTimestamp")).orElse(0L), data != null ? data
                        : Records.checkedSize(BufferJson.encode(doc), "message " + k.id())));
            }
        });
        Map<DocKind, List<String>> deletedDocs = new EnumMap<>(DocKind.class);
        List<DocRow> docRows = new ArrayList<>();
        docs.forEach((kind, m) -> m.forEach((id, doc) -> {
            if (doc == null) {
                deletedDocs.computeIfAbsent(kind, x -> new ArrayList<>()).add(id);
            } else {
                docRows.add(new DocRow(kind, id, doc.path("archived").asBoolean(false),
                        Records.checkedSize(BufferJson.encode(doc), recordName(kind, id))));
            }
        }));
        WriteBatch batch = batch(cleared, deleted, rows, deletedDocs, docRows);
        if (!batch.isEmpty()) {
            commit(batch);
        }
        return outcomes;
    }

    private static WriteBatch batch(List<String> cleared, List<MessageKey> deleted, List<MessageRow> rows,
                                    Map<DocKind, List<String>> deletedDocs, List<DocRow> docs) {
        return new WriteBatch(cleared, deleted, rows, deletedDocs, docs);
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
    private static void merge(ObjectNode target, ObjectNode patch) {
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

    // ---- helpers ----

    private WAMessage decodeMessage(String jid, String id, boolean fromMe, byte[] data) {
        String name = messageName(jid, id, fromMe);
        return MODEL.message(Records.asObject(Records.decodeStored(data, name), name));
    }

    /**
     * How a stored message is named in a {@code STORE_CORRUPTED} message: its chat and id (what
     * {@code verify} lists and what a person looks up), then where the backend keeps it.
     */
    protected String messageName(String jid, String id, boolean fromMe) {
        return "message " + id + (fromMe ? " (from me)" : "") + " of chat " + jid;
    }

    private JsonNode decode(byte[] data, DocKind kind, String id) {
        return Records.decodeStored(data, recordName(kind, id));
    }

    /** How a record is named in a {@code STORE_CORRUPTED} message. */
    protected String recordName(DocKind kind, String id) {
        return (kind == null ? "message" : kind.name().toLowerCase()) + " " + id;
    }

    private <T> T read(String what, java.util.function.Supplier<T> call) {
        return Records.guarded(Code.STORE_READ_FAILED, what, call);
    }

    private <T> T locked(String what, java.util.function.Supplier<T> call) {
        return state.locked(what, call);
    }

    static <T> T requireNonNull(T value, String what) {
        if (value == null) {
            throw ZaileysStoreException.invalid(what + " must not be null");
        }
        return value;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
