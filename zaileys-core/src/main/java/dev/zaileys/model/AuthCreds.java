package dev.zaileys.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** Baileys' {@code AuthenticationCreds} ({@code creds.json}) kept whole. Secret: never log it. */
public final class AuthCreds extends JsonDocument {

    private AuthCreds(ObjectNode json, boolean copy) {
        super(json, copy);
    }

    public static AuthCreds of(ObjectNode json) {
        return new AuthCreds(json, true);
    }

    public static AuthCreds parse(String json) {
        return new AuthCreds(parseObject(json, "creds"), false);
    }

    static AuthCreds adopt(ObjectNode json) {
        return new AuthCreds(json, false);
    }

    /** The logged-in account's jid ({@code me.id}), present once paired. */
    public Optional<String> meId() {
        return Optional.ofNullable(json.path("me").path("id").textValue());
    }

    public boolean registered() {
        return json.path("registered").asBoolean(false);
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "AuthCreds{me=" + meId().orElse("-") + ", registered=" + registered() + "}";
    }
}
