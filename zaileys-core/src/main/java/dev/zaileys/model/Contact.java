package dev.zaileys.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** A Baileys {@code Contact} kept whole. */
public final class Contact extends JsonDocument {

    private Contact(ObjectNode json, boolean copy) {
        super(json, copy);
        Ids.require(this.json.path("id").isTextual() ? this.json.get("id").textValue() : null, "contact id");
    }

    public static Contact of(ObjectNode json) {
        return new Contact(json, true);
    }

    public static Contact parse(String json) {
        return new Contact(parseObject(json, "contact"), false);
    }

    static Contact adopt(ObjectNode json) {
        return new Contact(json, false);
    }

    public String id() {
        return json.get("id").textValue();
    }

    /** The name saved in the address book. */
    public Optional<String> name() {
        return text("name");
    }

    /** The name the contact set for themselves. */
    public Optional<String> notifyName() {
        return text("notify");
    }
}
