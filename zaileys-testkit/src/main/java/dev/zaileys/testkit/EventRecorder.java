package dev.zaileys.testkit;

import dev.zaileys.client.Client;
import dev.zaileys.client.ClientEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Records a client's events and lets a test wait for one (no sleeps). */
public final class EventRecorder {

    private final List<ClientEvent> events = new ArrayList<>();

    public EventRecorder(Client client) {
        client.on(ClientEvent.class, this::record);
    }

    private synchronized void record(ClientEvent e) {
        if (!(e instanceof ClientEvent.SocketEvent)) {
            events.add(e);
            notifyAll();
        }
    }

    public synchronized <E extends ClientEvent> List<E> all(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <E extends ClientEvent> E await(Class<E> type) {
        return await(type, e -> true, 1);
    }

    /** Waits (at most 20 s) until {@code count} events of {@code type} match; returns the last. */
    public synchronized <E extends ClientEvent> E await(Class<E> type, Predicate<? super E> match, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<E> found = all(type).stream().filter(match).toList();
            if (found.size() >= count) {
                return found.get(count - 1);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out waiting for " + count + " " + type.getSimpleName() + " events; saw "
                        + events);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
