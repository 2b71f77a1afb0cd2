package dev.zaileys.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.binding.StoreBinding;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.socket.BaileysEvents;
import dev.zaileys.socket.EventEmitter;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageCursor;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.SignalTypes;
import dev.zaileys.workload.Workload;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Runs the standard workload (WORKLOAD.md) against one backend and prints a table or JSON lines.
 *
 * <p>Procedures, in order: warm-up (not reported), the raw driver baseline when asked, W1
 * (sequential {@code saveMessage}), W3 (point reads on the W1 store), W1b (the same messages
 * through {@code bind}), W2 (three cursor walks of a 10,000-message chat, plus one walk by
 * {@code before} alone), A1 (pre-keys, sessions, creds). Each procedure opens a fresh store from
 * the supplier, clears it, and closes it after.
 *
 * <p>{@code seconds} is the time spent inside the measured calls (data generation and checks are
 * outside it), except W1b, timed from the first emit until {@code flush()} returns. Latencies are
 * per call, nearest-rank percentiles; for W1b a call is one emit of 50 messages, and for the
 * pre-key write the reported time is the median of five calls. Every result is checked; the
 * {@code check} column says what. When a check fails the report is still printed in full, then
 * {@code run} throws {@link IllegalStateException}.
 */
public final class StandardBench {

    /**
     * @param json print JSON lines (first line: dataset hashes) instead of a table
     * @param messages W1 message count (100,000 in the standard workload; lower only when said plainly)
     * @param raw also measure the driver's raw limit for this backend, when one exists
     */
    public record Options(boolean json, int messages, boolean raw) {}

    private static final int PAGE = 50;
    private static final int UPSERT_BATCH = 50;
    private static final int SESSION_BATCH = 500;
    /** W2 is seeded in batches (untimed): the walk is measured, not the load. */
    private static final int SEED_BATCH = 500;

    private StandardBench() {}

    /**
     * @param storeUri the URI the stores were opened from (names the adapter; picks the raw baseline)
     * @param messages opens a fresh, empty message store (called once per procedure); null for an
     *     auth-only backend (File), which runs A1 alone
     * @param auth opens a fresh, empty auth store
     */
    public static void run(String storeUri, Supplier<MessageStore> messages, Supplier<AuthStoreBundle> auth,
                           Options options, PrintStream out) {
        if (options.messages() < 1 || options.messages() > Workload.W1_MESSAGES) {
            throw new IllegalArgumentException("messages must be between 1 and " + Workload.W1_MESSAGES
                    + ", got " + options.messages());
        }
        new Run(storeUri, messages, auth, options, out).execute();
    }

    /** The URI's scheme ({@code sqlite:./x.db} is {@code sqlite}); never the rest, which may hold a password. */
    static String scheme(String storeUri) {
        int colon = storeUri.indexOf(':');
        return (colon < 0 ? storeUri : storeUri.substring(0, colon)).toLowerCase(Locale.ROOT);
    }

    /** One reported line. {@code p50}/{@code p99} in microseconds, null when not per call. */
    record Op(String adapter, String op, long n, double seconds, Double p50, Double p99,
              Map<String, Object> checks, boolean ok, Double ratio, String note) {
        double opsPerSecond() {
            return seconds > 0 ? n / seconds : 0;
        }
    }

    private static final class Run {
        private final String storeUri;
        private final String adapter;
        private final Supplier<MessageStore> messageStores;
        private final Supplier<AuthStoreBundle> authStores;
        private final Options options;
        private final PrintStream out;
        private final int n;
        private final List<Op> ops = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();
        private List<ObjectNode> docs;
        private List<WAMessage> msgs;
        private Double rawOpsPerSecond;

        Run(String storeUri, Supplier<MessageStore> messageStores, Supplier<AuthStoreBundle> authStores, Options options,
            PrintStream out) {
            this.storeUri = storeUri;
            this.adapter = scheme(storeUri);
            this.messageStores = messageStores;
            this.authStores = authStores;
            this.options = options;
            this.out = out;
            this.n = options.messages();
        }

