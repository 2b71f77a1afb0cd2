package dev.zaileys.store.memory;

import dev.zaileys.model.MessageKey;
import dev.zaileys.model.WAMessage;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageCursor;
import dev.zaileys.store.PruneOptions;
import dev.zaileys.store.internal.AbstractMessageStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The default message store: history in process memory, gone on exit (scheduled jobs too). Pick a
 * persistent store when history or scheduled sends must survive a restart.
 */
public final class MemoryMessageStore extends AbstractMessageStore {

    /**
     * Position of a message in its chat: newest first, ties by id then fromMe, descending. Its own
     * order rather than a composed {@link Comparator}: every insert compares about 17 times, and
     * the composed one (three lambdas, a boxed boolean, a reversal) was a third of a commit.
     */
    private record Position(long timestamp, String id, boolean fromMe) implements Comparable<Position> {
        @Override
        public int compareTo(Position o) {
            int c = Long.compare(o.timestamp, timestamp);
            if (c != 0) {
                return c;
            }
            c = o.id.compareTo(id);
            return c != 0 ? c : Boolean.compare(o.fromMe, fromMe);
        }

        static Position of(MessageRow row) {
            return new Position(row.timestamp(), row.key().id(), row.key().fromMe());
        }
    }

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /**
     * Each message as the row it was committed as: its bytes (what a merge reads) and its
     * immutable document, which reads hand out as it is, so a read decodes nothing; callers
     * cannot change a {@link WAMessage}, only the copies its {@code toJson()} makes.
     */
    private final Map<String, NavigableMap<Position, MessageRow>> chats = new HashMap<>();
    /** The same rows by key: a point read is one hash lookup, not that and a walk down the chat's tree. */
    private final Map<MessageKey, MessageRow> rows = new HashMap<>();
    private final Map<DocKind, Map<String, DocRow>> docs = new EnumMap<>(DocKind.class);
    private final Map<String, byte[]> jobs = new HashMap<>();

    /**
     * The builder every store has, for code that builds stores from configuration; there is
     * nothing to set, so {@code build()} is {@code new MemoryMessageStore()}.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link MemoryMessageStore}; it has no options. */
    public static final class Builder {

        private Builder() {}

        public MemoryMessageStore build() {
            return new MemoryMessageStore();
        }
    }

    /**
     * The same as {@link #builder()}{@code .build()}: a memory store has no options, so nothing
     * can be misconfigured and an empty builder would add only ceremony to the common case.
     */
    public MemoryMessageStore() {
        for (DocKind k : DocKind.values()) {
            docs.put(k, new HashMap<>());
        }
    }

    @Override
    protected Map<MessageKey, byte[]> loadMessages(Collection<MessageKey> keys) {
        return reading(() -> {
            Map<MessageKey, byte[]> out = new HashMap<>();
            for (MessageKey k : keys) {
                MessageRow r = rows.get(k);
                if (r != null) {
                    out.put(k, r.data());
                }
            }
            return out;
        });
    }

    @Override
    protected Optional<WAMessage> loadMessage(MessageKey key) {
        return reading(() -> {
            MessageRow r = rows.get(key);
            return r == null ? Optional.empty() : Optional.of(r.document());
        });
    }

    @Override
    protected List<WAMessage> loadPageMessages(String jid, ListOptions options) {
        return reading(() -> {
            List<WAMessage> out = new ArrayList<>(Math.min(options.limit(), 64));
            for (MessageRow row : page(jid, options)) {
                out.add(row.document());
            }
            return out;
        });
    }

    @Override
    protected List<PageRow> loadPage(String jid, ListOptions options) {
        return reading(() -> {
            List<PageRow> out = new ArrayList<>();
            for (MessageRow row : page(jid, options)) {
                out.add(new PageRow(row.key().id(), row.key().fromMe(), row.data()));
            }
            return out;
        });
    }

    /** The rows of one page, newest first; called under the read lock. */
    private List<MessageRow> page(String jid, ListOptions options) {
        NavigableMap<Position, MessageRow> chat = chats.get(jid);
        if (chat == null) {
            return List.of();
        }
        NavigableMap<Position, MessageRow> view = chat;
        if (options.before() != null) {
            // Strictly below `before`: start after the oldest possible position of that second.
            view = chat.tailMap(new Position(options.before(), "", false), false);
        } else if (options.after() != null) {
            MessageCursor c = options.after();
            view = chat.tailMap(new Position(c.timestamp(), c.id(), c.fromMe()), false);
        }
        // Not view.size(): a tail map counts its entries by walking them, the rest of the chat.
        List<MessageRow> out = new ArrayList<>(Math.min(options.limit(), 64));
        Iterator<MessageRow> it = view.values().iterator();
        while (it.hasNext() && out.size() < options.limit()) {
            out.add(it.next());
        }
        return out;
    }

