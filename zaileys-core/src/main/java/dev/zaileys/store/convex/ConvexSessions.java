package dev.zaileys.store.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.Ids;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.store.SessionCatalog;
import dev.zaileys.store.SessionSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sessions (namespaces) of one Convex deployment: every namespace that holds a row of
 * {@code zaileys_kv}, found by the {@code zaileys:namespaces} function (one index lookup per
 * namespace; redeploy {@code examples/convex/zaileys.ts} to get it). Dropping a namespace deletes
 * its rows in batches ({@code zaileys:clear}), so a drop interrupted half-way leaves some rows:
 * run it again.
 *
 * <pre>{@code
 * try (var sessions = ConvexSessions.of("https://x.convex.cloud")) {
 *     sessions.list().forEach(System.out::println);
 * }
 * }</pre>
 */
public final class ConvexSessions implements SessionCatalog {

    private static final String[] KINDS = {Keys.SIGNAL, Keys.MSG, Keys.CHAT, Keys.CONTACT, Keys.PRESENCE, Keys.JOB};

    private final ConvexClient client;
    private final boolean owned;

    private ConvexSessions(ConvexClient client, boolean owned) {
        this.client = client;
        this.owned = owned;
    }

    /** A catalog on a client of its own (closed with it). A {@code ?namespace=} is ignored. */
    public static ConvexSessions of(String url) {
        return new ConvexSessions(ConvexOptions.of(url, null, null, null).open().client, true);
    }

    /** A catalog on your client, which it never closes. */
    public static ConvexSessions of(ConvexClient client) {
        if (client == null) {
            throw ZaileysStoreException.invalid("client is required");
        }
        return new ConvexSessions(client, false);
    }

    @Override
    public List<String> list() {
        List<String> out = new ArrayList<>();
        String after = null;
        while (true) {
            ObjectNode args = JsonNodeFactory.instance.objectNode().put("limit", Kv.MAX_ITEMS);
            if (after != null) {
                args.put("after", after);
            }
            JsonNode reply = client.query("zaileys:namespaces", args);
            if (reply == null || !reply.path("namespaces").isArray() || !reply.path("isDone").isBoolean()) {
                throw new ZaileysStoreException(Code.STORE_CORRUPTED, "zaileys:namespaces returned " + reply
                        + "; deploy the zaileys.ts of this version");
            }
            reply.get("namespaces").forEach(n -> out.add(n.asText()));
            if (reply.get("isDone").asBoolean()) {
                return out;
            }
            after = reply.path("continueAfter").asText();
        }
    }

    private static String checked(String session) {
        return Ids.requireName(session, "the Convex namespace");
    }

    @Override
    public boolean exists(String session) {
        ObjectNode args = JsonNodeFactory.instance.objectNode().put("namespace", checked(session)).put("prefix", "")
                .put("limit", 1);
        return client.query("zaileys:listKeys", args).path("keys").size() > 0;
    }

    @Override
    public Optional<SessionSummary> summary(String session) {
        if (!exists(session)) {
            return Optional.empty();
        }
        Kv kv = new Kv(client, session, false);
        long[] counts = new long[KINDS.length];
        for (int i = 0; i < KINDS.length; i++) {
            AtomicLong n = new AtomicLong();
            kv.keys(KINDS[i], k -> n.incrementAndGet());
            counts[i] = n.get();
        }
        boolean creds = !kv.get(List.of(Keys.CREDS)).isEmpty();
        return Optional.of(new SessionSummary(session, creds, counts[0], counts[1], counts[2], counts[3], counts[4],
                counts[5]));
    }

    @Override
    public boolean drop(String session) {
        if (!exists(session)) {
            return false;
        }
        Kv kv = new Kv(client, session, false);
        // Clearing the epoch row with the rest also fences an owner that wakes after the drop:
        // its writes expect the epoch it holds, and find none.
        new ConvexLease(kv, epoch -> {}).requireFree();
        kv.clear("");
        return true;
    }

    @Override
    public void close() {
        if (owned) {
            client.close();
        }
    }
}