        void execute() {
            docs = Workload.w1Messages(n);
            msgs = Workload.asWAMessages(docs);
            Workload.W2 w2 = Workload.w2();
            Workload.Auth authData = Workload.auth();
            printDataset(w2, authData);

            if (messageStores != null) {
                warmup();
                if (options.raw()) {
                    raw();
                }
                w1AndW3();
                w1b();
                w2(w2);
            } else if (!options.json()) {
                out.println("(" + adapter + ": no message store, so A1 only)");
            }
            a1(authData);

            if (!options.json()) {
                out.println(failures.isEmpty() ? "all checks passed"
                        : failures.size() + " check(s) FAILED: " + String.join("; ", failures));
            }
            out.flush();
            if (!failures.isEmpty()) {
                throw new IllegalStateException("standard bench on " + adapter + ": " + failures.size()
                        + " check(s) failed: " + String.join("; ", failures));
            }
        }

        // ------------------------------------------------------------ procedures

        private void warmup() {
            Workload.Warmup w = Workload.warmup();
            List<WAMessage> wm = Workload.asWAMessages(w.messages());
            try (MessageStore s = freshMessages()) {
                for (WAMessage m : wm) {
                    s.saveMessage(m);
                }
                for (WAMessage m : wm) {
                    if (s.getMessage(m.key()).isEmpty()) {
                        throw new IllegalStateException("warm-up: a saved message could not be read back: " + m.key());
                    }
                }
                int pages = 0;
                for (Workload.ChatSpec chat : w.chats()) {
                    MessageCursor cursor = null;
                    while (pages < 10) {
                        ListOptions o = cursor == null ? ListOptions.limit(PAGE) : ListOptions.limit(PAGE).after(cursor);
                        List<WAMessage> page = s.listMessages(chat.jid(), o);
                        pages++;
                        if (page.size() < PAGE) {
                            break;
                        }
                        cursor = MessageCursor.after(page.get(page.size() - 1));
                    }
                    if (pages >= 10) {
                        break;
                    }
                }
                s.clear();
            }
        }

        private void raw() {
            Optional<RawBaseline> opened = RawBaselines.open(storeUri);
            if (opened.isEmpty()) {
                if (!options.json()) {
                    out.println("(no raw baseline for '" + adapter + "')");
                }
                return;
            }
            List<RawBaseline.Row> rows = rawRows(msgs);
            // The driver gets a warm-up too (on a throwaway instance), as the store did.
            try (RawBaseline warm = opened.get()) {
                warm.insertAll(rawRows(Workload.asWAMessages(Workload.warmup().messages())));
            } catch (Exception e) {
                throw new IllegalStateException("raw baseline for " + adapter + " failed: " + e.getMessage(), e);
            }
            opened = RawBaselines.open(storeUri);
            gc();
            try (RawBaseline b = opened.get()) {
                long t0 = System.nanoTime();
                b.insertAll(rows);
                double seconds = (System.nanoTime() - t0) / 1e9;
                Map<String, Object> checks = new LinkedHashMap<>();
                checks.put("rows", rows.size());
                report(new Op(adapter, "W1-raw", n, seconds, null, null, checks, true, null, b.name()));
                rawOpsPerSecond = n / seconds;
            } catch (Exception e) {
                throw new IllegalStateException("raw baseline for " + adapter + " failed: " + e.getMessage(), e);
            }
        }

        private static List<RawBaseline.Row> rawRows(List<WAMessage> messages) {
            List<RawBaseline.Row> rows = new ArrayList<>(messages.size());
            for (WAMessage m : messages) {
                MessageKey k = m.key();
                rows.add(new RawBaseline.Row(k.remoteJid(), k.id(), k.fromMe(), m.timestamp(), m.encode()));
            }
            return rows;
        }

