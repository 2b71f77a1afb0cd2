package dev.zaileys.socket;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A small thread-safe {@link EventStream} that sockets (and tests) emit through. */
public final class EventEmitter implements EventStream {

    private final Map<String, List<Consumer<JsonNode>>> listeners = new ConcurrentHashMap<>();

    @Override
    public Subscription on(String event, Consumer<JsonNode> listener) {
        List<Consumer<JsonNode>> list = listeners.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>());
        list.add(listener);
        return () -> list.remove(listener);
    }

    /** Delivers {@code payload} to every listener of {@code event}, in subscription order. */
    public void emit(String event, JsonNode payload) {
        for (Consumer<JsonNode> l : listeners.getOrDefault(event, List.of())) {
            l.accept(payload);
        }
    }

    /** How many listeners {@code event} has (for tests and diagnostics). */
    public int listenerCount(String event) {
        return listeners.getOrDefault(event, List.of()).size();
    }
}
