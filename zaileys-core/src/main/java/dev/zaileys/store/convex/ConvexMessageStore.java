package dev.zaileys.store.convex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageCursor;
import dev.zaileys.store.PruneOptions;
import dev.zaileys.store.internal.AbstractMessageStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * History (messages, chats, contacts, presence, scheduled jobs) in a Convex deployment's
 * {@code zaileys_kv} table, through the functions of {@code examples/convex/zaileys.ts}, in the Node
 * original's layout under {@code namespace} (default {@code zaileys}): {@code msg:<jid>:<id>|<1/0>}
 * with the timestamp as sortKey, {@code chat:<jid>}, {@code contact:<jid>}, {@code presence:<jid>},
 * {@code job:<id>} with the fire time as sortKey. The writes of one call (or one bound-event batch)
 * are one mutation when they fit Convex's per-call limits, bounded chunks otherwise. Merges commit
 * through {@code zaileys:applyIf}, only if what they read is still stored (else they read and merge
 * again): deployments of an older {@code zaileys.ts} must be redeployed.
 *
 * <pre>{@code
 * ConvexMessageStore store = ConvexMessageStore.builder().url(System.getenv("CONVEX_URL")).namespace("wa-store").build();
 * }</pre>
 */
public final class ConvexMessageStore extends AbstractMessageStore {

    /** A message's place in its chat plus its row. */
    private record Entry(long timestamp, String id, boolean fromMe, String key, String value) {}

    /** Newest first: timestamp, then id, then fromMe, all descending. */
    private static final Comparator<Entry> NEWEST_FIRST = Comparator.comparingLong(Entry::timestamp)
            .thenComparing(Entry::id)
            .thenComparing(Entry::fromMe)
            .reversed();

    /** Above every key (U+10FFFF): a listPage cursor that keeps every row of its sortKey. */
    private static final String KEY_MAX = new String(Character.toChars(0x10FFFF));

    private static final List<String> PREFIXES = List.of(Keys.MSG, Keys.CHAT, Keys.CONTACT, Keys.PRESENCE, Keys.JOB);

    /** How often a merge is read and tried again when another writer changed what it read. */
    private static final int MERGE_ATTEMPTS = 50;

    private final Kv kv;

    private ConvexMessageStore(Kv kv) {
        this.kv = kv;
    }

    /**
     * The only way to make one. Options: exactly one of {@code url} ({@code ?namespace=} honoured)
     * and {@code client}; {@code namespace}, {@code timeout}. {@code build()} throws
     * {@code STORE_INVALID_INPUT} for options that are malformed or conflict and sends nothing.
     */
    public static ConvexOptions.Builder<ConvexMessageStore> builder() {
        return new ConvexOptions.Builder<>(ConvexMessageStore::new);
    }

    public String namespace() {
        return kv.namespace;
    }

    // ---- messages ----

    @Override
    protected Map<MessageKey, byte[]> loadMessages(Collection<MessageKey> keys) {
        return loadMessages(keys, null);
    }

    /** As {@link #loadMessages(Collection)}; the stored values read go to {@code stored} when not null. */
    private Map<MessageKey, byte[]> loadMessages(Collection<MessageKey> keys, Map<String, String> stored) {
        Map<String, MessageKey> byRowKey = new HashMap<>();
        for (MessageKey k : keys) {
            byRowKey.put(Keys.message(k), k);
        }
        Map<MessageKey, byte[]> out = new HashMap<>();
        for (Kv.Row row : stored == null ? kv.get(byRowKey.keySet()) : kv.get(byRowKey.keySet(), stored)) {
            MessageKey k = byRowKey.get(row.key());
            if (k != null) {
                out.put(k, row.bytes());
            }
        }
        return out;
    }

