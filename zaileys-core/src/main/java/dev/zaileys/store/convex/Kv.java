package dev.zaileys.store.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code zaileys_kv} functions of one namespace, with reply shapes checked (a reply of the
 * wrong shape is {@code STORE_CORRUPTED}) and large calls split into bounded ones.
 *
 * <p>About 400 lines because the calls, the splitting of large values into parts and the reply
 * checks are one protocol with the functions under {@code examples/convex/}, read side by side.
 */
final class Kv {

    /** One row; {@code sortKey} null when the row has none. */
    record Row(String key, String value, Double sortKey) {
        byte[] bytes() {
            return value.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A {@code listPage} position: rows after it have a lower sortKey, or the same and a lower key. */
    record Cursor(double sortKey, String key) {}

    record SortedPage(List<Row> rows, Cursor next, boolean done) {}

    /** Most keys or rows per call: Convex allows 4096 index lookups per call, one per key. */
    static final int MAX_ITEMS = 1000;
    /** Most characters of values per write call, well under Convex's argument and write limits. */
    static final int MAX_CHARS = 4_000_000;
    /**
     * Most characters of a value kept in its own row. A Convex document holds at most 1 MiB, so a
     * longer value (a large app-state-sync-version) is split into part rows of this many
     * characters (at most 3 UTF-8 bytes each) under {@link #PART}, and its row holds only
     * {@link #CHUNKED} and the part count. Part rows sit outside every prefix the stores list.
     */
    static final int MAX_INLINE_CHARS = 300_000;
    static final String CHUNKED = "~zaileys-chunked:";
    static final String PART = "~part:";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final ConvexClient client;
    final String namespace;
    private final boolean owned;

    Kv(ConvexClient client, String namespace, boolean owned) {
        this.client = client;
        this.namespace = namespace;
        this.owned = owned;
    }

    void close() {
        if (owned) {
            client.close();
        }
    }

    // ---- reads ----

    /** The rows of {@code keys} that exist. */
    List<Row> get(Collection<String> keys) {
        return joined(getRaw(keys), null);
    }

    /**
     * The rows of {@code keys} that exist, and in {@code stored} every stored value they were read
     * from (null for a missing key; a long value's head and part rows), for {@link #writeIf}.
     */
    List<Row> get(Collection<String> keys, java.util.Map<String, String> stored) {
        for (String k : keys) {
            stored.put(k, null);
        }
        List<Row> raw = getRaw(keys);
        for (Row r : raw) {
            stored.put(r.key(), r.value());
        }
        return joined(raw, stored);
    }

    private List<Row> getRaw(Collection<String> keys) {
        List<String> all = new ArrayList<>(keys);
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += MAX_ITEMS) {
            ObjectNode args = args();
            ArrayNode arr = args.putArray("keys");
            all.subList(i, Math.min(all.size(), i + MAX_ITEMS)).forEach(arr::add);
            JsonNode reply = client.query("zaileys:get", args);
            for (JsonNode row : array(reply, "zaileys:get")) {
                out.add(row(row, "zaileys:get"));
            }
        }
        return out;
    }

    /** Every row whose key starts with {@code prefix}, ascending by key, page by page. */
    void scan(String prefix, Consumer<Row> each) {
        String after = null;
        while (true) {
            ObjectNode args = args().put("prefix", prefix).put("limit", MAX_ITEMS);
            if (after != null) {
                args.put("after", after);
            }
            JsonNode reply = object(client.query("zaileys:scan", args), "zaileys:scan");
            List<Row> rows = new ArrayList<>();
            for (JsonNode row : array(reply.get("page"), "zaileys:scan")) {
                rows.add(row(row, "zaileys:scan"));
            }
            joined(rows, null).forEach(each);
            if (done(reply, "zaileys:scan")) {
                return;
            }
            after = text(reply.get("continueAfter"), "zaileys:scan");
        }
    }

    /** Every key starting with {@code prefix}, ascending. */
    void keys(String prefix, Consumer<String> each) {
        String after = null;
        while (true) {
            ObjectNode args = args().put("prefix", prefix).put("limit", MAX_ITEMS);
            if (after != null) {
                args.put("after", after);
            }
            JsonNode reply = object(client.query("zaileys:listKeys", args), "zaileys:listKeys");
            for (JsonNode key : array(reply.get("keys"), "zaileys:listKeys")) {
                each.accept(text(key, "zaileys:listKeys"));
            }
            if (done(reply, "zaileys:listKeys")) {
                return;
            }
            after = text(reply.get("continueAfter"), "zaileys:listKeys");
        }
    }

