package dev.zaileys.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Map;

/** Reads and writes of Signal keys beneath the transaction layer. */
interface KeyAccess {

    Map<String, JsonNode> get(String type, Collection<String> ids);

    void set(Map<String, ? extends Map<String, ? extends JsonNode>> data);

    /** Forgets anything cached (after the auth store was cleared). */
    void invalidate();
}