        private void w1AndW3() {
            try (MessageStore s = freshMessages()) {
                long[] lat = new long[n];
                gc();
                for (int i = 0; i < n; i++) {
                    WAMessage m = msgs.get(i);
                    long t0 = System.nanoTime();
                    s.saveMessage(m);
                    lat[i] = System.nanoTime() - t0;
                }
                Map<String, Object> checks = new LinkedHashMap<>();
                long stored = countStored(s);
                checks.put("stored", stored);
                boolean ok = expect("W1 stored", stored, n);
                report(timed("W1", n, lat, checks, ok, ratio(lat, n), null));

                int[] indices = Workload.w3Indices();
                List<Optional<WAMessage>> got = new ArrayList<>(indices.length);
                long[] rlat = new long[indices.length];
                gc();
                for (int j = 0; j < indices.length; j++) {
                    MessageKey key = msgs.get(indices[j] % n).key();
                    long t0 = System.nanoTime();
                    Optional<WAMessage> r = s.getMessage(key);
                    rlat[j] = System.nanoTime() - t0;
                    got.add(r);
                }
                int found = 0;
                int equal = 0;
                for (int j = 0; j < indices.length; j++) {
                    Optional<WAMessage> r = got.get(j);
                    if (r.isPresent()) {
                        found++;
                        if (sameJson(r.get().toJson(), docs.get(indices[j] % n))) {
                            equal++;
                        }
                    }
                }
                Map<String, Object> rchecks = new LinkedHashMap<>();
                rchecks.put("found", found);
                rchecks.put("equal", equal);
                boolean rok = expect("W3 found", found, indices.length) & expect("W3 equal", equal, indices.length);
                report(timed("W3", indices.length, rlat, rchecks, rok, null,
                        n < Workload.W1_MESSAGES ? "indices modulo " + n : null));
            }
        }

        private void w1b() {
            List<ObjectNode> payloads = new ArrayList<>();
            for (int from = 0; from < n; from += UPSERT_BATCH) {
                ObjectNode p = BufferJson.object();
                ArrayNode arr = p.putArray("messages");
                docs.subList(from, Math.min(n, from + UPSERT_BATCH)).forEach(arr::add);
                p.put("type", "notify");
                payloads.add(p);
            }
            List<ZaileysStoreException> errors = new CopyOnWriteArrayList<>();
            try (MessageStore s = freshMessages()) {
                EventEmitter ev = new EventEmitter();
                StoreBinding binding = StoreBinding.bind(s, ev, (error, pending, willRetry) -> errors.add(error));
                long[] lat = new long[payloads.size()];
                gc();
                long start = System.nanoTime();
                for (int i = 0; i < payloads.size(); i++) {
                    long t0 = System.nanoTime();
                    ev.emit(BaileysEvents.MESSAGES_UPSERT, payloads.get(i));
                    lat[i] = System.nanoTime() - t0;
                }
                binding.flush();
                double seconds = (System.nanoTime() - start) / 1e9;
                binding.close();

                long stored = countStored(s);
                int[] indices = Workload.w3Indices();
                int equal = 0;
                for (int idx : indices) {
                    Optional<WAMessage> r = s.getMessage(msgs.get(idx % n).key());
                    if (r.isPresent() && sameJson(r.get().toJson(), docs.get(idx % n))) {
                        equal++;
                    }
                }
                Map<String, Object> checks = new LinkedHashMap<>();
                checks.put("stored", stored);
                checks.put("errors", errors.size());
                checks.put("reads_equal", equal);
                boolean ok = expect("W1b stored", stored, n) & expect("W1b errors", errors.size(), 0)
                        & expect("W1b reads equal", equal, indices.length);
                double[] pct = percentilesMicros(lat);
                Double ratio = rawOpsPerSecond == null ? null : (n / seconds) / rawOpsPerSecond;
                report(new Op(adapter, "W1b", n, seconds, pct[0], pct[1], checks, ok, ratio,
                        "latency per emit of " + UPSERT_BATCH));
            }
        }