    /** One {@code listPage} call: rows with a sortKey, by sortKey then key descending, after {@code cursor}. */
    SortedPage listPage(String prefix, Cursor cursor, int limit) {
        ObjectNode args = args().put("prefix", prefix).put("limit", Math.max(1, Math.min(MAX_ITEMS, limit)));
        if (cursor != null) {
            args.putObject("cursor").put("sortKey", cursor.sortKey()).put("key", cursor.key());
        }
        JsonNode reply = object(client.query("zaileys:listPage", args), "zaileys:listPage");
        List<Row> rows = new ArrayList<>();
        for (JsonNode row : array(reply.get("page"), "zaileys:listPage")) {
            Row r = row(row, "zaileys:listPage");
            if (r.sortKey() == null) {
                throw shape("zaileys:listPage", "a row without sortKey");
            }
            rows.add(r);
        }
        boolean done = done(reply, "zaileys:listPage");
        Cursor next = null;
        if (!done) {
            JsonNode c = reply.get("continueCursor");
            if (c == null || !c.isObject() || !c.path("sortKey").isNumber() || !c.path("key").isTextual()) {
                throw shape("zaileys:listPage", "no continueCursor while not done");
            }
            next = new Cursor(c.get("sortKey").doubleValue(), c.get("key").textValue());
        }
        return new SortedPage(joined(rows, null), next, done);
    }

    // ---- writes ----

    /**
     * Deletes {@code del}, then upserts {@code set}: one mutation when it fits the per-call bounds
     * (atomic), else bounded chunks (deletes first), each atomic.
     */
    void write(List<Row> set, List<String> del) {
        writeExpanded(expand(set), del);
    }

    private void writeExpanded(List<Row> set, List<String> del) {
        if (set.isEmpty() && del.isEmpty()) {
            return;
        }
        if (set.size() + del.size() <= MAX_ITEMS && chars(set) <= MAX_CHARS) {
            mutate(set, del);
            return;
        }
        for (int i = 0; i < del.size(); i += MAX_ITEMS) {
            mutate(List.of(), del.subList(i, Math.min(del.size(), i + MAX_ITEMS)));
        }
        List<Row> chunk = new ArrayList<>();
        long chars = 0;
        for (Row r : set) {
            if (!chunk.isEmpty() && (chunk.size() >= MAX_ITEMS || chars + r.value().length() > MAX_CHARS)) {
                mutate(chunk, List.of());
                chunk = new ArrayList<>();
                chars = 0;
            }
            chunk.add(r);
            chars += r.value().length();
        }
        if (!chunk.isEmpty()) {
            mutate(chunk, List.of());
        }
    }

    /**
     * Deletes {@code del} and upserts {@code set} only if every key of {@code expect} still holds
     * its value (null: missing), as one {@code applyIf} mutation; false when one did not, and then
     * nothing was written. A write too large for one mutation (only a very large direct
     * {@code saveMessages} call; bound batches fit) checks {@code expect} first, in bounded calls,
     * and then writes as {@link #write} does: a change that lands between those calls is missed.
     */
    boolean writeIf(java.util.Map<String, String> expect, List<Row> set, List<String> del) {
        set = expand(set);
        if (expect.size() + set.size() + del.size() <= MAX_ITEMS && chars(set) + chars(expect.values()) <= MAX_CHARS) {
            return applyIf(expect.entrySet(), set, del);
        }
        List<java.util.Map.Entry<String, String>> all = new ArrayList<>(expect.entrySet());
        for (int i = 0; i < all.size(); i += MAX_ITEMS) {
            List<java.util.Map.Entry<String, String>> part = all.subList(i, Math.min(all.size(), i + MAX_ITEMS));
            if (!applyIf(part, List.of(), List.of())) {
                return false;
            }
        }
        writeExpanded(set, del);
        return true;
    }

