package dev.zaileys.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.Ids;
import dev.zaileys.model.JsonDocument;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.Presence;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.internal.ModelAccess;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.PruneOptions;
import dev.zaileys.store.SaveOutcome;
import dev.zaileys.store.StoreErrorListener;
import dev.zaileys.store.StoreWrite.DeleteMessage;
import dev.zaileys.store.StoreWrite.SaveChat;
import dev.zaileys.store.StoreWrite.SaveContact;
import dev.zaileys.store.StoreWrite.SaveMessage;
import dev.zaileys.store.StoreWrite.SavePresence;
import dev.zaileys.store.StoreWrite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The behaviour every message adapter shares: validation, merging, delivery status that only
 * moves forward, revoke tombstones, the closed state and error mapping.
 * An adapter implements storage primitives on encoded documents; every write that merges goes
 * through {@link #mergeAndCommit}, which reads what the merge depends on and writes its result in
 * one transaction of the backend, so that two store objects (or two processes) on one history
 * cannot lose each other's merges. The merge itself is {@link MergeEngine}'s.
 */
public abstract class AbstractMessageStore implements MessageStore {

    /** The keyed documents besides messages. */
    protected enum DocKind {
        CHAT, CONTACT, PRESENCE;

        /** How a refusal names a document of this kind, before its id ("chat 62812...@s.whatsapp.net"). */
        final String label = name().toLowerCase(java.util.Locale.ROOT) + " ";
    }

    /**
     * A message to upsert: its key columns, the encoded document, and the same document as the
     * immutable {@link WAMessage} it was merged into (a backend that keeps documents in memory
     * keeps this one and never decodes {@code data} again).
     */
    protected record MessageRow(MessageKey key, long timestamp, byte[] data, WAMessage document) {}

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

    private static final ModelAccess.Bridge MODEL = ModelAccess.get();

    /**
     * The stored documents a merge depends on: messages, and document ids per kind.
     * {@code savesOnly}: every write is a plain save of a message (no update, delete, revoke, edit,
     * chat or contact), the batch of live traffic, which usually finds none of its messages
     * stored; a backend may bet on that (write as if nothing were stored, on condition that
     * nothing is) and fall back to reading first when the bet loses.
     */
    protected record ReadSet(Set<MessageKey> messages, Map<DocKind, Set<String>> docs, boolean savesOnly) {}

    /** What is stored of a {@link ReadSet}, encoded; keys that are not stored are absent. */
    protected record Snapshot(Map<MessageKey, byte[]> messages, Map<DocKind, Map<String, byte[]>> docs) {}

    /** A snapshot in which nothing is stored (what a backend betting on {@link ReadSet#savesOnly()} merges on). */
    protected static final Snapshot NOTHING_STORED = new Snapshot(Map.of(), Map.of());

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

    /**
     * Runs one merge as one transaction of the backend: reads what {@code reads} names, passes it
     * to {@code merge} and commits the batch it returns (clears first, then deletes, then
     * upserts), so that no other writer of this data (another store object, another process)
     * commits to these keys between the read and the write. {@code merge} is pure and may run
     * more than once: a backend that finds a conflict at commit reads again and retries; only the
     * batch of the last run is committed. An empty batch needs no commit.
     */
    protected abstract void mergeAndCommit(ReadSet reads, Function<Snapshot, WriteBatch> merge);

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
        return read("get message", () -> loadMessage(key));
    }

    /**
     * One stored message, decoded. By default {@link #loadMessages} and a decode; a backend that
     * keeps the immutable documents themselves (memory) returns the one it holds.
     */
    protected Optional<WAMessage> loadMessage(MessageKey key) {
        byte[] data = loadMessages(List.of(key)).get(key);
        return Optional.ofNullable(data).map(d -> decodeMessage(key.remoteJid(), key.id(), key.fromMe(), d));
    }

    /** One page as {@link #loadPage} selects it, decoded; a backend holding documents returns them. */
    protected List<WAMessage> loadPageMessages(String jid, ListOptions options) {
        List<PageRow> rows = loadPage(jid, options);
        List<WAMessage> out = new ArrayList<>(rows.size());
        for (PageRow row : rows) {
            out.add(decodeMessage(jid, row.id(), row.fromMe(), row.data()));
        }
        return java.util.Collections.unmodifiableList(out);
    }

    @Override
    public final List<WAMessage> listMessages(String jid, ListOptions options) {
        Ids.require(jid, "jid");
        requireNonNull(options, "options");
        ensureOpen();
        return read("list messages", () -> loadPageMessages(jid, options));
    }

    @Override
    public final boolean deleteMessage(MessageKey key) {
        requireNonNull(key, "key");
        ensureOpen();
        MergeEngine engine = new MergeEngine(List.of(new DeleteMessage(key)));
        return locked("delete message", () -> merged(engine).deleted().get(0));
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

    // ---- merging ----

    /**
     * Applies operations in order as one atomic batch: the backend reads what they touch, the
     * engine merges, the backend commits the result, all in one transaction. Returns the outcome
     * of each {@link SaveMessage}.
     */
    @Override
    public final List<SaveOutcome> apply(List<StoreWrite> writes) {
        MergeEngine engine = new MergeEngine(writes);
        ensureOpen();
        return locked("write", () -> merged(engine).outcomes());
    }

    /** The engine's result on what the backend read inside the transaction it then committed. */
    private MergeEngine.Result merged(MergeEngine engine) {
        MergeEngine.Result[] last = new MergeEngine.Result[1];
        mergeAndCommit(engine.reads(), stored -> {
            last[0] = engine.merge(decoded(stored));
            return last[0].batch();
        });
        return last[0];
    }

    private MergeEngine.Prior decoded(Snapshot stored) {
        Map<MessageKey, ObjectNode> messages = new HashMap<>();
        stored.messages().forEach((k, v) ->
                messages.put(k, Records.asObject(decode(v, null, k.id()), "message " + k.id())));
        Map<DocKind, Map<String, ObjectNode>> docs = new EnumMap<>(DocKind.class);
        stored.docs().forEach((kind, byId) -> {
            Map<String, ObjectNode> m = new HashMap<>();
            byId.forEach((id, v) -> m.put(id, Records.asObject(decode(v, kind, id), recordName(kind, id))));
            docs.put(kind, m);
        });
        return new MergeEngine.Prior(messages, docs);
    }

    /** Reads stored messages for {@link #snapshot}, possibly with a checked failure of the backend. */
    @FunctionalInterface
    protected interface MessageReader<X extends Exception> {
        Map<MessageKey, byte[]> read(Collection<MessageKey> keys) throws X;
    }

    /** Reads stored documents of one kind for {@link #snapshot}. */
    @FunctionalInterface
    protected interface DocReader<X extends Exception> {
        Map<String, byte[]> read(DocKind kind, Collection<String> ids) throws X;
    }

    /**
     * The first half of a {@link #mergeAndCommit}: what {@code reads} names, read by the given
     * primitives (which the backend points at its open transaction).
     */
    protected static <X extends Exception> Snapshot snapshot(ReadSet reads, MessageReader<X> messages, DocReader<X> docs)
            throws X {
        Map<MessageKey, byte[]> m = reads.messages().isEmpty() ? Map.of() : messages.read(reads.messages());
        Map<DocKind, Map<String, byte[]>> d = new EnumMap<>(DocKind.class);
        for (Map.Entry<DocKind, Set<String>> e : reads.docs().entrySet()) {
            d.put(e.getKey(), e.getValue().isEmpty() ? Map.of() : docs.read(e.getKey(), e.getValue()));
        }
        return new Snapshot(m, d);
    }

    // ---- helpers ----

    protected final WAMessage decodeMessage(String jid, String id, boolean fromMe, byte[] data) {
        JsonNode node;
        try {
            node = BufferJson.decode(data);
        } catch (IllegalArgumentException damaged) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            // The record's name only for the refusal: a page decodes 50 documents that pass.
            String name = messageName(jid, id, fromMe);
            node = Records.asObject(Records.decodeStored(data, name), name);
        }
        return MODEL.message((ObjectNode) node);
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
