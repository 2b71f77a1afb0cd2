package dev.zaileys.socket;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.model.WAMessage;
import java.util.Optional;

/**
 * A WhatsApp Web connection shaped like Baileys' socket: an event stream with Baileys' event
 * names and payloads ({@link BaileysEvents}), the logged-in {@link #user()}, sending and logging
 * out. A socket connects once; after its {@code connection: "close"} update it is done and the
 * client asks its {@link SocketFactory} for a new one.
 *
 * <p>The socket reads and writes its session only through the {@link AuthenticationState} it
 * was created with: creds changes are announced as {@code creds.update}, Signal keys go through
 * the state's {@link SignalKeyStore}.
 */
public interface WASocket {

    /**
     * Begins connecting. The socket emits nothing before this call, so listeners attached
     * between {@link SocketFactory#create} and {@code start()} miss no event. Called once.
     */
    void start();

    /** Baileys' {@code sock.ev}. Events are emitted on the socket's own thread, in order. */
    EventStream ev();

    /** The account this socket is logged in as, once the connection is open. */
    Optional<User> user();

    /**
     * Sends a message ({@code content} is Baileys' {@code AnyMessageContent}, e.g.
     * {@code {"text": "hi"}}) and returns it as stored ({@code WAMessage}). Throws when the
     * socket is not open or the send fails; the caller decides whether to retry.
     */
    WAMessage sendMessage(String jid, JsonNode content);

    /** Logs this device out; the socket then closes with {@link DisconnectReason#LOGGED_OUT}. */
    void logout();

    /** Closes the connection without logging out; {@code reason} may be null. Idempotent. */
    void end(Throwable reason);

    /** The logged-in account ({@code sock.user}). */
    record User(String id, String name) {
        public User {
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException("user id must not be empty");
            }
        }
    }
}