        private void w2(Workload.W2 w2) {
            String jid = w2.chat().jid();
            // A reduced run (--messages below the W2 size) walks the W2 chat's first n messages:
            // a slow test backend then finishes, and the output says so.
            int total = Math.min(w2.messages().size(), n);
            boolean reduced = total < w2.messages().size();
            try (MessageStore s = freshMessages()) {
                List<WAMessage> all = Workload.asWAMessages(w2.messages().subList(0, total));
                for (int from = 0; from < all.size(); from += SEED_BATCH) {
                    s.saveMessages(all.subList(from, Math.min(all.size(), from + SEED_BATCH)));
                }
                List<Long> lat = new ArrayList<>();
                List<Long> distinct = new ArrayList<>();
                List<Long> returned = new ArrayList<>();
                boolean ordered = true;
                gc();
                for (int walk = 0; walk < 3; walk++) {
                    Set<MessageKey> seen = new HashSet<>();
                    long count = 0;
                    WAMessage previous = null;
                    MessageCursor cursor = null;
                    while (true) {
                        ListOptions o = cursor == null ? ListOptions.limit(PAGE) : ListOptions.limit(PAGE).after(cursor);
                        long t0 = System.nanoTime();
                        List<WAMessage> page = s.listMessages(jid, o);
                        lat.add(System.nanoTime() - t0);
                        for (WAMessage m : page) {
                            seen.add(m.key());
                            count++;
                            if (previous != null && compareNewestFirst(previous, m) >= 0) {
                                ordered = false;
                            }
                            previous = m;
                        }
                        if (page.size() < PAGE) {
                            break;
                        }
                        cursor = MessageCursor.after(page.get(page.size() - 1));
                    }
                    distinct.add((long) seen.size());
                    returned.add(count);
                }
                Map<String, Object> checks = new LinkedHashMap<>();
                checks.put("distinct", distinct.get(0));
                checks.put("returned", returned.get(0));
                checks.put("newest_first", ordered);
                boolean ok = true;
                for (int w = 0; w < 3; w++) {
                    ok &= expect("W2 walk " + (w + 1) + " distinct", distinct.get(w), total);
                    ok &= expect("W2 walk " + (w + 1) + " returned", returned.get(w), total);
                }
                ok &= expect("W2 newest first", ordered ? 1 : 0, 1);
                long[] l = lat.stream().mapToLong(Long::longValue).toArray();
                report(timed("W2", l.length, l, checks, ok, null, "pages of " + PAGE + ", cursor, 3 walks"
                        + (reduced ? "; REDUCED to the first " + total + " W2 messages" : "")));

                // What paging by timestamp alone (the seed's `before`) returns on the same chat.
                Set<MessageKey> seen = new HashSet<>();
                List<Long> blat = new ArrayList<>();
                Long before = null;
                while (true) {
                    ListOptions o = before == null ? ListOptions.limit(PAGE) : ListOptions.limit(PAGE).before(before);
                    long t0 = System.nanoTime();
                    List<WAMessage> page = s.listMessages(jid, o);
                    blat.add(System.nanoTime() - t0);
                    page.forEach(m -> seen.add(m.key()));
                    if (page.isEmpty()) {
                        break;
                    }
                    before = page.get(page.size() - 1).timestamp();
                }
                Map<String, Object> bchecks = new LinkedHashMap<>();
                bchecks.put("distinct", seen.size());
                // 9,814 is the full chat's figure; a reduced chat has no published one.
                boolean bok = reduced || expect("W2-before distinct", seen.size(), 9_814);
                long[] bl = blat.stream().mapToLong(Long::longValue).toArray();
                report(timed("W2-before", bl.length, bl, bchecks, bok, null,
                        "walk by before alone skips " + (total - seen.size())));
            }
        }