    private boolean applyIf(Collection<java.util.Map.Entry<String, String>> expect, List<Row> set, List<String> del) {
        ObjectNode args = args();
        expect(args.putArray("expect"), expect);
        rows(args.putArray("set"), set);
        keys(args.putArray("del"), del);
        JsonNode reply = client.mutation("zaileys:applyIf", args);
        if (!reply.isBoolean()) {
            throw shape("zaileys:applyIf", "not a boolean");
        }
        return reply.booleanValue();
    }

    /** Plain writes use the original's {@code set} / {@code del}, so they also work on its deployments. */
    private void mutate(List<Row> set, List<String> del) {
        ObjectNode args = args();
        if (del.isEmpty()) {
            rows(args.putArray("items"), set);
            expectNull(client.mutation("zaileys:set", args), "zaileys:set");
        } else if (set.isEmpty()) {
            keys(args.putArray("keys"), del);
            expectNull(client.mutation("zaileys:del", args), "zaileys:del");
        } else {
            rows(args.putArray("set"), set);
            keys(args.putArray("del"), del);
            expectNull(client.mutation("zaileys:apply", args), "zaileys:apply");
        }
    }

    /** Deletes every row whose key starts with {@code prefix} (the whole namespace for ""), parts included. */
    void clear(String prefix) {
        clearIf(java.util.Map.of(), prefix);
    }

    /**
     * {@link #clear}, each batch one {@code clearIf} mutation that first checks every key of
     * {@code expect} still holds its value (null: missing); false as soon as one does not, and
     * that batch deleted nothing. An empty {@code expect} clears unconditionally ({@code clear},
     * which the original's deployments have too).
     */
    boolean clearIf(java.util.Map<String, String> expect, String prefix) {
        return clearRows(expect, prefix) && (prefix.isEmpty() || clearRows(expect, PART + prefix));
    }

    private boolean clearRows(java.util.Map<String, String> expect, String prefix) {
        String fn = expect.isEmpty() ? "zaileys:clear" : "zaileys:clearIf";
        while (true) {
            ObjectNode args = args();
            if (!prefix.isEmpty()) {
                args.put("prefix", prefix);
            }
            if (!expect.isEmpty()) {
                expect(args.putArray("expect"), expect.entrySet());
            }
            JsonNode reply = object(client.mutation(fn, args), fn);
            if (!expect.isEmpty()) {
                if (!reply.path("applied").isBoolean()) {
                    throw shape(fn, "no applied");
                }
                if (!reply.get("applied").booleanValue()) {
                    return false;
                }
            }
            if (!reply.path("hasMore").isBoolean()) {
                throw shape(fn, "no hasMore");
            }
            if (!reply.get("hasMore").booleanValue()) {
                return true;
            }
        }
    }

    /** Writes {@code value} (null deletes) when the stored value (null: none) equals {@code expected}. */
    boolean cas(String key, String expected, String value, Double sortKey) {
        ObjectNode args = args().put("key", key);
        args.put("expected", expected);
        args.put("value", value);
        if (sortKey != null && value != null) {
            args.put("sortKey", sortKey);
        }
        JsonNode reply = client.mutation("zaileys:cas", args);
        if (!reply.isBoolean()) {
            throw shape("zaileys:cas", "not a boolean");
        }
        return reply.booleanValue();
    }

    // ---- values longer than one document ----

    /** The rows to write for {@code set}: long values become a head row plus part rows. */
    private static List<Row> expand(List<Row> set) {
        boolean any = false;
        for (Row r : set) {
            any |= r.value().length() > MAX_INLINE_CHARS;
        }
        if (!any) {
            return set;
        }
        List<Row> out = new ArrayList<>();
        for (Row r : set) {
            String v = r.value();
            if (v.length() <= MAX_INLINE_CHARS) {
                out.add(r);
                continue;
            }
            int parts = 0;
            for (int from = 0; from < v.length(); parts++) {
                int to = Math.min(v.length(), from + MAX_INLINE_CHARS);
                if (to < v.length() && Character.isHighSurrogate(v.charAt(to - 1))) {
                    to--; // never split a surrogate pair
                }
                out.add(new Row(partKey(r.key(), parts), v.substring(from, to), null));
                from = to;
            }
            out.add(new Row(r.key(), CHUNKED + parts, r.sortKey()));
        }
        return out;
    }

    static String partKey(String key, int part) {
        return PART + key + "#" + part;
    }

