package dev.zaileys.store.redis;

import dev.zaileys.model.MessageKey;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageCursor;
import dev.zaileys.store.PruneOptions;
import dev.zaileys.store.internal.AbstractMessageStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * History (messages, chats, contacts, presence, scheduled jobs) in Redis, in the Node original's
 * key layout under {@code namespace}: per chat a sorted set {@code <ns>:msg:<jid>} of
 * {@code <id>|<1|0>} by timestamp for newest-first paging plus the hash {@code <ns>:msg-data:<jid>};
 * chats, contacts and presence (kept 300 s) beside them. Every batch of writes is one atomic
 * script call, which writes only if what the batch's merge read is still stored (and otherwise the
 * store reads and merges again), so stores in several processes never lose each other's merges. {@link #clear()} removes only this namespace's message-store keys.
 *
 * <p>When it first connects (at first use, not at {@code build()}) the store checks the server's persistence and eviction policy, logs a warning and
 * exposes it as {@link #persistenceWarning()}.
 *
 * <p>Needs Lettuce ({@code io.lettuce:lettuce-core}); without it {@code build()} throws
 * {@code STORE_NOT_AVAILABLE}.
 *
 * <pre>{@code
 * RedisMessageStore store = RedisMessageStore.builder().client(connection).namespace("wa-store").build();
 * }</pre>
 *
 * <p>About 400 lines because the key layout and the scripts of each primitive sit beside the
 * method that calls them, so a reader checks the atomicity of one write in one place.
 */
public final class RedisMessageStore extends AbstractMessageStore {

    private static final Logger LOG = LoggerFactory.getLogger(RedisMessageStore.class);

    /** How long a presence lives, as in the Node original. */
    static final long PRESENCE_TTL_SECONDS = 300;

    private static final int MGET_BATCH = 500;

    /** How often a merge is read and tried again when another writer changed what it read. */
    private static final int MERGE_ATTEMPTS = 50;

    private static final RedisLink.Script REMOVE_JOB = RedisLink.Script.of("""
            local n = redis.call('HDEL', KEYS[2], ARGV[1])
            redis.call('ZREM', KEYS[1], ARGV[1])
            return n
            """);

    private static final RedisLink.Script SWAP_JOB = RedisLink.Script.of("""
            if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
            redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
            return 1
            """);

    private final RedisLink link;
    private final Keys keys;

    private RedisMessageStore(RedisOptions options) {
        // Connects at first use; the persistence check runs then, and is logged once.
        this.link = Lettuce.open(options, true, problem -> problem.ifPresent(w -> LOG.warn("{}; stored history can be lost "
                + "(namespace {})", w, options.namespace())));
        this.keys = new Keys(options.namespace());
    }

    /**
     * The only way to make one. Options: exactly one of {@code url} ({@code ?namespace=}
     * honoured) and {@code client}; {@code namespace}. {@code build()} does not connect: the
     * first call does, so an unreachable server is that call's {@code STORE_CONNECTION_FAILED}
     * (transient: a later call connects once Redis is back). {@code build()} reports a missing
     * Lettuce ({@code STORE_NOT_AVAILABLE}), a provided connection that is not open
     * ({@code STORE_CONNECTION_FAILED}), and options that are malformed or conflict
     * ({@code STORE_INVALID_INPUT}).
     */
    public static RedisOptions.Builder<RedisMessageStore> builder() {
        return new RedisOptions.Builder<>(RedisMessageStore::new);
    }

    /**
     * Why this server may lose data (persistence off, eviction), found at the first connect;
     * empty when it looks durable. Connects now if nothing has yet, so a down server is
     * {@code STORE_CONNECTION_FAILED} here.
     */
    public Optional<String> persistenceWarning() {
        return link.persistenceWarning();
    }

    public String namespace() {
        return keys.ns;
    }

    // ---- messages ----

    /** A point read is one HGET of the document's bytes (the batch path's grouping by chat is for many keys). */
    @Override
    protected Optional<dev.zaileys.model.WAMessage> loadMessage(MessageKey key) {
        byte[] data = link.hgetBytes(keys.messageData(key.remoteJid()), Keys.member(key));
        return Optional.ofNullable(data).map(d -> decodeMessage(key.remoteJid(), key.id(), key.fromMe(), d));
    }

    @Override
    protected Map<MessageKey, byte[]> loadMessages(Collection<MessageKey> wanted) {
        Map<String, List<MessageKey>> byChat = new LinkedHashMap<>();
        for (MessageKey k : wanted) {
            byChat.computeIfAbsent(k.remoteJid(), j -> new ArrayList<>()).add(k);
        }
        List<String> jids = new ArrayList<>(byChat.keySet());
        var futures = new ArrayList<io.lettuce.core.RedisFuture<List<io.lettuce.core.KeyValue<String, String>>>>();
        for (String jid : jids) {
            futures.add(link.async().hmget(keys.messageData(jid),
                    byChat.get(jid).stream().map(Keys::member).toArray(String[]::new)));
        }
        var results = link.awaitAll(futures);
        Map<MessageKey, byte[]> out = new HashMap<>();
        for (int c = 0; c < jids.size(); c++) {
            List<MessageKey> ks = byChat.get(jids.get(c));
            var values = results.get(c);
            for (int i = 0; i < ks.size(); i++) {
                if (values.get(i).hasValue()) {
                    out.put(ks.get(i), RedisAuthStore.bytes(values.get(i).getValue()));
                }
            }
        }
        return out;
    }

    /**
     * A page in native commands: the cursor's own second (when paging on from a cursor) and the
     * older entries with one past the page, pipelined; that whole second again only when the
     * limit cut it short of what was fetched; then one HMGET of exactly the page. Redis orders a
     * second's ties by member bytes, ours differ, so the page is cut here, not there. A Lua script
     * doing the same ran 280 us of server time a page, 65 us of it the commands themselves: on the
     * blocking connection two round trips cost less than Lua's conversions.
     */
    @Override
    protected List<PageRow> loadPage(String jid, ListOptions options) {
        int limit = options.limit();
        String upper = "+inf";
        MessageCursor c = options.after();
        if (c != null) {
            upper = "(" + c.timestamp();
        } else if (options.before() != null) {
            upper = "(" + options.before();
        }
        String key = keys.messages(jid);
        Object[] olderCommand = {"ZREVRANGEBYSCORE", key, upper, "-inf", "WITHSCORES", "LIMIT", "0", Integer.toString(limit + 1)};
        List<Object> reply = c == null ? link.arrays(key, olderCommand)
                : link.arrays(key, sameSecondCommand(key, c.timestamp()), olderCommand);
        List<Entry> page = new ArrayList<>();
        if (c != null) {
            // The cursor's own second, in our order: the entries after the cursor.
            Entry cursor = new Entry(Keys.member(c.id(), c.fromMe()), c.timestamp());
            List<Entry> second = scored(reply.get(0));
            second.sort(Entry.NEWEST_FIRST);
            for (Entry e : second) {
                if (Entry.NEWEST_FIRST.compare(e, cursor) > 0 && page.size() < limit) {
                    page.add(e);
                }
            }
        }
        List<Entry> older = scored(reply.get(reply.size() - 1));
        int need = limit - page.size();
        if (need > 0) {
            if (older.size() > need) {
                // When the entry past the page shares the page's oldest second, the limit cut that
                // second: take it whole (from what was fetched, or from the tail when it runs past
                // the fetched entries) and cut it in our order, so no page skips or repeats.
                long last = older.get(need - 1).ts();
                if (older.get(need).ts() == last) {
                    boolean runsPast = older.size() == limit + 1 && older.get(limit).ts() == last;
                    List<Entry> whole = runsPast ? sameSecond(key, last) : older.stream().filter(e -> e.ts() == last).toList();
                    older = new ArrayList<>(older.subList(0, need));
                    older.removeIf(e -> e.ts() == last);
                    older.addAll(whole);
                } else {
                    older = older.subList(0, need);
                }
            }
            older.sort(Entry.NEWEST_FIRST);
            page.addAll(older.subList(0, Math.min(need, older.size())));
        }
        if (page.isEmpty()) {
            return List.of();
        }
        String data = keys.messageData(jid);
        Object[] hmget = RedisLink.command(new Object[] {"HMGET", data}, page.stream().map(Entry::member).toList());
        List<?> docs = (List<?>) link.arrays(data, hmget).get(0);
        List<PageRow> out = new ArrayList<>(page.size());
        for (int i = 0; i < page.size(); i++) {
            // A message deleted between the two reads is simply gone.
            if (docs.get(i) != null) {
                Entry e = page.get(i);
                out.add(new PageRow(e.id(), e.fromMe(), (byte[]) docs.get(i)));
            }
        }
        return out;
    }

    private static Object[] sameSecondCommand(String key, long ts) {
        String s = Long.toString(ts);
        return new Object[] {"ZRANGEBYSCORE", key, s, s, "WITHSCORES"};
    }

    /**
     * A {@code WITHSCORES} reply as entries: member, score, member, score... (RESP2, the blocking
     * connection), or [member, score] pairs with a double score (RESP3: a Lettuce connection, ours
     * when the lane is busy or the caller's own, whose protocol is not ours to choose).
     */
    private static List<Entry> scored(Object reply) {
        List<?> list = (List<?>) reply;
        boolean pairs = !list.isEmpty() && list.get(0) instanceof List;
        List<Entry> out = new ArrayList<>(pairs ? list.size() : list.size() / 2);
        for (int i = 0; i < list.size(); i += pairs ? 1 : 2) {
            List<?> pair = pairs ? (List<?>) list.get(i) : list.subList(i, i + 2);
            Object score = pair.get(1);
            out.add(new Entry(text(pair.get(0)), score instanceof Number n ? n.longValue() : (long) Double.parseDouble(text(score))));
        }
        return out;
    }

    private static String text(Object bulk) {
        return new String((byte[]) bulk, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Every message of one second, newest first in our order (Redis orders a second's ties by bytes). */
    private List<Entry> sameSecond(String key, long ts) {
        List<Entry> group = scored(link.arrays(key, sameSecondCommand(key, ts)).get(0));
        group.sort(Entry.NEWEST_FIRST);
        return group;
    }

    private static List<Entry> entries(List<io.lettuce.core.ScoredValue<String>> scored) {
        List<Entry> out = new ArrayList<>(scored.size());
        for (var sv : scored) {
            out.add(new Entry(sv.getValue(), (long) sv.getScore()));
        }
        return out;
    }

    @Override
    protected Collection<String> loadMessageJids() {
        String prefix = keys.messagesPrefix();
        return link.scan(Keys.glob(prefix) + "*").stream().map(k -> k.substring(prefix.length())).toList();
    }

    // ---- chats, contacts, presence ----

    @Override
    protected Map<String, byte[]> loadDocs(DocKind kind, Collection<String> ids) {
        List<String> list = new ArrayList<>(ids);
        Map<String, byte[]> out = new HashMap<>();
        if (list.isEmpty()) {
            return out;
        }
        List<io.lettuce.core.KeyValue<String, String>> values = switch (kind) {
            case CHAT -> link.await(link.async().hmget(keys.chats(), list.toArray(String[]::new)));
            case CONTACT -> link.await(link.async().hmget(keys.contacts(), list.toArray(String[]::new)));
            case PRESENCE -> link.mget(list.stream().map(keys::presence).toList());
        };
        for (int i = 0; i < list.size(); i++) {
            if (values.get(i).hasValue()) {
                out.put(list.get(i), RedisAuthStore.bytes(values.get(i).getValue()));
            }
        }
        return out;
    }

    @Override
    protected Map<String, byte[]> loadAllDocs(DocKind kind, Boolean archived) {
        Map<String, byte[]> out = new HashMap<>();
        switch (kind) {
            case CHAT -> {
                var all = link.async().hgetall(keys.chats());
                var archivedIds = archived == null ? null : link.async().smembers(keys.archivedChats());
                Map<String, String> chats = link.await(all);
                Set<String> inArchive = archivedIds == null ? null : link.await(archivedIds);
                chats.forEach((id, doc) -> {
                    if (inArchive == null || inArchive.contains(id) == archived) {
                        out.put(id, RedisAuthStore.bytes(doc));
                    }
                });
            }
            case CONTACT -> link.await(link.async().hgetall(keys.contacts()))
                    .forEach((id, doc) -> out.put(id, RedisAuthStore.bytes(doc)));
            case PRESENCE -> {
                String prefix = keys.presencePrefix();
                link.scan(Keys.glob(prefix) + "*", batch -> {
                    for (int from = 0; from < batch.size(); from += MGET_BATCH) {
                        List<String> part = batch.subList(from, Math.min(batch.size(), from + MGET_BATCH));
                        for (var kv : link.mget(part)) {
                            // Gone when its TTL ran out between SCAN and MGET.
                            if (kv.hasValue()) {
                                out.put(kv.getKey().substring(prefix.length()), RedisAuthStore.bytes(kv.getValue()));
                            }
                        }
                    }
                });
            }
        }
        return out;
    }

    // ---- writes ----

    /**
     * Optimistic: reads, merges, then commits in one script that first checks that every value
     * read is still the one stored (a compare-and-set) and otherwise writes nothing; then this
     * reads and merges again. The values compared are those read, re-encoded as sent: a stored
     * value that is not valid UTF-8 cannot match and fails the write after the last attempt.
     */
    @Override
    protected void mergeAndCommit(ReadSet reads, Function<Snapshot, WriteBatch> merge) {
        if (reads.savesOnly() && committedAsNew(reads, merge)) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            Snapshot stored = snapshot(reads, this::loadMessages, this::loadDocs);
            WriteBatch batch = merge.apply(stored);
            if (batch.isEmpty()) {
                return;
            }
            Writes w = new Writes();
            expectUnchanged(w, reads, stored);
            if (writes(w, batch).apply(link)) {
                return;
            }
            if (attempt == MERGE_ATTEMPTS) {
                throw new ZaileysStoreException(Code.STORE_WRITE_FAILED, "write to namespace " + keys.ns + " gave up after "
                        + MERGE_ATTEMPTS + " attempts: other writers kept changing the same messages or chats");
            }
            backOff(attempt);
        }
    }

    /**
     * Live traffic's bet, one round trip instead of two: merge as if none of the messages were
     * stored and send that batch with the expectation that none is, checked by the same script
     * that writes. When one is stored after all, nothing was written and the caller reads and
     * merges as usual; the expectation makes the bet as safe as the read it saves. An empty batch
     * proves nothing about what is stored, so it is not sent and the bet counts as lost.
     */
    private boolean committedAsNew(ReadSet reads, Function<Snapshot, WriteBatch> merge) {
        WriteBatch batch = merge.apply(NOTHING_STORED);
        if (batch.isEmpty()) {
            return false;
        }
        Writes w = new Writes();
        expectUnchanged(w, reads, NOTHING_STORED);
        return writes(w, batch).apply(link);
    }

    /** Expectations that every value {@code reads} names is still as {@code stored} has it. */
    private void expectUnchanged(Writes w, ReadSet reads, Snapshot stored) {
        for (MessageKey k : reads.messages()) {
            w.hexpect(keys.messageData(k.remoteJid()), Keys.member(k), stored.messages().get(k));
        }
        reads.docs().forEach((kind, ids) -> {
            Map<String, byte[]> found = stored.docs().getOrDefault(kind, Map.of());
            for (String id : ids) {
                byte[] value = found.get(id);
                switch (kind) {
                    case CHAT -> w.hexpect(keys.chats(), id, value);
                    case CONTACT -> w.hexpect(keys.contacts(), id, value);
                    case PRESENCE -> w.expect(keys.presence(id), value);
                }
            }
        });
    }

    /** A short random pause, longer after each conflict, so two writers stop meeting on one key. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(1 + Math.min(attempt, 10) * 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZaileysStoreException(Code.STORE_WRITE_FAILED, "interrupted while retrying a write", e);
        }
    }

    private Writes writes(Writes w, WriteBatch batch) {
        for (String jid : batch.clearedChats()) {
            w.del(keys.messages(jid)).del(keys.messageData(jid));
        }
        for (MessageKey k : batch.deletedMessages()) {
            String m = Keys.member(k);
            w.zrem(keys.messages(k.remoteJid()), m).hdel(keys.messageData(k.remoteJid()), m);
        }
        for (MessageRow row : batch.messages()) {
            String m = Keys.member(row.key());
            String jid = row.key().remoteJid();
            w.zadd(keys.messages(jid), row.timestamp(), m).hset(keys.messageData(jid), m, row.data())
                    .saddOnce(keys.indexedChats(), jid);
        }
        batch.deletedDocs().forEach((kind, ids) -> {
            for (String id : ids) {
                switch (kind) {
                    case CHAT -> w.hdel(keys.chats(), id).srem(keys.archivedChats(), id);
                    case CONTACT -> w.hdel(keys.contacts(), id);
                    case PRESENCE -> w.del(keys.presence(id));
                }
            }
        });
        for (DocRow row : batch.docs()) {
            byte[] doc = row.data();
            switch (row.kind()) {
                case CHAT -> {
                    w.hset(keys.chats(), row.id(), doc);
                    if (row.archived()) {
                        w.sadd(keys.archivedChats(), row.id());
                    } else {
                        w.srem(keys.archivedChats(), row.id());
                    }
                }
                case CONTACT -> w.hset(keys.contacts(), row.id(), doc);
                case PRESENCE -> w.setEx(keys.presence(row.id()), PRESENCE_TTL_SECONDS, doc)
                        .saddOnce(keys.indexedPresences(), row.id());
            }
        }
        return w;
    }

    @Override
    protected int prune(PruneOptions options) {
        Collection<String> jids = options.jid() != null ? List.of(options.jid()) : loadMessageJids();
        int removed = 0;
        for (String jid : jids) {
            String key = keys.messages(jid);
            Set<String> doomed = new LinkedHashSet<>();
            if (options.olderThan() != null) {
                doomed.addAll(link.await(link.async().zrangebyscore(key, "-inf", "(" + options.olderThan())));
            }
            if (options.maxPerChat() != null) {
                doomed.addAll(beyondCap(key, options.maxPerChat()));
            }
            if (!doomed.isEmpty()) {
                Writes w = new Writes();
                for (String m : doomed) {
                    w.zrem(key, m).hdel(keys.messageData(jid), m);
                }
                w.apply(link);
                removed += doomed.size();
            }
        }
        return removed;
    }

    /** The members of a chat past its newest {@code max}, in our order (ties by id, then fromMe). */
    private List<String> beyondCap(String key, int max) {
        List<Entry> beyond = entries(link.await(link.async().zrevrangeWithScores(key, max, -1)));
        if (beyond.isEmpty() || max == 0) {
            return beyond.stream().map(Entry::member).toList();
        }
        // The second at the cap may be split differently by Redis' byte order: redo it in ours.
        long edge = beyond.get(0).ts();
        long above = link.await(link.async().zcount(key, "(" + edge, "+inf"));
        List<Entry> group = sameSecond(key, edge);
        int keepOfGroup = (int) Math.max(0, max - above);
        List<String> out = new ArrayList<>();
        for (int i = keepOfGroup; i < group.size(); i++) {
            out.add(group.get(i).member());
        }
        for (Entry e : beyond) {
            if (e.ts() < edge) {
                out.add(e.member());
            }
        }
        return out;
    }

    // ---- scheduled jobs ----

    @Override
    protected List<byte[]> loadJobs() {
        return link.await(link.async().hvals(keys.jobData())).stream().map(RedisAuthStore::bytes).toList();
    }

    @Override
    protected List<byte[]> loadDueJobs(long fireAtMillis) {
        List<String> ids = link.await(link.async().zrangebyscore(keys.jobs(),
                io.lettuce.core.Range.create(Double.NEGATIVE_INFINITY, (double) fireAtMillis)));
        if (ids.isEmpty()) {
            return List.of();
        }
        return link.await(link.async().hmget(keys.jobData(), ids.toArray(String[]::new))).stream()
                .filter(io.lettuce.core.KeyValue::hasValue)
                .map(kv -> RedisAuthStore.bytes(kv.getValue()))
                .toList();
    }

    @Override
    protected Optional<byte[]> loadJob(String id) {
        return Optional.ofNullable(link.await(link.async().hget(keys.jobData(), id))).map(RedisAuthStore::bytes);
    }

    @Override
    protected void storeJob(String id, long fireAt, byte[] data) {
        new Writes().hset(keys.jobData(), id, data).zadd(keys.jobs(), fireAt, id).apply(link);
    }

    @Override
    protected boolean removeJob(String id) {
        Long n = link.eval(REMOVE_JOB, io.lettuce.core.ScriptOutputType.INTEGER, List.of(keys.jobs(), keys.jobData()), List.of(id));
        return n != null && n > 0;
    }

    @Override
    protected boolean swapJob(String id, byte[] expected, long fireAt, byte[] replacement) {
        Long n = link.eval(SWAP_JOB, io.lettuce.core.ScriptOutputType.INTEGER, List.of(keys.jobs(), keys.jobData()),
                List.of(id, RedisAuthStore.text(expected), Long.toString(fireAt), RedisAuthStore.text(replacement)));
        return n != null && n == 1;
    }

    // ---- lifecycle ----

    @Override
    protected void removeAll() {
        link.scan(keys.namespacePattern(), batch -> link.unlink(batch.stream().filter(keys::isMessageStoreKey).toList()));
    }

    @Override
    protected void release() {
        link.close();
    }

    @Override
    protected String messageName(String jid, String id, boolean fromMe) {
        return super.messageName(jid, id, fromMe) + " (field " + Keys.member(id, fromMe) + " of Redis key "
                + keys.messageData(jid) + ")";
    }

    @Override
    protected String recordName(DocKind kind, String id) {
        String where = kind == null ? "message " + id
                : switch (kind) {
                    case CHAT -> "chat " + id + " in " + keys.chats();
                    case CONTACT -> "contact " + id + " in " + keys.contacts();
                    case PRESENCE -> "Redis key " + keys.presence(id);
                };
        return where;
    }

    @Override
    public String toString() {
        return "RedisMessageStore[" + link.where() + ", namespace=" + keys.ns + "]";
    }

    /** A member of a chat's sorted set with its score. */
    private record Entry(String member, long ts) {
        static final java.util.Comparator<Entry> NEWEST_FIRST = java.util.Comparator.comparingLong(Entry::ts)
                .thenComparing(Entry::id)
                .thenComparing(Entry::fromMe)
                .reversed();

        String id() {
            return Keys.memberId(member);
        }

        boolean fromMe() {
            return Keys.memberFromMe(member);
        }
    }
}
