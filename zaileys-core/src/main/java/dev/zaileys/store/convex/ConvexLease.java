package dev.zaileys.store.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.store.LeaseHolder;
import dev.zaileys.store.internal.AbstractSessionLease;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * A namespace's lease through the {@code zaileys:lease*} functions of {@code examples/convex}:
 * each primitive is one mutation, expiring by the deployment's clock. Fenced auth writes go
 * through {@code applyIf} expecting the epoch row ({@link #fencedWrite}), a fenced clear through
 * {@code clearIf} ({@link #fencedClear}).
 */
final class ConvexLease extends AbstractSessionLease {

    /** The rows the functions keep, in the namespace beside the session's own rows. */
    static final String EPOCH_KEY = "zaileys-lease-epoch";

    private final Kv kv;

    ConvexLease(Kv kv, LongConsumer fence) {
        super(fence, "namespace '" + kv.namespace + "'");
        this.kv = kv;
    }

    @Override
    protected Attempt tryAcquire(LeaseHolder me, Duration ttl) {
        JsonNode r = kv.client.mutation("zaileys:leaseAcquire", args().put("owner", me.owner()).put("holder", encode(me))
                .put("ttlMs", ttl.toMillis()));
        if (r.path("acquired").asBoolean(false) && r.path("epoch").canConvertToLong()) {
            return Attempt.taken(r.get("epoch").asLong());
        }
        if (!r.path("holder").isTextual()) {
            throw shape("zaileys:leaseAcquire");
        }
        return Attempt.heldBy(decode(r.get("holder").textValue(), "zaileys-lease of " + kv.namespace));
    }

    @Override
    protected boolean tryRenew(LeaseHolder me, long epoch, Duration ttl) {
        JsonNode r = kv.client.mutation("zaileys:leaseRenew", args().put("owner", me.owner()).put("holder", encode(me))
                .put("epoch", epoch).put("ttlMs", ttl.toMillis()));
        if (!r.isBoolean()) {
            throw shape("zaileys:leaseRenew");
        }
        return r.booleanValue();
    }

    @Override
    protected void free(LeaseHolder me, long epoch) {
        kv.client.mutation("zaileys:leaseRelease", args().put("owner", me.owner()).put("epoch", epoch));
    }

    @Override
    protected Optional<LeaseHolder> current() {
        JsonNode r = kv.client.query("zaileys:leaseHolder", args());
        return r.isTextual() ? Optional.of(decode(r.textValue(), "zaileys-lease of " + kv.namespace)) : Optional.empty();
    }

    /** Writes as {@link Kv#write} does, or, for a lease holder, only while the stored epoch is still {@code mine}. */
    void fencedWrite(long mine, List<Kv.Row> set, List<String> del) {
        if (mine == 0) {
            kv.write(set, del);
        } else if (!kv.writeIf(Map.of(EPOCH_KEY, Long.toString(mine)), set, del)) {
            throw fenced(mine, storedEpoch());
        }
    }

    /**
     * Clears the rows under each of {@code prefixes} as {@link Kv#clear} does, or, for a lease
     * holder, each batch only while the stored epoch is still {@code mine} (checked inside the
     * batch's own mutation): once the lease was taken over not one more row goes.
     */
    void fencedClear(long mine, String... prefixes) {
        for (String prefix : prefixes) {
            if (mine == 0) {
                kv.clear(prefix);
            } else if (!kv.clearIf(Map.of(EPOCH_KEY, Long.toString(mine)), prefix)) {
                throw fenced(mine, storedEpoch());
            }
        }
    }

    private long storedEpoch() {
        return kv.get(List.of(EPOCH_KEY)).stream().findFirst().map(r -> Long.parseLong(r.value())).orElse(-1L);
    }

    private ObjectNode args() {
        return JsonNodeFactory.instance.objectNode().put("namespace", kv.namespace);
    }

    private static ZaileysStoreException shape(String fn) {
        return new ZaileysStoreException(Code.STORE_INCOMPATIBLE, fn + " answered in an unexpected shape; deploy the "
                + "zaileys.ts of this version (examples/convex), which has the lease functions");
    }
}