    /**
     * Replaces head rows of chunked values by the whole value (one more {@code get} when there are
     * any); the part rows' stored values go to {@code stored} when it is not null.
     */
    private List<Row> joined(List<Row> rows, java.util.Map<String, String> stored) {
        List<String> partKeys = new ArrayList<>();
        for (Row r : rows) {
            int n = parts(r);
            for (int i = 0; i < n; i++) {
                partKeys.add(partKey(r.key(), i));
            }
        }
        if (partKeys.isEmpty()) {
            return rows;
        }
        java.util.Map<String, String> found = new java.util.HashMap<>();
        for (Row p : getRaw(partKeys)) {
            found.put(p.key(), p.value());
        }
        if (stored != null) {
            for (String k : partKeys) {
                stored.put(k, found.get(k));
            }
        }
        List<Row> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            int n = parts(r);
            if (n == 0) {
                out.add(r);
                continue;
            }
            StringBuilder v = new StringBuilder();
            for (int i = 0; i < n; i++) {
                String part = found.get(partKey(r.key(), i));
                if (part == null) {
                    throw new ZaileysStoreException(Code.STORE_CORRUPTED, "record " + namespace + "/" + r.key()
                            + " is damaged: part " + i + " of " + n + " is missing");
                }
                v.append(part);
            }
            out.add(new Row(r.key(), v.toString(), r.sortKey()));
        }
        return out;
    }

    private static int parts(Row r) {
        if (!r.value().startsWith(CHUNKED)) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(r.value().substring(CHUNKED.length())));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    // ---- JSON helpers ----

    private ObjectNode args() {
        return NODES.objectNode().put("namespace", namespace);
    }

    private static void rows(ArrayNode arr, List<Row> rows) {
        for (Row r : rows) {
            ObjectNode n = arr.addObject().put("key", r.key()).put("value", r.value());
            if (r.sortKey() != null) {
                n.put("sortKey", r.sortKey());
            }
        }
    }

    private static void expect(ArrayNode arr, Collection<java.util.Map.Entry<String, String>> expect) {
        for (java.util.Map.Entry<String, String> e : expect) {
            arr.addObject().put("key", e.getKey()).put("value", e.getValue());
        }
    }

    private static void keys(ArrayNode arr, List<String> keys) {
        keys.forEach(arr::add);
    }

    private static long chars(List<Row> rows) {
        long n = 0;
        for (Row r : rows) {
            n += r.value().length();
        }
        return n;
    }

    private static long chars(Collection<String> values) {
        long n = 0;
        for (String v : values) {
            n += v == null ? 0 : v.length();
        }
        return n;
    }

    private Row row(JsonNode n, String fn) {
        if (n == null || !n.isObject() || !n.path("key").isTextual() || !n.path("value").isTextual()) {
            throw shape(fn, "a row without string key and value");
        }
        JsonNode sk = n.get("sortKey");
        if (sk != null && !sk.isNull() && !sk.isNumber()) {
            throw shape(fn, "a row whose sortKey is not a number");
        }
        return new Row(n.get("key").textValue(), n.get("value").textValue(), sk == null || sk.isNull() ? null : sk.doubleValue());
    }

    private JsonNode array(JsonNode n, String fn) {
        if (n == null || !n.isArray()) {
            throw shape(fn, "not an array");
        }
        return n;
    }

    private JsonNode object(JsonNode n, String fn) {
        if (n == null || !n.isObject()) {
            throw shape(fn, "not an object");
        }
        return n;
    }

    private boolean done(JsonNode reply, String fn) {
        if (!reply.path("isDone").isBoolean()) {
            throw shape(fn, "no isDone");
        }
        return reply.get("isDone").booleanValue();
    }

    private String text(JsonNode n, String fn) {
        if (n == null || !n.isTextual()) {
            throw shape(fn, "a missing string");
        }
        return n.textValue();
    }

    private void expectNull(JsonNode reply, String fn) {
        if (reply != null && !reply.isNull()) {
            throw shape(fn, "a value where none was expected");
        }
    }

    private ZaileysStoreException shape(String fn, String problem) {
        return new ZaileysStoreException(Code.STORE_CORRUPTED, fn + " (namespace " + namespace + ") replied with " + problem
                + "; are the deployed functions those of examples/convex/zaileys.ts?");
    }
}
