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
    private final List<WAMessage> messages = new ArrayList<>();
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

    /**
     * Checks one parsed line without writing: a known kind with the fields it needs, a target
     * that holds that kind. Throws {@link DataException} naming the line.
     */
    static ObjectNode validate(String line, long lineNo, Stores.Backend to) {
        JsonNode node;
        try {
            node = BufferJson.decode(line);
        } catch (IllegalArgumentException e) {
            throw new DataException("line " + lineNo + ": " + e.getMessage());
        }
        if (!node.isObject()) {
            throw new DataException("line " + lineNo + ": expected a JSON object");
        }
        ObjectNode r = (ObjectNode) node;
        String kind = r.path("kind").isTextual() ? r.get("kind").textValue() : null;
        if (kind == null) {
            throw new DataException("line " + lineNo + ": no \"kind\"");
        }
        if (!AUTH_KINDS.contains(kind) && !HISTORY_KINDS.contains(kind)) {
            throw new DataException("line " + lineNo + ": unknown kind '" + kind + "' (expected creds, signal, message, chat, contact, presence or job)");
        }
        if (AUTH_KINDS.contains(kind) && !to.hasAuth()) {
            throw new DataException("line " + lineNo + ": a " + kind + " record, but " + to.uri().scheme() + ": holds no auth data");
        }
        if (HISTORY_KINDS.contains(kind) && !to.hasMessages()) {
            throw new DataException("line " + lineNo + ": a " + kind + " record, but " + to.uri().scheme()
                    + ": holds no messages, chats, contacts, presence or jobs");
        }
        try {
            toDocument(r); // the documents' own checks (ids, keys, fireAt)
        } catch (ZaileysStoreException e) {
            throw new DataException("line " + lineNo + ": " + e.getMessage(), e);
        }
        return r;
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

    /** Writes one record (validated before, or made by {@link Exporter}). */
    @Override
    public void accept(ObjectNode r) {
        String kind = r.get("kind").textValue();
        Object doc = toDocument(r);
        if (!kind.equals("signal")) {
            flushSignal();
        }
        if (!kind.equals("message")) {
            flushMessages();
        }
        switch (kind) {
            case "creds" -> {
                checkNotStale(r);
                to.auth().writeCreds((AuthCreds) doc);
            }
            case "signal" -> {
                Map<String, JsonNode> ofType = signal.computeIfAbsent(r.get("type").textValue(), t -> new HashMap<>());
                ofType.put(r.get("id").textValue(), (JsonNode) doc);
                if (++signalPending >= SIGNAL_BATCH) {
                    flushSignal();
                }
            }
            case "message" -> {
                messages.add((WAMessage) doc);
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
        written++;
    }

    private void flushSignal() {
        if (signalPending > 0) {
            to.auth().write(signal);
            signal.clear();
            signalPending = 0;
        }
    }

    private void flushMessages() {
        if (!messages.isEmpty()) {
            // A key repeated in one batch: saveMessages merges in order, so the later line wins.
            to.messages().saveMessages(List.copyOf(messages));
            messages.clear();
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
