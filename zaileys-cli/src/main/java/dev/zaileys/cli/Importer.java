package dev.zaileys.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.Ids;
import dev.zaileys.model.Presence;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.SignalTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Writes export records into a backend, in batches: Signal values in groups of
 * {@value #SIGNAL_BATCH}, messages through {@code saveMessages} in groups of
 * {@value #MESSAGE_BATCH}. Records are applied in input order (a batch is flushed before a
 * record of another kind), so a later line wins over an earlier one.
 */
final class Importer implements Consumer<ObjectNode> {

    static final int SIGNAL_BATCH = 500;
    static final int MESSAGE_BATCH = 500;

    static final Set<String> AUTH_KINDS = Set.of("creds", "signal");
    static final Set<String> HISTORY_KINDS = Set.of("message", "chat", "contact", "presence", "job");

    private final Stores.Backend to;
    private final boolean force;
    private final Map<String, Map<String, JsonNode>> signal = new LinkedHashMap<>();
    private int signalPending;
    private final Batch signalBatch = new Batch();
    private final List<WAMessage> messages = new ArrayList<>();
    private final Batch messageBatch = new Batch();
    private long written;

    Importer(Stores.Backend to) {
        this(to, false);
    }

    /** @param force overwrite a target session that is newer or of another account */
    Importer(Stores.Backend to, boolean force) {
        this.to = to;
        this.force = force;
    }

    /**
     * Refuses creds that would roll the target's session back: a target holding another account's
     * session, or the same account further on (a higher {@code nextPreKeyId} or a later
     * {@code lastAccountSyncTimestamp}). Restoring an old backup over a live session makes its
     * Signal sessions and pre-keys go backwards: messages stop decrypting, or WhatsApp logs the
     * device out.
     */
    void checkNotStale(ObjectNode record) {
        if (force || !to.hasAuth() || !"creds".equals(record.path("kind").asText())) {
            return;
        }
        JsonNode incoming = record.path("value");
        to.auth().readCreds().map(AuthCreds::toJson).ifPresent(current -> {
            String have = current.path("me").path("id").asText("");
            String got = incoming.path("me").path("id").asText("");
            if (!have.isEmpty() && !got.isEmpty() && !sameAccount(have, got)) {
                throw new DataException("the target holds the session of " + have + ", not " + got
                        + ": importing would replace it (pass --force to overwrite)");
            }
            for (String field : new String[] {"nextPreKeyId", "lastAccountSyncTimestamp"}) {
                long now = current.path(field).asLong(Long.MIN_VALUE);
                long then = incoming.path(field).asLong(Long.MIN_VALUE);
                if (now != Long.MIN_VALUE && then != Long.MIN_VALUE && then < now) {
                    throw new DataException("the target's session is newer (" + field + " " + now + " > " + then
                            + "): importing this older copy would roll its Signal state back (pass --force to overwrite)");
                }
            }
        });
    }

    /** {@code 628..:12@s.whatsapp.net} and {@code 628..:3@s.whatsapp.net} are one account on two devices. */
    private static boolean sameAccount(String a, String b) {
        return account(a).equals(account(b));
    }

    private static String account(String jid) {
        int at = jid.indexOf('@');
        String user = at < 0 ? jid : jid.substring(0, at);
        int colon = user.indexOf(':');
        return colon < 0 ? user : user.substring(0, colon);
    }

    /** Parses one line of an export. Throws {@link DataException} naming the line. */
    static ObjectNode parse(String line, long lineNo) {
        JsonNode node;
        try {
            node = BufferJson.decode(line);
        } catch (IllegalArgumentException e) {
            throw new DataException("line " + lineNo + ": " + e.getMessage());
        }
        if (!node.isObject()) {
            throw new DataException("line " + lineNo + ": expected a JSON object");
        }
        return (ObjectNode) node;
    }

    /**
     * Checks one record without writing: a known kind with the fields it needs, a target that
     * holds that kind, a document the target can store. Everything a store would refuse is
     * caught here, so an import either writes every record or none. Throws
     * {@link DataException} naming the record and {@code where} it is.
     */
    static ObjectNode check(ObjectNode r, String where, Stores.Backend to) {
        String kind = r.path("kind").isTextual() ? r.get("kind").textValue() : null;
        if (kind == null) {
            throw new DataException(where + ": no \"kind\"");
        }
        if (!AUTH_KINDS.contains(kind) && !HISTORY_KINDS.contains(kind)) {
            throw new DataException(where + ": unknown kind '" + kind + "' (expected creds, signal, message, chat, contact, presence or job)");
        }
        if (AUTH_KINDS.contains(kind) && !to.hasAuth()) {
            throw refusal(where, r, "a " + kind + " record, but " + to.uri().scheme() + ": holds no auth data", null);
        }
        if (HISTORY_KINDS.contains(kind) && !to.hasMessages()) {
            throw refusal(where, r, "a " + kind + " record, but " + to.uri().scheme()
                    + ": holds no messages, chats, contacts, presence or jobs", null);
        }
        try {
            toDocument(r); // the documents' own checks (ids, keys, fireAt)
        } catch (ZaileysStoreException e) {
            throw refusal(where, r, e.getMessage(), e);
        }
        JsonNode value = r.get("value");
        if (value != null && !value.isNull()) {
            int size = BufferJson.encode(value).length;
            if (size > BufferJson.MAX_DOCUMENT_BYTES) {
                throw refusal(where, r, "the value is " + size + " bytes encoded; a store takes at most "
                        + BufferJson.MAX_DOCUMENT_BYTES, null);
            }
            if (!to.holdsNul() && containsNul(value)) {
                throw refusal(where, r, "the value contains a NUL character (U+0000), which "
                        + to.uri().scheme() + ": cannot store", null);
            }
        }
        return r;
    }

    /** {@code line 7: <why> (<the record>)}: where first, so the place is easy to find. */
    private static DataException refusal(String where, ObjectNode r, String why, Throwable cause) {
        return new DataException(where + ": " + why + " (" + describe(r) + ")", cause);
    }

    private static boolean containsNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\u0000') >= 0;
        }
        for (var it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().indexOf('\u0000') >= 0 || containsNul(e.getValue())) {
                return true;
            }
        }
        if (node.isArray()) {
            for (JsonNode n : node) {
                if (containsNul(n)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Names a record for messages: its kind and id, with control characters shown as escapes. */
    static String describe(ObjectNode r) {
        String kind = r.path("kind").asText("?");
        JsonNode v = r.path("value");
        String id = switch (kind) {
            case "signal" -> r.path("type").asText("?") + " " + quote(r.path("id"));
            case "message" -> quote(v.path("key").path("remoteJid")) + " " + quote(v.path("key").path("id"));
            case "presence" -> quote(r.path("jid"));
            case "creds" -> "";
            default -> quote(v.path("id"));
        };
        return id.isEmpty() ? kind : kind + " " + id;
    }

    private static String quote(JsonNode n) {
        if (!n.isTextual()) {
            return n.isMissingNode() ? "(none)" : n.toString();
        }
        return describeId(n.textValue());
    }

    /** An id quoted for a message, control characters shown as escapes, cut at 80 characters. */
    static String describeId(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < Math.min(s.length(), 80); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(s.length() > 80 ? "...'" : "'").toString();
    }

    /** Builds the document a record carries; also validates it. */
    private static Object toDocument(ObjectNode r) {
        String kind = r.get("kind").textValue();
        JsonNode value = r.get("value");
        if (kind.equals("signal")) {
            SignalTypes.require(r.path("type").isTextual() ? r.get("type").textValue() : null);
            Ids.require(r.path("id").isTextual() ? r.get("id").textValue() : null, "signal id");
            if (value == null) {
                throw invalid("a signal record needs a \"value\" (null deletes)");
            }
            return value;
        }
        if (value == null || !value.isObject()) {
            throw invalid("a " + kind + " record needs an object \"value\"");
        }
        ObjectNode v = (ObjectNode) value;
        return switch (kind) {
            case "creds" -> AuthCreds.of(v);
            case "message" -> WAMessage.of(v);
            case "chat" -> Chat.of(v);
            case "contact" -> Contact.of(v);
            case "presence" -> {
                Ids.require(r.path("jid").isTextual() ? r.get("jid").textValue() : null, "presence jid");
                yield Presence.of(v);
            }
            case "job" -> ScheduledJob.of(v);
            default -> throw invalid("unknown kind '" + kind + "'");
        };
    }

    private static ZaileysStoreException invalid(String message) {
        return new ZaileysStoreException(ZaileysStoreException.Code.STORE_INVALID_INPUT, message);
    }

    /** Writes one record (checked before, or made by {@link Exporter}). */
    @Override
    public void accept(ObjectNode r) {
        accept(r, "record " + (written + 1));
    }

    /**
     * Writes one record; {@code where} names it (a line of the input) if the store refuses it.
     * A batch the store refuses names its first and last record.
     */
    void accept(ObjectNode r, String where) {
        String kind = r.get("kind").textValue();
        Object doc = toDocument(r);
        if (!kind.equals("signal")) {
            flushSignal();
        }
        if (!kind.equals("message")) {
            flushMessages();
        }
        try {
            switch (kind) {
                case "creds" -> {
                    checkNotStale(r);
                    to.auth().writeCreds((AuthCreds) doc);
                }
                case "signal" -> {
                    Map<String, JsonNode> ofType = signal.computeIfAbsent(r.get("type").textValue(), t -> new HashMap<>());
                    ofType.put(r.get("id").textValue(), (JsonNode) doc);
                    signalBatch.add(where, r);
                    if (++signalPending >= SIGNAL_BATCH) {
                        flushSignal();
                    }
                }
                case "message" -> {
                    messages.add((WAMessage) doc);
                    messageBatch.add(where, r);
                    if (messages.size() >= MESSAGE_BATCH) {
                        flushMessages();
                    }
                }
                case "chat" -> to.messages().saveChat((Chat) doc);
                case "contact" -> to.messages().saveContact((Contact) doc);
                case "presence" -> to.messages().savePresence(r.get("jid").textValue(), (Presence) doc);
                case "job" -> to.messages().saveScheduledJob((ScheduledJob) doc);
                default -> throw new IllegalStateException(kind);
            }
        } catch (ZaileysStoreException e) {
            throw refused(where + " (" + describe(r) + ")", e);
        }
        written++;
    }

    private DataException refused(String what, ZaileysStoreException e) {
        return new DataException("writing " + what + " into " + to.uri() + " failed: " + e.getMessage()
                + (written == 0 ? " (nothing was written)" : " (the " + written + " records before it were written)"), e);
    }

    /** Where the records of the batch being gathered came from, for an error naming them. */
    private static final class Batch {
        private String first;
        private String last;
        private ObjectNode firstRecord;

        void add(String where, ObjectNode r) {
            if (first == null) {
                first = where;
                firstRecord = r;
            }
            last = where;
        }

        String describe() {
            return (first.equals(last) ? first : first + " to " + last) + " (from " + Importer.describe(firstRecord) + ")";
        }

        void clear() {
            first = null;
            last = null;
            firstRecord = null;
        }
    }

    private void flushSignal() {
        if (signalPending > 0) {
            try {
                to.auth().write(signal);
            } catch (ZaileysStoreException e) {
                written -= signalPending;
                throw refused(signalBatch.describe(), e);
            }
            signal.clear();
            signalPending = 0;
            signalBatch.clear();
        }
    }

    private void flushMessages() {
        if (!messages.isEmpty()) {
            // A key repeated in one batch: saveMessages merges in order, so the later line wins.
            try {
                to.messages().saveMessages(List.copyOf(messages));
            } catch (ZaileysStoreException e) {
                written -= messages.size();
                throw refused(messageBatch.describe(), e);
            }
            messages.clear();
            messageBatch.clear();
        }
    }

    /** Writes what is still batched (each store call is durable when it returns). */
    void finish() {
        flushSignal();
        flushMessages();
    }

    /** Records accepted so far (written once {@link #finish()} returned). */
    long accepted() {
        return written;
    }
}
