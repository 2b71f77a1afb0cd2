package dev.zaileys.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An integrity check of a session (DESIGN 10.5): every record is read and decoded, and the creds
 * are checked for what a connection needs. Call it at start-up to fail fast instead of re-pairing:
 *
 * <pre>{@code
 * List<String> problems = SessionCheck.check(auth);
 * if (!problems.isEmpty()) throw new IllegalStateException(String.join("; ", problems));
 * }</pre>
 *
 * <p>Problems are lines a person can act on, naming the record; never key material. Only a damaged
 * record ({@code STORE_CORRUPTED}) is a problem: an unreachable backend still throws.
 */
public final class SessionCheck {

    private static final int BATCH = 500;
    private static final int PAGE = 1000;

    /** What was read and what is wrong. {@code counts}: records per kind, in reading order. */
    public record Result(Map<String, Long> counts, List<String> problems) {

        public Result {
            counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
            problems = List.copyOf(problems);
        }

        public boolean healthy() {
            return problems.isEmpty();
        }
    }

    private SessionCheck() {}

    /** The problems of a session store (empty when healthy). */
    public static List<String> check(AuthStoreBundle auth) {
        return run(auth, null).problems();
    }

    /**
     * Reads every creds and Signal record of {@code auth} and, when {@code messages} is given, every
     * chat, contact, presence, job and message (paging each chat with the cursor). Either may be null.
     */
    public static Result run(AuthStoreBundle auth, MessageStore messages) {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (auth != null) {
            checkAuth(auth, counts, problems);
        }
        if (messages != null) {
            checkHistory(messages, counts, problems);
        }
        return new Result(counts, problems);
    }

    private static void checkAuth(AuthStoreBundle auth, Map<String, Long> counts, List<String> problems) {
        AuthCreds creds = decoded(auth::readCreds, "creds", problems).flatMap(o -> o).orElse(null);
        counts.put("creds", creds == null ? 0L : 1L);
        // A damaged index (a key of the wrong type) is one problem more, not the end of the check.
        Map<String, List<String>> ids = decoded(auth::listKeyIds, "Signal key index", problems).orElseGet(java.util.TreeMap::new);
        Map<String, JsonNode> preKeys = new LinkedHashMap<>();
        ids.forEach((type, list) -> {
            counts.put("signal " + type, (long) list.size());
            for (int from = 0; from < list.size(); from += BATCH) {
                List<String> batch = list.subList(from, Math.min(list.size(), from + BATCH));
                Map<String, JsonNode> values = decoded(() -> auth.read(type, batch), null, null).orElse(null);
                if (values == null) {
                    // Some record of the batch is damaged: read one by one to name every bad one.
                    values = new LinkedHashMap<>();
                    for (String id : batch) {
                        decoded(() -> auth.read(type, List.of(id)), type + "/" + id, problems).ifPresent(values::putAll);
                    }
                }
                if (type.equals(SignalTypes.PRE_KEY)) {
                    preKeys.putAll(values);
                }
            }
        });
        if (creds == null) {
            if (problems.stream().noneMatch(p -> p.startsWith("creds"))) {
                problems.add("creds: none stored" + (ids.isEmpty() ? " (an empty session)"
                        : " although Signal keys are (the session cannot connect without its creds)"));
            }
        } else {
            checkCreds(creds.toJson(), problems);
        }
        preKeys.forEach((id, v) -> {
            if (!id.matches("\\d{1,10}")) {
                problems.add("pre-key/" + id + ": the id is not a number");
            }
            keyPair(v, "pre-key/" + id, problems);
        });
    }