    @Override
    protected Map<String, byte[]> loadDocs(DocKind kind, Collection<String> ids) {
        return reading(() -> {
            Map<String, byte[]> out = new HashMap<>();
            for (String id : ids) {
                DocRow row = docs.get(kind).get(id);
                if (row != null) {
                    out.put(id, row.data());
                }
            }
            return out;
        });
    }

    @Override
    protected Map<String, byte[]> loadAllDocs(DocKind kind, Boolean archived) {
        return reading(() -> {
            Map<String, byte[]> out = new HashMap<>();
            docs.get(kind).values().stream()
                    .filter(r -> archived == null || r.archived() == archived)
                    .forEach(r -> out.put(r.id(), r.data()));
            return out;
        });
    }

    @Override
    protected Collection<String> loadMessageJids() {
        return reading(() -> new ArrayList<>(chats.keySet()));
    }

    /**
     * This object is the only holder of its history, so its own write lock makes the read, the
     * merge and the write one atomic step; no other process can share the data.
     */
    @Override
    protected void mergeAndCommit(ReadSet reads, java.util.function.Function<Snapshot, WriteBatch> merge) {
        writing(() -> {
            commit(merge.apply(snapshot(reads, this::loadMessages, this::loadDocs)));
            return null;
        });
    }

    private void commit(WriteBatch batch) {
        writing(() -> {
            for (String jid : batch.clearedChats()) {
                NavigableMap<Position, MessageRow> chat = chats.remove(jid);
                if (chat != null) {
                    rows.keySet().removeIf(k -> k.remoteJid().equals(jid));
                }
            }
            for (MessageKey k : batch.deletedMessages()) {
                removeMessage(k);
            }
            for (MessageRow row : batch.messages()) {
                MessageRow old = rows.put(row.key(), row);
                NavigableMap<Position, MessageRow> chat = chats.computeIfAbsent(row.key().remoteJid(), j -> new TreeMap<>());
                if (old != null && old.timestamp() != row.timestamp()) {
                    // A new timestamp moves the row; the chat keeps it, so it cannot become empty.
                    chat.remove(Position.of(old));
                }
                chat.put(Position.of(row), row);
            }
            batch.deletedDocs().forEach((kind, ids) -> ids.forEach(docs.get(kind)::remove));
            for (DocRow row : batch.docs()) {
                docs.get(row.kind()).put(row.id(), row);
            }
            return null;
        });
    }

    private void removeMessage(MessageKey k) {
        MessageRow r = rows.remove(k);
        if (r != null) {
            NavigableMap<Position, MessageRow> chat = chats.get(k.remoteJid());
            chat.remove(Position.of(r));
            if (chat.isEmpty()) {
                chats.remove(k.remoteJid());
            }
        }
    }

    @Override
    protected int prune(PruneOptions options) {
        return writing(() -> {
            List<MessageKey> doomed = new ArrayList<>();
            chats.forEach((jid, chat) -> {
                if (options.jid() != null && !options.jid().equals(jid)) {
                    return;
                }
                int rank = 0;
                for (Position p : chat.keySet()) {
                    boolean tooOld = options.olderThan() != null && p.timestamp() < options.olderThan();
                    boolean beyondCap = options.maxPerChat() != null && rank >= options.maxPerChat();
                    if (tooOld || beyondCap) {
                        doomed.add(MessageKey.of(jid, p.fromMe(), p.id()));
                    }
                    rank++;
                }
            });
            doomed.forEach(this::removeMessage);
            return doomed.size();
        });
    }

    @Override
    protected List<byte[]> loadJobs() {
        return reading(() -> new ArrayList<>(jobs.values()));
    }

    @Override
    protected Optional<byte[]> loadJob(String id) {
        return reading(() -> Optional.ofNullable(jobs.get(id)));
    }

    @Override
    protected void storeJob(String id, long fireAt, byte[] data) {
        writing(() -> jobs.put(id, data));
    }

    @Override
    protected boolean removeJob(String id) {
        return writing(() -> jobs.remove(id) != null);
    }

    @Override
    protected boolean swapJob(String id, byte[] expected, long fireAt, byte[] replacement) {
        return writing(() -> {
            byte[] current = jobs.get(id);
            if (current == null || !Arrays.equals(current, expected)) {
                return false;
            }
            jobs.put(id, replacement);
            return true;
        });
    }

    @Override
    protected void removeAll() {
        writing(() -> {
            chats.clear();
            rows.clear();
            docs.values().forEach(Map::clear);
            jobs.clear();
            return null;
        });
    }

    @Override
    protected void release() {
        removeAll();
    }

    private <T> T reading(java.util.function.Supplier<T> body) {
        lock.readLock().lock();
        try {
            return body.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> T writing(java.util.function.Supplier<T> body) {
        lock.writeLock().lock();
        try {
            return body.get();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
