package dev.zaileys.socket;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;

/**
 * Baileys' {@code sock.ev}: named events with Baileys-shaped JSON payloads (see
 * {@link BaileysEvents} for the names and shapes). Listeners run on the emitting thread.
 */
public interface EventStream {

    /** Subscribes; closing the returned handle unsubscribes. */
    Subscription on(String event, Consumer<JsonNode> listener);

    /** A subscription; {@link #close()} is idempotent. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
