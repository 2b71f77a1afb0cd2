package dev.zaileys.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * A scheduled send, stored as the Node original's {@code ScheduledJobRecord}
 * ({@code id}, {@code fireAt} in epoch milliseconds, {@code recipient}, {@code payload}) plus the
 * claim fields of this project ({@code attempts}, {@code claimedBy}, {@code leaseUntil}), which
 * the original ignores.
 */
public final class ScheduledJob extends JsonDocument {

    private ScheduledJob(ObjectNode json, boolean copy) {
        super(json, copy);
        Ids.require(this.json.path("id").isTextual() ? this.json.get("id").textValue() : null, "job id");
        if (!this.json.path("fireAt").canConvertToLong()) {
            throw ZaileysStoreException.invalid("job fireAt must be epoch milliseconds");
        }
    }

    /** A new unclaimed job. */
    public static ScheduledJob create(String id, Instant fireAt, String recipient, JsonNode payload) {
        ObjectNode n = BufferJson.object();
        n.put("id", id);
        n.put("fireAt", fireAt.toEpochMilli());
        n.put("recipient", Ids.require(recipient, "job recipient"));
        n.set("payload", payload == null ? null : payload.deepCopy());
        return new ScheduledJob(n, false);
    }

    public static ScheduledJob of(ObjectNode json) {
        return new ScheduledJob(json, true);
    }

    public static ScheduledJob parse(String json) {
        return new ScheduledJob(parseObject(json, "job"), false);
    }

    static ScheduledJob adopt(ObjectNode json) {
        return new ScheduledJob(json, false);
    }

    public String id() {
        return json.get("id").textValue();
    }

    public Instant fireAt() {
        return Instant.ofEpochMilli(json.get("fireAt").longValue());
    }

    public String recipient() {
        return json.path("recipient").asText();
    }

    /** A copy of the payload (what to send). */
    public JsonNode payload() {
        return json.path("payload").deepCopy();
    }

    /** Sends tried so far. */
    public int attempts() {
        return json.path("attempts").asInt(0);
    }

    /** Who holds the claim, if it is claimed. */
    public Optional<String> claimedBy() {
        return text("claimedBy");
    }

    /** When the current claim runs out; a job whose lease passed is free to claim again. */
    public Optional<Instant> leaseUntil() {
        return field("leaseUntil").filter(JsonNode::canConvertToLong).map(v -> Instant.ofEpochMilli(v.longValue()));
    }

    /** Whether {@code now} may claim this job: it is due and nobody holds a live lease. */
    public boolean claimableAt(Instant now) {
        return !failed() && !fireAt().isAfter(now) && leaseUntil().map(l -> !l.isAfter(now)).orElse(true);
    }

    /** A copy claimed by {@code owner} until {@code until}, its attempts counted one up. */
    public ScheduledJob claimed(String owner, Instant until) {
        ObjectNode n = json.deepCopy();
        n.put("claimedBy", owner);
        n.put("leaseUntil", until.toEpochMilli());
        n.put("attempts", attempts() + 1);
        return new ScheduledJob(n, false);
    }

    /** Whether the scheduler gave up on this job; it stays stored (visible) but is never claimed again. */
    public boolean failed() {
        return json.path("failed").asBoolean(false);
    }

    /** The one-line reason of the last failed send, if any. */
    public Optional<String> lastError() {
        return text("lastError");
    }

    /** A copy given up on: released, marked {@code failed} with the last reason, kept in the store. */
    public ScheduledJob failed(String reason) {
        ObjectNode n = json.deepCopy();
        n.remove("claimedBy");
        n.remove("leaseUntil");
        n.put("failed", true);
        n.put("lastError", reason);
        return new ScheduledJob(n, false);
    }

    /** A copy released for a retry at {@code nextFireAt}, with the failure's one-line reason. */
    public ScheduledJob retryAt(Instant nextFireAt, String reason) {
        ObjectNode n = json.deepCopy();
        n.remove("claimedBy");
        n.remove("leaseUntil");
        n.put("fireAt", nextFireAt.toEpochMilli());
        n.put("lastError", reason);
        return new ScheduledJob(n, false);
    }
}
