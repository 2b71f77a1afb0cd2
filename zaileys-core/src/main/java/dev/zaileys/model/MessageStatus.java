package dev.zaileys.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.OptionalInt;

/** Baileys' {@code proto.WebMessageInfo.Status}, which only ever moves forward. */
final class MessageStatus {

    private static final List<String> NAMES = List.of("ERROR", "PENDING", "SERVER_ACK", "DELIVERY_ACK", "READ", "PLAYED");

    private MessageStatus() {}

    static OptionalInt of(JsonNode v) {
        if (v == null || v.isNull()) {
            return OptionalInt.empty();
        }
        if (v.isNumber()) {
            return OptionalInt.of(v.intValue());
        }
        if (v.isTextual()) {
            int i = NAMES.indexOf(v.textValue());
            if (i >= 0) {
                return OptionalInt.of(i);
            }
            try {
                return OptionalInt.of(Integer.parseInt(v.textValue()));
            } catch (NumberFormatException e) {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }
}
