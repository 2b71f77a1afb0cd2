package dev.zaileys.metrics;

import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.Presence;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.WAMessage;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.PruneOptions;
import dev.zaileys.store.SaveOutcome;
import dev.zaileys.store.StoreWrite;
import dev.zaileys.stores.StoreProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A message store that times every call of the store it wraps ({@code zaileys.store.operations},
 * {@code store=messages}). Behaves exactly as the wrapped store, which it closes with itself.
 */
public final class MeteredMessageStore implements MessageStore {

    private final MessageStore delegate;
    private final OperationTimers timers;

    private MeteredMessageStore(MessageStore delegate, MeterRegistry registry, Iterable<Tag> tags) {
        this.delegate = delegate;
        this.timers = new OperationTimers(registry, StoreProbe.backendOf(delegate), "messages", tags);
    }

    /** {@code store} timed into {@code registry}; {@code tags} are added to every meter. */
    public static MeteredMessageStore wrap(MessageStore store, MeterRegistry registry, Iterable<Tag> tags) {
        if (store instanceof MeteredMessageStore m) {
            return m;
        }
        return new MeteredMessageStore(java.util.Objects.requireNonNull(store, "store"),
                java.util.Objects.requireNonNull(registry, "registry"), tags);
    }

    /** The store this one times. */
    public MessageStore delegate() {
        return delegate;
    }

    @Override
    public SaveOutcome saveMessage(WAMessage message) {
        return timers.time("saveMessage", () -> delegate.saveMessage(message));
    }

    @Override
    public List<SaveOutcome> saveMessages(List<WAMessage> messages) {
        return timers.time("saveMessages", () -> delegate.saveMessages(messages));
    }

    @Override
    public Optional<WAMessage> getMessage(MessageKey key) {
        return timers.time("getMessage", () -> delegate.getMessage(key));
    }

    @Override
    public List<WAMessage> listMessages(String jid) {
        return timers.time("listMessages", () -> delegate.listMessages(jid));
    }

    @Override
    public List<WAMessage> listMessages(String jid, ListOptions options) {
        return timers.time("listMessages", () -> delegate.listMessages(jid, options));
    }

    @Override
    public boolean deleteMessage(MessageKey key) {
        return timers.time("deleteMessage", () -> delegate.deleteMessage(key));
    }

    @Override
    public int pruneMessages(PruneOptions options) {
        return timers.time("pruneMessages", () -> delegate.pruneMessages(options));
    }

    @Override
    public void saveChat(Chat chat) {
        timers.run("saveChat", () -> delegate.saveChat(chat));
    }

    @Override
    public Optional<Chat> getChat(String jid) {
        return timers.time("getChat", () -> delegate.getChat(jid));
    }

    @Override
    public List<Chat> listChats() {
        return timers.time("listChats", delegate::listChats);
    }

    @Override
    public List<Chat> listChats(boolean archived) {
        return timers.time("listChats", () -> delegate.listChats(archived));
    }

    @Override
    public void saveContact(Contact contact) {
        timers.run("saveContact", () -> delegate.saveContact(contact));
    }

    @Override
    public Optional<Contact> getContact(String jid) {
        return timers.time("getContact", () -> delegate.getContact(jid));
    }

    @Override
    public List<Contact> listContacts() {
        return timers.time("listContacts", delegate::listContacts);
    }

    @Override
    public void savePresence(String jid, Presence presence) {
        timers.run("savePresence", () -> delegate.savePresence(jid, presence));
    }

    @Override
    public Map<String, Presence> listPresences() {
        return timers.time("listPresences", delegate::listPresences);
    }

    @Override
    public List<String> listMessageJids() {
        return timers.time("listMessageJids", delegate::listMessageJids);
    }

    @Override
    public Optional<Presence> getPresence(String jid) {
        return timers.time("getPresence", () -> delegate.getPresence(jid));
    }

    @Override
    public List<SaveOutcome> apply(List<StoreWrite> writes) {
        return timers.time("apply", () -> delegate.apply(writes));
    }

    @Override
    public void clear() {
        timers.run("clear", delegate::clear);
    }

    @Override
    public void saveScheduledJob(ScheduledJob job) {
        timers.run("saveScheduledJob", () -> delegate.saveScheduledJob(job));
    }

    @Override
    public List<ScheduledJob> listScheduledJobs() {
        return timers.time("listScheduledJobs", delegate::listScheduledJobs);
    }

    @Override
    public List<ScheduledJob> listDueScheduledJobs(Instant now) {
        return timers.time("listDueScheduledJobs", () -> delegate.listDueScheduledJobs(now));
    }

    @Override
    public Optional<ScheduledJob> getScheduledJob(String id) {
        return timers.time("getScheduledJob", () -> delegate.getScheduledJob(id));
    }

    @Override
    public boolean deleteScheduledJob(String id) {
        return timers.time("deleteScheduledJob", () -> delegate.deleteScheduledJob(id));
    }

    @Override
    public boolean replaceScheduledJob(ScheduledJob expected, ScheduledJob replacement) {
        return timers.time("replaceScheduledJob", () -> delegate.replaceScheduledJob(expected, replacement));
    }

    @Override
    public List<ScheduledJob> claimDueJobs(Instant now, String owner, Duration lease, int max) {
        // the wrapped store's own claim: some claim atomically in one statement
        return timers.time("claimDueJobs", () -> delegate.claimDueJobs(now, owner, lease, max));
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