    /**
     * Pages come from {@code listPage} (sortKey then row key, descending), whose order inside one
     * second is the row key's, not (id, fromMe) as compared by Java. So the rows of the last second
     * a page reaches are read completely and ordered here; the cursor filter is applied here too.
     */
    @Override
    protected List<PageRow> loadPage(String jid, ListOptions options) {
        String prefix = Keys.chatMessages(jid);
        int limit = options.limit();
        MessageCursor after = options.after();
        Entry afterPos = after == null ? null : new Entry(after.timestamp(), after.id(), after.fromMe(), "", "");
        Kv.Cursor cursor = options.before() != null ? new Kv.Cursor(options.before(), "")
                : after != null ? new Kv.Cursor(after.timestamp(), KEY_MAX)
                : null;
        List<Entry> kept = new ArrayList<>();
        int completion = 16;
        while (true) {
            int want = kept.size() < limit ? limit - kept.size() + 1 : completion;
            Kv.SortedPage page = kv.listPage(prefix, cursor, want);
            for (Kv.Row row : page.rows()) {
                Entry e = entry(row);
                if (e != null && (afterPos == null || NEWEST_FIRST.compare(e, afterPos) > 0)) {
                    kept.add(e);
                }
            }
            if (page.done()) {
                break;
            }
            cursor = page.next();
            if (kept.size() >= limit) {
                kept.sort(NEWEST_FIRST);
                kept = new ArrayList<>(kept.subList(0, limit));
                long boundary = kept.get(limit - 1).timestamp();
                // Rows still to come have sortKey <= cursor's (strictly below when its key is empty).
                if (cursor.sortKey() < boundary || (cursor.sortKey() == boundary && cursor.key().isEmpty())) {
                    break;
                }
                completion = Math.min(Kv.MAX_ITEMS, completion * 2);
            }
        }
        kept.sort(NEWEST_FIRST);
        List<PageRow> out = new ArrayList<>(Math.min(limit, kept.size()));
        for (int i = 0; i < kept.size() && i < limit; i++) {
            Entry e = kept.get(i);
            out.add(new PageRow(e.id(), e.fromMe(), e.value().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static Entry entry(Kv.Row row) {
        MessageKey k = Keys.parseMessage(row.key());
        return k == null ? null : new Entry((long) (double) row.sortKey(), k.id(), k.fromMe(), row.key(), row.value());
    }

    @Override
    protected Collection<String> loadMessageJids() {
        Set<String> jids = new LinkedHashSet<>();
        kv.keys(Keys.MSG, key -> {
            String jid = Keys.messageJid(key);
            if (jid != null) {
                jids.add(jid);
            }
        });
        return jids;
    }

    // ---- chats, contacts, presence ----

    private static String prefix(DocKind kind) {
        return switch (kind) {
            case CHAT -> Keys.CHAT;
            case CONTACT -> Keys.CONTACT;
            case PRESENCE -> Keys.PRESENCE;
        };
    }

    @Override
    protected Map<String, byte[]> loadDocs(DocKind kind, Collection<String> ids) {
        return loadDocs(kind, ids, null);
    }

    private Map<String, byte[]> loadDocs(DocKind kind, Collection<String> ids, Map<String, String> stored) {
        String prefix = prefix(kind);
        Map<String, byte[]> out = new HashMap<>();
        List<String> rowKeys = ids.stream().map(id -> prefix + id).toList();
        for (Kv.Row row : stored == null ? kv.get(rowKeys) : kv.get(rowKeys, stored)) {
            out.put(row.key().substring(prefix.length()), row.bytes());
        }
        return out;
    }

    @Override
    protected Map<String, byte[]> loadAllDocs(DocKind kind, Boolean archived) {
        String prefix = prefix(kind);
        Map<String, byte[]> out = new HashMap<>();
        kv.scan(prefix, row -> {
            if (archived == null || archived(row) == archived) {
                out.put(row.key().substring(prefix.length()), row.bytes());
            }
        });
        return out;
    }

    /** The original keeps no archived column; a chat that does not decode is listed, so reading it reports it. */
    private static Boolean archived(Kv.Row row) {
        try {
            JsonNode doc = BufferJson.decode(row.value());
            return doc.path("archived").asBoolean(false);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---- writes ----

    /**
     * Optimistic, as Convex itself is: reads, merges, then commits through {@code applyIf}, one
     * mutation that writes only if every row read still holds the value read, and otherwise
     * nothing; then this reads and merges again. Clearing a chat's messages takes mutations of its
     * own before (as many as the chat needs), as it did before merges were checked.
     */
    @Override
    protected void mergeAndCommit(ReadSet reads, Function<Snapshot, WriteBatch> merge) {
        for (int attempt = 1; ; attempt++) {
            Map<String, String> stored = new HashMap<>();
            Snapshot snapshot = snapshot(reads, keys -> loadMessages(keys, stored), (kind, ids) -> loadDocs(kind, ids, stored));
            WriteBatch batch = merge.apply(snapshot);
            if (batch.isEmpty() || commit(batch, stored)) {
                return;
            }
            if (attempt == MERGE_ATTEMPTS) {
                throw new ZaileysStoreException(Code.STORE_WRITE_FAILED, "write to namespace " + kv.namespace + " gave up after "
                        + MERGE_ATTEMPTS + " attempts: other writers kept changing the same messages or chats");
            }
        }
    }

    /** Commits {@code batch} if the rows read still hold {@code stored}; false when not, and nothing was written. */
    private boolean commit(WriteBatch batch, Map<String, String> stored) {
        for (String jid : batch.clearedChats()) {
            kv.clear(Keys.chatMessages(jid));
        }
        List<String> del = new ArrayList<>();
        List<Kv.Row> set = new ArrayList<>();
        batch.deletedMessages().forEach(k -> del.add(Keys.message(k)));
        batch.deletedDocs().forEach((kind, ids) -> ids.forEach(id -> del.add(prefix(kind) + id)));
        for (MessageRow m : batch.messages()) {
            set.add(new Kv.Row(Keys.message(m.key()), ConvexAuthStore.text(m.data()), (double) m.timestamp()));
        }
        for (DocRow d : batch.docs()) {
            set.add(new Kv.Row(prefix(d.kind()) + d.id(), ConvexAuthStore.text(d.data()), null));
        }
        return kv.writeIf(stored, set, del);
    }

    @Override
    protected int prune(PruneOptions options) {
        Collection<String> jids = options.jid() != null ? List.of(options.jid()) : loadMessageJids();
        int removed = 0;
        for (String jid : jids) {
            List<String> doomed = new ArrayList<>();
            if (options.maxPerChat() == null) {
                walk(jid, new Kv.Cursor(options.olderThan(), ""), e -> doomed.add(e.key()));
            } else {
                List<Entry> all = new ArrayList<>();
                walk(jid, null, all::add);
                all.sort(NEWEST_FIRST);
                for (int rank = 0; rank < all.size(); rank++) {
                    Entry e = all.get(rank);
                    boolean tooOld = options.olderThan() != null && e.timestamp() < options.olderThan();
                    if (tooOld || rank >= options.maxPerChat()) {
                        doomed.add(e.key());
                    }
                }
            }
            kv.write(List.of(), doomed);
            removed += doomed.size();
        }
        return removed;
    }

    private void walk(String jid, Kv.Cursor start, java.util.function.Consumer<Entry> each) {
        Kv.Cursor cursor = start;
        while (true) {
            Kv.SortedPage page = kv.listPage(Keys.chatMessages(jid), cursor, Kv.MAX_ITEMS);
            for (Kv.Row row : page.rows()) {
                Entry e = entry(row);
                if (e != null) {
                    each.accept(e);
                }
            }
            if (page.done()) {
                return;
            }
            cursor = page.next();
        }
    }

    // ---- scheduled jobs ----

    @Override
    protected List<byte[]> loadJobs() {
        List<byte[]> out = new ArrayList<>();
        kv.scan(Keys.JOB, row -> out.add(row.bytes()));
        return out;
    }

    @Override
    protected Optional<byte[]> loadJob(String id) {
        return kv.get(List.of(Keys.job(id))).stream().findFirst().map(Kv.Row::bytes);
    }

    @Override
    protected void storeJob(String id, long fireAt, byte[] data) {
        kv.write(List.of(new Kv.Row(Keys.job(id), ConvexAuthStore.text(data), (double) fireAt)), List.of());
    }

    @Override
    protected boolean removeJob(String id) {
        String key = Keys.job(id);
        while (true) {
            Optional<Kv.Row> stored = kv.get(List.of(key)).stream().findFirst();
            if (stored.isEmpty()) {
                return false;
            }
            if (kv.cas(key, stored.get().value(), null, null)) {
                return true;
            }
        }
    }

    /** Compares documents, not bytes: a job the Node original wrote may be spelled differently. */
    @Override
    protected boolean swapJob(String id, byte[] expected, long fireAt, byte[] replacement) {
        String key = Keys.job(id);
        Optional<Kv.Row> stored = kv.get(List.of(key)).stream().findFirst();
        if (stored.isEmpty()) {
            return false;
        }
        JsonNode current;
        try {
            current = BufferJson.decode(stored.get().value());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!current.equals(BufferJson.decode(expected))) {
            return false;
        }
        return kv.cas(key, stored.get().value(), ConvexAuthStore.text(replacement), (double) fireAt);
    }

    // ---- lifecycle ----

    @Override
    protected void removeAll() {
        for (String prefix : PREFIXES) {
            kv.clear(prefix);
        }
    }

    @Override
    protected void release() {
        kv.close();
    }

    @Override
    protected String recordName(DocKind kind, String id) {
        return "Convex row " + kv.namespace + "/" + (kind == null ? "msg:...:" + id : prefix(kind) + id);
    }

    @Override
    public String toString() {
        return "ConvexMessageStore[" + kv.client + ", namespace=" + kv.namespace + "]";
    }
}
