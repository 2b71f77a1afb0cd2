package dev.zaileys.testkit;

import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.Presence;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.PruneOptions;
import dev.zaileys.store.SaveOutcome;
import dev.zaileys.store.StoreWrite;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A message store whose history writes fail with {@code STORE_WRITE_FAILED} (a transient failure,
 * nothing applied) while {@code failing} says so; reads and scheduled jobs pass through. It stands
 * for a backend outage in the client and binding tests.
 */
public final class FaultyMessageStore implements MessageStore {

    private final MessageStore inner;
    private final BooleanSupplier failing;

    public FaultyMessageStore(MessageStore inner, BooleanSupplier failing) {
        this.inner = inner;
        this.failing = failing;
    }

    private void check() {
        if (failing.getAsBoolean()) {
            throw new ZaileysStoreException(ZaileysStoreException.Code.STORE_WRITE_FAILED, "injected failure");
        }
    }

    @Override public List<SaveOutcome> apply(List<StoreWrite> writes) { check(); return inner.apply(writes); }
    @Override public SaveOutcome saveMessage(WAMessage message) { check(); return inner.saveMessage(message); }
    @Override public List<SaveOutcome> saveMessages(List<WAMessage> messages) { check(); return inner.saveMessages(messages); }
    @Override public boolean deleteMessage(MessageKey key) { check(); return inner.deleteMessage(key); }
    @Override public void saveChat(Chat chat) { check(); inner.saveChat(chat); }
    @Override public void saveContact(Contact contact) { check(); inner.saveContact(contact); }
    @Override public void savePresence(String jid, Presence presence) { check(); inner.savePresence(jid, presence); }

    @Override public Optional<WAMessage> getMessage(MessageKey key) { return inner.getMessage(key); }
    @Override public List<WAMessage> listMessages(String jid, ListOptions options) { return inner.listMessages(jid, options); }
    @Override public int pruneMessages(PruneOptions options) { return inner.pruneMessages(options); }
    @Override public Optional<Chat> getChat(String jid) { return inner.getChat(jid); }
    @Override public List<Chat> listChats() { return inner.listChats(); }
    @Override public List<Chat> listChats(boolean archived) { return inner.listChats(archived); }
    @Override public Optional<Contact> getContact(String jid) { return inner.getContact(jid); }
    @Override public List<Contact> listContacts() { return inner.listContacts(); }
    @Override public Map<String, Presence> listPresences() { return inner.listPresences(); }
    @Override public List<String> listMessageJids() { return inner.listMessageJids(); }
    @Override public Optional<Presence> getPresence(String jid) { return inner.getPresence(jid); }
    @Override public void saveScheduledJob(ScheduledJob job) { inner.saveScheduledJob(job); }
    @Override public List<ScheduledJob> listScheduledJobs() { return inner.listScheduledJobs(); }
    @Override public List<ScheduledJob> listDueScheduledJobs(Instant now) { return inner.listDueScheduledJobs(now); }
    @Override public Optional<ScheduledJob> getScheduledJob(String id) { return inner.getScheduledJob(id); }
    @Override public boolean deleteScheduledJob(String id) { return inner.deleteScheduledJob(id); }
    @Override public boolean replaceScheduledJob(ScheduledJob expected, ScheduledJob replacement) {
        return inner.replaceScheduledJob(expected, replacement);
    }
    @Override public void clear() { inner.clear(); }
    @Override public void close() { inner.close(); }
}
