package dev.zaileys.store;

import dev.zaileys.socket.EventStream;
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
     * Subscribes this store to a socket's events (see {@code BaileysEvents.STORE_EVENTS}). Bound
     * writes go through a bounded queue that writes in batches and blocks the producer when full;
     * failures go to {@code listener} and transient ones are retried. Binding again moves the
     * store to the new socket.
     */
    void bind(EventStream events, StoreErrorListener listener);

    /** {@link #bind(EventStream, StoreErrorListener)} that logs failures. */
    default void bind(EventStream events) {
        bind(events, null);
    }

    /** Stops listening to the bound socket; what was accepted is still written. */
    void unbind();

    /** Returns once everything accepted so far (bound events included) is durable. */
    void flush();

    /** Removes everything this store owns (its scope or namespace only). */
    void clear();

    /** Unbinds, flushes, then releases what the store created. Idempotent. */
    @Override
    void close();
}
