package dev.zaileys.baileys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.socket.SignalKeyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The driver's {@code keys.get} / {@code keys.set} calls, answered from a {@link SignalKeyStore}. */
final class KeyCalls {

    private KeyCalls() {}

    /** {@code {type, ids}} to {@code {id: value}} of the ids stored. */
    static JsonNode get(SignalKeyStore keys, JsonNode args) {
        String type = args.path("type").asText();
        List<String> ids = new ArrayList<>();
        args.path("ids").forEach(id -> ids.add(id.asText()));
        ObjectNode out = BufferJson.object();
        keys.get(type, ids).forEach(out::set);
        return out;
    }

    /**
     * {@code {data: {type: {id: value | null}}}}, written as one atomic set; returns only once
     * the store has it, so the reply the driver waits for is the durability acknowledgement.
     */
    static void set(SignalKeyStore keys, JsonNode args) {
        Map<String, Map<String, JsonNode>> data = new LinkedHashMap<>();
        args.path("data").fields().forEachRemaining(type -> {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            type.getValue().fields().forEachRemaining(v -> values.put(v.getKey(), v.getValue().isNull() ? null : v.getValue()));
            data.put(type.getKey(), values);
        });
        keys.set(data);
    }
}