        private void a1(Workload.Auth data) {
            // A reduced run (--messages below the W1 size) caps every A1 count at n too, so a slow
            // test backend finishes; each capped row says REDUCED.
            boolean reduced = n < Workload.W1_MESSAGES;
            int cap = reduced ? n : Integer.MAX_VALUE;
            String cut = reduced ? "REDUCED to " + n + "; " : "";
            Map<String, ObjectNode> allPreKeys = data.preKeys();
            Map<String, ObjectNode> preKeysUsed = new LinkedHashMap<>();
            allPreKeys.entrySet().stream().limit(Math.min(cap, allPreKeys.size()))
                    .forEach(e -> preKeysUsed.put(e.getKey(), e.getValue()));
            try (AuthStoreBundle s = freshAuth()) {
                // pre-keys: one write of 1,000, five times from empty; the median call is reported
                long[] plat = new long[5];
                for (int r = 0; r < 5; r++) {
                    s.clear();
                    gc();
                    long t0 = System.nanoTime();
                    s.write(Map.of(SignalTypes.PRE_KEY, preKeysUsed));
                    plat[r] = System.nanoTime() - t0;
                }
                Map<String, JsonNode> preKeys = s.read(SignalTypes.PRE_KEY, preKeysUsed.keySet());
                int preEqual = 0;
                for (Map.Entry<String, ObjectNode> e : preKeysUsed.entrySet()) {
                    if (sameJson(preKeys.get(e.getKey()), e.getValue())) {
                        preEqual++;
                    }
                }
                long[] sorted = plat.clone();
                Arrays.sort(sorted);
                double median = sorted[2] / 1e9;
                Map<String, Object> pchecks = new LinkedHashMap<>();
                pchecks.put("equal", preEqual);
                boolean pok = expect("A1 pre-keys equal", preEqual, preKeysUsed.size());
                double[] ppct = percentilesMicros(plat);
                report(new Op(adapter, "A1-prekeys", preKeysUsed.size(), median, ppct[0], ppct[1], pchecks, pok,
                        null, cut + "one call of " + preKeysUsed.size() + ", median of 5"));

                // sessions: 10 calls of 500
                List<String> ids = data.sessionIds().subList(0, Math.min(cap, data.sessionIds().size()));
                int perCall = Math.min(SESSION_BATCH, ids.size());
                long[] slat = new long[ids.size() / perCall];
                gc();
                for (int c = 0; c < slat.length; c++) {
                    Map<String, BinaryNode> batch = new LinkedHashMap<>();
                    for (String id : ids.subList(c * perCall, (c + 1) * perCall)) {
                        batch.put(id, data.sessions().get(id));
                    }
                    Map<String, Map<String, BinaryNode>> write = Map.of(SignalTypes.SESSION, batch);
                    long t0 = System.nanoTime();
                    s.write(write);
                    slat[c] = System.nanoTime() - t0;
                }
                List<String> storedIds = s.listKeyIds().getOrDefault(SignalTypes.SESSION, List.of());
                Map<String, Object> wchecks = new LinkedHashMap<>();
                wchecks.put("stored", storedIds.size());
                boolean wok = expect("A1 sessions stored", storedIds.size(), ids.size());
                report(timed("A1-sessions-write", ids.size(), slat, wchecks, wok, null,
                        cut + slat.length + " calls of " + perCall));

                // single session reads by the auth read indices
                int[] indices = Arrays.stream(Workload.authReadIndices()).limit(Math.min(cap, 10_000))
                        .map(i -> i % ids.size()).toArray();
                long[] rlat = new long[indices.length];
                JsonNode[] got = new JsonNode[indices.length];
                gc();
                for (int j = 0; j < indices.length; j++) {
                    List<String> one = List.of(ids.get(indices[j]));
                    long t0 = System.nanoTime();
                    Map<String, JsonNode> r = s.read(SignalTypes.SESSION, one);
                    rlat[j] = System.nanoTime() - t0;
                    got[j] = r.get(one.get(0));
                }
                int equal = 0;
                for (int j = 0; j < indices.length; j++) {
                    if (sameJson(got[j], data.sessions().get(ids.get(indices[j])))) {
                        equal++;
                    }
                }
                Map<String, Object> rchecks = new LinkedHashMap<>();
                rchecks.put("equal", equal);
                boolean rok = expect("A1 session reads equal", equal, indices.length);
                report(timed("A1-sessions-read", indices.length, rlat, rchecks, rok, null, reduced ? "REDUCED to " + n : null));

                // 1,000 writeCreds, each a step further
                ObjectNode creds = data.creds().deepCopy();
                long[] cwlat = new long[Math.min(cap, 1000)];
                gc();
                for (int i = 0; i < cwlat.length; i++) {
                    creds.put("nextPreKeyId", creds.get("nextPreKeyId").longValue() + 1);
                    creds.put("firstUnuploadedPreKeyId", creds.get("firstUnuploadedPreKeyId").longValue() + 1);
                    creds.put("lastAccountSyncTimestamp", creds.get("lastAccountSyncTimestamp").longValue() + 1);
                    AuthCreds c = AuthCreds.of(creds);
                    long t0 = System.nanoTime();
                    s.writeCreds(c);
                    cwlat[i] = System.nanoTime() - t0;
                }
                long next = s.readCreds().map(c -> c.toJson().path("nextPreKeyId").asLong()).orElse(-1L);
                Map<String, Object> cwchecks = new LinkedHashMap<>();
                cwchecks.put("nextPreKeyId", next);
                boolean cwok = expect("A1 creds nextPreKeyId", next, 813 + cwlat.length);
                report(timed("A1-creds-write", cwlat.length, cwlat, cwchecks, cwok, null, reduced ? "REDUCED to " + n : null));

                // 1,000 readCreds
                long[] crlat = new long[Math.min(cap, 1000)];
                List<Optional<AuthCreds>> reads = new ArrayList<>(crlat.length);
                gc();
                for (int i = 0; i < crlat.length; i++) {
                    long t0 = System.nanoTime();
                    Optional<AuthCreds> r = s.readCreds();
                    crlat[i] = System.nanoTime() - t0;
                    reads.add(r);
                }
                int cequal = 0;
                for (Optional<AuthCreds> r : reads) {
                    if (r.isPresent() && sameJson(r.get().toJson(), creds)) {
                        cequal++;
                    }
                }
                Map<String, Object> crchecks = new LinkedHashMap<>();
                crchecks.put("equal", cequal);
                boolean crok = expect("A1 creds reads equal", cequal, crlat.length);
                report(timed("A1-creds-read", crlat.length, crlat, crchecks, crok, null, reduced ? "REDUCED to " + n : null));
            }
        }

