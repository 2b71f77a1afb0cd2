package dev.zaileys.store;

import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.Presence;
import dev.zaileys.model.WAMessage;
import java.util.List;
import java.util.Optional;

/**
 * Holds a client's history: messages, chats, contacts, presence and scheduled jobs.
 *
 * <p>Thread-safe. Direct writes are durable when they return. Reads return the caller's own
 * copies; a missing record is {@code Optional.empty()}, an unreachable backend an exception, a
 * damaged record {@code STORE_CORRUPTED}. After {@link #close()} every call throws
 * {@code STORE_CLOSED}.
 */
public interface MessageStore extends ScheduledJobStore, AutoCloseable {

    /**
     * Saves a message. An existing one (same chat, id and direction) is merged: fields of
     * {@code message} win, except that the delivery status only moves forward.
     */
    SaveOutcome saveMessage(WAMessage message);

    /** Saves a batch in one transaction (or pipeline); outcomes in input order. */
    List<SaveOutcome> saveMessages(List<WAMessage> messages);

    Optional<WAMessage> getMessage(MessageKey key);

    /** Newest first, at most 100 messages. */
    default List<WAMessage> listMessages(String jid) {
        return listMessages(jid, ListOptions.defaults());
    }

    /** Newest first (timestamp, then id, then fromMe, descending), paged by {@code options}. */
    List<WAMessage> listMessages(String jid, ListOptions options);

    /** Removes a message; false when it was not stored. */
    boolean deleteMessage(MessageKey key);

    /** Removes old messages; returns how many. */
    int pruneMessages(PruneOptions options);

    /** Inserts or merges a chat by id. */
    void saveChat(Chat chat);

    Optional<Chat> getChat(String jid);

    /** Every chat, in no defined order. */
    List<Chat> listChats();

    /** {@code archived=true}: the archived chats; {@code false}: every chat not stored as archived. */
    List<Chat> listChats(boolean archived);

    /** Inserts or merges a contact by id. */
    void saveContact(Contact contact);

    Optional<Contact> getContact(String jid);

    /** Every contact, in no defined order. */
    List<Contact> listContacts();

    void savePresence(String jid, Presence presence);

    /** Every stored presence by jid (for export; a TTL may have dropped old ones). */
    java.util.Map<String, Presence> listPresences();

    /** The jids that have at least one stored message, in string order (for export and pruning). */
    List<String> listMessageJids();

    Optional<Presence> getPresence(String jid);

    /**
     * Applies {@code writes} in order as one atomic write (one transaction, script or mutation)
     * and returns the outcome of each {@link StoreWrite.SaveMessage}, in input order. This is
     * how a socket binding ({@code dev.zaileys.binding.StoreBinding}) writes a batch of events.
     */
    List<SaveOutcome> apply(List<StoreWrite> writes);

    /** Removes everything this store owns (its scope or namespace only). */
    void clear();

    /** Releases what the store created. Idempotent. */
    @Override
    void close();
}
