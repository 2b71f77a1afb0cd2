package dev.zaileys.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalLong;

/** Reads a Baileys timestamp: a number, a numeric string, or a protobuf {@code {low, high, unsigned}} long. */
public final class Timestamps {

    private Timestamps() {}

    public static OptionalLong read(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return OptionalLong.empty();
        }
        if (v.isNumber()) {
            return OptionalLong.of(v.longValue());
        }
        if (v.isTextual()) {
            String s = v.textValue().trim();
            try {
                return OptionalLong.of(Long.parseLong(s));
            } catch (NumberFormatException e) {
                try {
                    return OptionalLong.of((long) Double.parseDouble(s));
                } catch (NumberFormatException notNumeric) {
                    return OptionalLong.empty();
                }
            }
        }
        if (v.isObject() && v.has("low")) {
            long low = v.path("low").asLong() & 0xFFFFFFFFL;
            long high = v.path("high").asLong();
            return OptionalLong.of((high << 32) | low);
        }
        return OptionalLong.empty();
    }
}