        // ------------------------------------------------------------ helpers

        private MessageStore freshMessages() {
            MessageStore s = messageStores.get();
            s.clear();
            return s;
        }

        private AuthStoreBundle freshAuth() {
            AuthStoreBundle s = authStores.get();
            s.clear();
            return s;
        }

        /** Every stored message, counted chat by chat with the cursor API. */
        private static long countStored(MessageStore s) {
            long count = 0;
            for (String jid : s.listMessageJids()) {
                MessageCursor cursor = null;
                while (true) {
                    ListOptions o = cursor == null ? ListOptions.limit(ListOptions.MAX_LIMIT)
                            : ListOptions.limit(ListOptions.MAX_LIMIT).after(cursor);
                    List<WAMessage> page = s.listMessages(jid, o);
                    count += page.size();
                    if (page.size() < ListOptions.MAX_LIMIT) {
                        break;
                    }
                    cursor = MessageCursor.after(page.get(page.size() - 1));
                }
            }
            return count;
        }

        private Double ratio(long[] lat, long count) {
            if (rawOpsPerSecond == null) {
                return null;
            }
            return (count / (sum(lat) / 1e9)) / rawOpsPerSecond;
        }

        private Op timed(String op, long count, long[] lat, Map<String, Object> checks, boolean ok, Double ratio,
                         String note) {
            double[] pct = percentilesMicros(lat);
            return new Op(adapter, op, count, sum(lat) / 1e9, pct[0], pct[1], checks, ok, ratio, note);
        }

        private boolean expect(String what, long actual, long wanted) {
            if (actual != wanted) {
                failures.add(what + " = " + actual + ", want " + wanted);
                return false;
            }
            return true;
        }

        // ------------------------------------------------------------ output

        private void printDataset(Workload.W2 w2, Workload.Auth authData) {
            String w1 = Workload.sha256Lines(docs.iterator());
            String w2h = Workload.sha256Lines(w2.messages().iterator());
            String pre = Workload.sha256Entries(authData.preKeys());
            String ses = Workload.sha256Entries(authData.sessions());
            String creds = Workload.sha256Lines(List.of(authData.creds()).iterator());
            String note = n < Workload.W1_MESSAGES
                    ? "W1 uses the first " + n + " of " + Workload.W1_MESSAGES + " messages; W3 indices are taken modulo " + n
                    : null;
            if (options.json()) {
                ObjectNode line = BufferJson.object();
                ObjectNode d = line.putObject("dataset");
                d.put("w1_sha256", w1);
                d.put("w2_sha256", w2h);
                d.put("auth_prekeys_sha256", pre);
                d.put("auth_sessions_sha256", ses);
                d.put("creds_sha256", creds);
                d.put("w1_messages", n);
                if (note != null) {
                    d.put("note", note);
                }
                out.println(BufferJson.encodeToString(line));
            } else {
                out.println("standard workload on " + adapter + ": W1 " + n + " messages (sha256 " + w1.substring(0, 12)
                        + "), W2 " + w2.messages().size() + " (" + w2h.substring(0, 12) + "), auth ("
                        + pre.substring(0, 12) + " " + ses.substring(0, 12) + " " + creds.substring(0, 12) + ")");
                if (note != null) {
                    out.println("note: " + note + " (not the standard size)");
                }
                out.println(tableHeader(options.raw()));
            }
            out.flush();
        }

