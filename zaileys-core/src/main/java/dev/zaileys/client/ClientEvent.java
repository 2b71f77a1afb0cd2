package dev.zaileys.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.socket.DisconnectReason;
import dev.zaileys.socket.WASocket;
import java.time.Duration;

/** What a {@link Client} tells its listeners. Every event names the client's session. */
public sealed interface ClientEvent {

    String sessionId();

    /** A pairing QR to show (its text; render it with any QR library). */
    record Qr(String sessionId, String qr) implements ClientEvent {}

    /** The connection is open, logged in as {@code me}. */
    record Connected(String sessionId, WASocket.User me) implements ClientEvent {}

    /**
     * The connection closed.
     *
     * @param statusCode Baileys' status code ({@code lastDisconnect.error.statusCode})
     * @param loggedOut whether the session was logged out (its auth store was then cleared)
     * @param willReconnect whether the client connects again by itself
     */
    record Disconnected(String sessionId, int statusCode, DisconnectReason reason, String message,
                        boolean loggedOut, boolean willReconnect) implements ClientEvent {}

    /** The client will open a new connection after {@code delay} (attempt counts from 1). */
    record Reconnecting(String sessionId, int attempt, Duration delay) implements ClientEvent {}

    /**
     * A store failed in the background (bound writes, creds persistence, the scheduler).
     *
     * @param pending operations waiting on it
     * @param willRetry whether the work is retried (nothing is lost); false when it was refused
     */
    record StoreError(String sessionId, ZaileysStoreException error, int pending, boolean willRetry)
            implements ClientEvent {}

    /** The scheduler gave up on a job after its last attempt; the job stays stored, marked failed. */
    record ScheduleFailed(String sessionId, ScheduledJob job, String reason) implements ClientEvent {}

    /** A scheduled job was sent (and deleted from the store). */
    record ScheduleSent(String sessionId, ScheduledJob job) implements ClientEvent {}

    /**
     * The session's lease was lost (taken over by another process after this one stalled, or not
     * renewable for a whole TTL): the client closed its socket and stopped; this process no
     * longer owns the session, and its auth writes are refused by the backend.
     *
     * @param epoch the fencing epoch this client held
     */
    record LeaseLost(String sessionId, long epoch, String reason) implements ClientEvent {}

    /** A raw socket event, Baileys-named, with its payload (do not modify it). */
    record SocketEvent(String sessionId, String name, JsonNode payload) implements ClientEvent {}
}
