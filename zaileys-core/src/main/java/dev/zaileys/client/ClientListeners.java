package dev.zaileys.client;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.socket.EventStream;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The listeners of one client. Every part of the client (connection, creds, binding, scheduler)
 * reports through here, so a failing listener is logged in one place and never breaks the part
 * that raised the event.
 */
final class ClientListeners {

    private final String sessionId;
    private final Logger log;
    private final List<Listener<?>> listeners = new CopyOnWriteArrayList<>();

    private record Listener<E extends ClientEvent>(Class<E> type, Consumer<? super E> action) {
        void offer(ClientEvent e) {
            if (type.isInstance(e)) {
                action.accept(type.cast(e));
            }
        }
    }

    ClientListeners(String sessionId, Logger log) {
        this.sessionId = sessionId;
        this.log = log;
    }

    <E extends ClientEvent> EventStream.Subscription add(Class<E> type, Consumer<? super E> listener) {
        Listener<E> l = new Listener<>(Objects.requireNonNull(type, "type"), Objects.requireNonNull(listener, "listener"));
        listeners.add(l);
        return () -> listeners.remove(l);
    }

    void emit(ClientEvent e) {
        for (Listener<?> l : listeners) {
            try {
                l.offer(e);
            } catch (RuntimeException failure) {
                log.warn("[{}] a {} listener failed", sessionId, e.getClass().getSimpleName(), failure);
            }
        }
    }

    /** A background store failure: logged and raised as a {@link ClientEvent.StoreError}. */
    void storeFailed(ZaileysStoreException e, int pending, boolean willRetry) {
        log.warn("[{}] store error ({} pending, {}): {}", sessionId, pending, willRetry ? "will retry" : "not retried",
                e.getMessage());
        emit(new ClientEvent.StoreError(sessionId, e, pending, willRetry));
    }
}