    private static void checkCreds(JsonNode c, List<String> problems) {
        keyPair(c.get("noiseKey"), "creds.noiseKey", problems);
        keyPair(c.get("signedIdentityKey"), "creds.signedIdentityKey", problems);
        JsonNode spk = c.get("signedPreKey");
        if (spk == null || !spk.isObject()) {
            problems.add("creds.signedPreKey: missing");
        } else {
            keyPair(spk.get("keyPair"), "creds.signedPreKey.keyPair", problems);
            if (binaryLength(spk.get("signature")) != 64) {
                problems.add("creds.signedPreKey.signature: missing or not 64 bytes");
            }
            if (!spk.path("keyId").isIntegralNumber()) {
                problems.add("creds.signedPreKey.keyId: missing or not a number");
            }
        }
        if (!c.path("registrationId").isIntegralNumber()) {
            problems.add("creds.registrationId: missing or not a number");
        }
        JsonNode next = c.get("nextPreKeyId");
        JsonNode firstUnuploaded = c.get("firstUnuploadedPreKeyId");
        if (next == null || !next.isIntegralNumber() || firstUnuploaded == null || !firstUnuploaded.isIntegralNumber()) {
            problems.add("creds.nextPreKeyId / firstUnuploadedPreKeyId: missing or not numbers");
        } else if (firstUnuploaded.asLong() > next.asLong()) {
            problems.add("creds.firstUnuploadedPreKeyId (" + firstUnuploaded.asLong() + ") is above nextPreKeyId ("
                    + next.asLong() + ")");
        }
        if (c.path("registered").asBoolean(false) && c.path("me").path("id").textValue() == null) {
            problems.add("creds.me.id: missing although registered is true");
        }
    }

    /** A Curve25519 key pair: {@code private} and {@code public}, 32 bytes each. */
    private static void keyPair(JsonNode pair, String what, List<String> problems) {
        if (pair == null || !pair.isObject()) {
            problems.add(what + ": missing");
        } else if (binaryLength(pair.get("private")) != 32 || binaryLength(pair.get("public")) != 32) {
            problems.add(what + ": private and public must be 32-byte binaries");
        }
    }

    private static int binaryLength(JsonNode n) {
        return n != null && n.isBinary() ? ((com.fasterxml.jackson.databind.node.BinaryNode) n).binaryValue().length : -1;
    }

    private static void checkHistory(MessageStore store, Map<String, Long> counts, List<String> problems) {
        counts.put("chats", decoded(store::listChats, "chats", problems).map(l -> (long) l.size()).orElse(0L));
        counts.put("contacts", decoded(store::listContacts, "contacts", problems).map(l -> (long) l.size()).orElse(0L));
        counts.put("presence", decoded(store::listPresences, "presence", problems).map(m -> (long) m.size()).orElse(0L));
        counts.put("jobs", decoded(store::listScheduledJobs, "jobs", problems).map(l -> (long) l.size()).orElse(0L));
        long messages = 0;
        for (String jid : decoded(store::listMessageJids, "chat list", problems).orElse(List.of())) {
            ListOptions page = ListOptions.limit(PAGE);
            while (true) {
                ListOptions current = page;
                List<WAMessage> got = decoded(() -> store.listMessages(jid, current), "messages of " + jid, problems)
                        .orElse(null);
                if (got == null) {
                    break; // the rest of this chat cannot be paged past the damaged record
                }
                messages += got.size();
                if (got.size() < PAGE) {
                    break;
                }
                page = ListOptions.limit(PAGE).after(MessageCursor.after(got.get(got.size() - 1)));
            }
        }
        counts.put("messages", messages);
    }

    /**
     * The call's result, or empty when it hit a damaged record: then, when {@code what} is given, a
     * problem line is added. Anything but {@code STORE_CORRUPTED} propagates.
     */
    private static <T> java.util.Optional<T> decoded(Supplier<T> call, String what, List<String> problems) {
        try {
            return java.util.Optional.of(call.get());
        } catch (ZaileysStoreException e) {
            if (e.code() != Code.STORE_CORRUPTED) {
                throw e;
            }
            if (what != null) {
                problems.add(what + ": " + e.getMessage());
            }
            return java.util.Optional.empty();
        }
    }
}