        private void report(Op op) {
            ops.add(op);
            if (options.json()) {
                ObjectNode line = BufferJson.object();
                line.put("adapter", op.adapter());
                line.put("op", op.op());
                line.put("n", op.n());
                line.put("seconds", round(op.seconds(), 6));
                line.put("ops_per_s", round(op.opsPerSecond(), 1));
                if (op.p50() != null) {
                    line.put("p50_us", round(op.p50(), 1));
                    line.put("p99_us", round(op.p99(), 1));
                } else {
                    line.putNull("p50_us");
                    line.putNull("p99_us");
                }
                ObjectNode checks = line.putObject("checks");
                op.checks().forEach((k, v) -> checks.set(k, BufferJson.mapper().valueToTree(v)));
                line.put("ok", op.ok());
                if (op.ratio() != null) {
                    line.put("ratio_to_raw", round(op.ratio(), 4));
                }
                if (op.note() != null) {
                    line.put("note", op.note());
                }
                out.println(BufferJson.encodeToString(line));
            } else {
                out.println(tableRow(op, options.raw()));
            }
            out.flush();
        }

        private static double round(double v, int digits) {
            double f = Math.pow(10, digits);
            return Math.round(v * f) / f;
        }
    }

    // ---------------------------------------------------------------- pure helpers

    static String tableHeader(boolean raw) {
        return String.format(Locale.ROOT, "%-9s %-17s %8s %9s %12s %10s %10s%s  %s", "adapter", "op", "n", "seconds",
                "ops/s", "p50 µs", "p99 µs", raw ? String.format(Locale.ROOT, "%7s", "ratio") : "", "check");
    }

    static String tableRow(Op op, boolean raw) {
        StringBuilder check = new StringBuilder(op.ok() ? "ok" : "FAIL");
        op.checks().forEach((k, v) -> check.append(' ').append(k).append('=').append(v));
        if (op.note() != null) {
            check.append(" (").append(op.note()).append(')');
        }
        String ratio = raw ? String.format(Locale.ROOT, "%7s",
                op.ratio() == null ? "" : String.format(Locale.ROOT, "%.3f", op.ratio())) : "";
        return String.format(Locale.ROOT, "%-9s %-17s %8d %9.3f %,12.0f %10s %10s%s  %s", op.adapter(), op.op(),
                op.n(), op.seconds(), op.opsPerSecond(), micros(op.p50()), micros(op.p99()), ratio, check);
    }

    private static String micros(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    /** Nearest-rank p50 and p99 of nanosecond samples, in microseconds. */
    static double[] percentilesMicros(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return new double[] {nearestRank(s, 50) / 1e3, nearestRank(s, 99) / 1e3};
    }

    /** Nearest rank: the smallest value with at least p% of the samples at or below it. */
    static long nearestRank(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(1, Math.min(rank, sorted.length)) - 1];
    }

    private static long sum(long[] values) {
        long t = 0;
        for (long v : values) {
            t += v;
        }
        return t;
    }

    /**
     * Same JSON value, whatever number node types or key order a backend's decoder produced:
     * both sides go through the codec once.
     */
    static boolean sameJson(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        return BufferJson.decode(BufferJson.encode(a)).equals(BufferJson.decode(BufferJson.encode(b)));
    }

    /** Newest-first order: timestamp, then id, then fromMe, all descending. */
    private static int compareNewestFirst(WAMessage a, WAMessage b) {
        int c = Long.compare(b.timestamp(), a.timestamp());
        if (c != 0) {
            return c;
        }
        c = b.key().id().compareTo(a.key().id());
        if (c != 0) {
            return c;
        }
        return Boolean.compare(b.key().fromMe(), a.key().fromMe());
    }

    private static void gc() {
        System.gc();
    }
}
