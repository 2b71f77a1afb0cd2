package dev.zaileys.store.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.testkit.DurableAuthStoreContract;
import dev.zaileys.testkit.Fixtures;
import java.util.Base64;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The auth contract through the encrypting decorator, plus what encryption promises. Subclasses
 * choose the inner store.
 */
abstract class EncryptedAuthStoreTest extends DurableAuthStoreContract<EncryptedAuthStore> {

    static final byte[] K1 = key(1);
    static final byte[] K2 = key(2);

    private final Map<EncryptedAuthStore, AuthStoreBundle> inners = new IdentityHashMap<>();

    /** A fresh, empty inner store. */
    protected abstract AuthStoreBundle newInner();

    /** A new instance over the same data as {@code inner}, or {@code inner} itself (then it is shared, not owned). */
    protected abstract AuthStoreBundle reopenInner(AuthStoreBundle inner);

    /** Everything the backend holds for {@code inner}, as text (files, rows...). */
    protected String rawText(AuthStoreBundle inner) {
        StringBuilder sb = new StringBuilder();
        inner.readCreds().ifPresent(c -> sb.append(c.toJsonString()));
        inner.listKeyIds().forEach((type, ids) ->
                inner.read(type, ids).values().forEach(v -> sb.append(BufferJson.encodeToString(v))));
        return sb.toString();
    }

    static byte[] key(int seed) {
        byte[] k = new byte[32];
        new java.util.Random(seed * 7919L).nextBytes(k);
        return k;
    }

    private EncryptedAuthStore wrapped(AuthStoreBundle inner, Consumer<EncryptedAuthStore.Builder> options) {
        EncryptedAuthStore.Builder b = EncryptedAuthStore.builder().inner(inner).scope("session-1").key("k1", K1);
        options.accept(b);
        EncryptedAuthStore s = b.build();
        inners.put(s, inner);
        return s;
    }

    @Override
    protected EncryptedAuthStore newStore() {
        return wrapped(newInner(), b -> {});
    }

    @Override
    protected EncryptedAuthStore reopen(EncryptedAuthStore store) {
        AuthStoreBundle again = reopenInner(inner(store));
        return wrapped(again, b -> b.ownsInner(again != inner(store)));
    }

    /** Damages the record the way an attacker or a bad disk would: one flipped bit of the ciphertext. */
    @Override
    protected boolean corrupt(EncryptedAuthStore store, String type, String id) {
        AuthStoreBundle inner = inner(store);
        if (type == null) {
            ObjectNode env = inner.readCreds().orElseThrow().toJson();
            flip(env, "ct", 5);
            inner.writeCreds(AuthCreds.of(env));
        } else {
            ObjectNode env = (ObjectNode) inner.read(type, List.of(id)).get(id);
            flip(env, "ct", 5);
            inner.write(Map.of(type, Map.of(id, env)));
        }
        return true;
    }

    AuthStoreBundle inner(EncryptedAuthStore s) {
        return inners.get(s);
    }

    private static byte[] bin(JsonNode n) {
        return ((BinaryNode) n).binaryValue();
    }

    private static void flip(ObjectNode env, String field, int at) {
        byte[] b = ((BinaryNode) env.get(field)).binaryValue().clone();
        b[at] ^= 0x01;
        env.set(field, BinaryNode.valueOf(b));
    }

    private void writeFixture(AuthStoreBundle s) {
        s.writeCreds(Fixtures.creds());
        for (ObjectNode line : Fixtures.signalLines()) {
            s.write(set(line.get("type").asText(), line.get("id").asText(), line.get("value")));
        }
    }

    private static void assertCorrupted(ThrowingCallable call, String record) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ZaileysStoreException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(Code.STORE_CORRUPTED);
            assertThat(e.getMessage()).contains(record);
            for (byte[] k : List.of(K1, K2)) {
                assertThat(e.getMessage()).doesNotContain(Base64.getEncoder().encodeToString(k))
                        .doesNotContain(HexFormat.of().formatHex(k));
            }
            assertThat(e.getCause()).isNull();
        });
    }

    @Test
    void theInnerStoreHoldsOnlyEnvelopes() {
        writeFixture(store);
        AuthStoreBundle inner = inner(store);
        ObjectNode creds = inner.readCreds().orElseThrow().toJson();
        assertThat(creds.fieldNames()).toIterable().containsExactly("zaileys-enc", "kid", "iv", "ct");
        assertThat(creds.get("kid").asText()).isEqualTo("k1");
        assertThat(bin(creds.get("iv"))).hasSize(12);
        inner.listKeyIds().forEach((type, ids) -> inner.read(type, ids).forEach((id, v) ->
                assertThat(v.has("zaileys-enc")).as(type + "/" + id).isTrue()));

        String raw = rawText(inner);
        byte[] noisePrivate = bin(Fixtures.creds().toJson().get("noiseKey").get("private"));
        assertThat(raw).doesNotContain(Base64.getEncoder().encodeToString(noisePrivate))
                .doesNotContain("noiseKey").doesNotContain("registered")
                .doesNotContain(Base64.getEncoder().encodeToString(K1)).doesNotContain(HexFormat.of().formatHex(K1));
        Fixtures.signalState().forEach((type, values) -> values.values().forEach(v -> {
            if (v.isObject() && v.has("private")) {
                assertThat(raw).doesNotContain(Base64.getEncoder().encodeToString(bin(v.get("private"))));
            }
        }));
    }

    @Test
    void aWrongKeyIsCorruptedAndTheMessageHoldsNoKey() {
        writeFixture(store);
        EncryptedAuthStore other = track(EncryptedAuthStore.builder().inner(inner(store)).scope("session-1").key("k1", K2)
                .ownsInner(false).build());
        assertCorrupted(other::readCreds, "creds");
        assertCorrupted(() -> other.read("pre-key", List.of("1")), "pre-key/1");
        EncryptedAuthStore unknown = track(EncryptedAuthStore.builder().inner(inner(store)).scope("session-1").key("k9", K2)
                .ownsInner(false).build());
        assertCorrupted(() -> unknown.read("pre-key", List.of("1")), "'k1', which was not supplied");
    }

    @Test
    void aValueMovedToAnotherIdTypeOrSessionFails() {
        writeFixture(store);
        AuthStoreBundle inner = inner(store);
        JsonNode preKey1 = inner.read("pre-key", List.of("1")).get("1");
        inner.write(Map.of("pre-key", Map.of("2", preKey1), "session", Map.of("1", preKey1)));
        assertCorrupted(() -> store.read("pre-key", List.of("2")), "pre-key/2");
        assertCorrupted(() -> store.read("session", List.of("1")), "session/1");
        assertThat(store.read("pre-key", List.of("1"))).hasSize(1);

        ObjectNode credsEnv = inner.readCreds().orElseThrow().toJson();
        inner.write(Map.of("creds", Map.of("x", credsEnv)));
        assertCorrupted(() -> store.read("creds", List.of("x")), "creds/x");
        inner.writeCreds(AuthCreds.of((ObjectNode) preKey1));
        assertCorrupted(store::readCreds, "creds");

        EncryptedAuthStore otherSession = track(EncryptedAuthStore.builder().inner(inner).scope("session-2").key("k1", K1)
                .ownsInner(false).build());
        assertCorrupted(() -> otherSession.read("pre-key", List.of("1")), "pre-key/1");
    }

    @Test
    void tamperingIsCorrupted() {
        store.write(set("session", "a.0", bytes(64, 1)));
        ObjectNode env = (ObjectNode) inner(store).read("session", List.of("a.0")).get("a.0");
        ObjectNode badIv = env.deepCopy();
        flip(badIv, "iv", 0);
        ObjectNode badTag = env.deepCopy();
        byte[] ct = bin(badTag.get("ct"));
        flip(badTag, "ct", ct.length - 1);
        ObjectNode badKid = env.deepCopy().put("kid", "k1 ");
        ObjectNode noCt = env.deepCopy();
        noCt.remove("ct");
        for (ObjectNode bad : List.of(badIv, badTag, badKid, noCt)) {
            inner(store).write(Map.of("session", Map.of("a.0", bad)));
            assertCorrupted(() -> store.read("session", List.of("a.0")), "session/a.0");
        }
        ObjectNode future = env.deepCopy().put("zaileys-enc", 2);
        inner(store).write(Map.of("session", Map.of("a.0", future)));
        assertThatThrownBy(() -> store.read("session", List.of("a.0"))).isInstanceOfSatisfying(
                ZaileysStoreException.class, e -> assertThat(e.code()).isEqualTo(Code.STORE_INCOMPATIBLE));
    }

    @Test
    void rotationKeepsOldDataReadableAndRekeyMovesEverythingToTheNewKey() {
        writeFixture(store);
        Map<String, Object> before = snapshot(store);
        AuthStoreBundle inner = inner(store);
        EncryptedAuthStore rotated = track(EncryptedAuthStore.builder().inner(inner).scope("session-1")
                .key("k2", K2).oldKey("k1", K1).ownsInner(false).build());
        assertThat(snapshot(rotated)).isEqualTo(before);

        rotated.write(set("pre-key", "1", keyPair(1)));
        assertThat(inner.read("pre-key", List.of("1")).get("1").get("kid").asText()).isEqualTo("k2");
        assertThat(inner.read("pre-key", List.of("2")).get("2").get("kid").asText()).isEqualTo("k1");

        int records = 1 + inner.listKeyIds().values().stream().mapToInt(List::size).sum();
        assertThat(rotated.rekey()).isEqualTo(records - 1);
        assertThat(rotated.rekey()).isZero();
        assertThat(inner.readCreds().orElseThrow().toJson().get("kid").asText()).isEqualTo("k2");
        inner.listKeyIds().forEach((type, ids) -> inner.read(type, ids).forEach((id, v) ->
                assertThat(v.get("kid").asText()).as(type + "/" + id).isEqualTo("k2")));

        EncryptedAuthStore newOnly = track(EncryptedAuthStore.builder().inner(inner).scope("session-1").key("k2", K2)
                .ownsInner(false).build());
        Map<String, Object> after = snapshot(newOnly);
        before.put("pre-key", snapshot(rotated).get("pre-key"));
        assertThat(after).isEqualTo(before);
        assertCorrupted(() -> store.read("pre-key", List.of("2")), "not supplied");
    }

    @Test
    void plaintextFromBeforeEncryptionIsReadAndMigrated() {
        AuthStoreBundle inner = inner(store);
        writeFixture(inner);
        Map<String, Object> plain = snapshot(inner);
        assertThat(snapshot(store)).isEqualTo(plain);

        store.write(set("pre-key", "1", keyPair(1)));
        assertThat(inner.read("pre-key", List.of("1")).get("1").has("zaileys-enc")).isTrue();
        assertThat(inner.read("pre-key", List.of("2")).get("2").has("zaileys-enc")).isFalse();

        EncryptedAuthStore strict = track(EncryptedAuthStore.builder().inner(inner).scope("session-1").key("k1", K1)
                .allowPlaintext(false).ownsInner(false).build());
        assertCorrupted(strict::readCreds, "creds");
        assertCorrupted(() -> strict.read("pre-key", List.of("2")), "pre-key/2");

        store.rekey();
        assertThat(inner.readCreds().orElseThrow().toJson().has("zaileys-enc")).isTrue();
        Map<String, Object> migrated = snapshot(strict);
        migrated.put("pre-key", plain.get("pre-key"));
        Map<String, Object> expected = snapshot(store);
        expected.put("pre-key", plain.get("pre-key"));
        assertThat(migrated).isEqualTo(expected);
        assertThat(snapshot(strict).get("creds")).isEqualTo(plain.get("creds"));
    }

    @Test
    void closeClosesTheInnerStoreOnlyWhenOwned() {
        AuthStoreBundle inner = inner(store);
        EncryptedAuthStore borrowing = EncryptedAuthStore.builder().inner(inner).scope("s").key("k1", K1).ownsInner(false).build();
        borrowing.close();
        assertThatThrownBy(borrowing::listKeyIds).isInstanceOfSatisfying(ZaileysStoreException.class,
                e -> assertThat(e.code()).isEqualTo(Code.STORE_CLOSED));
        inner.listKeyIds();
        store.close();
        assertThatThrownBy(inner::listKeyIds).isInstanceOfSatisfying(ZaileysStoreException.class,
                e -> assertThat(e.code()).isEqualTo(Code.STORE_CLOSED));
    }

    @Test
    void optionsAreValidatedAndNothingSecretIsPrinted() {
        AuthStoreBundle inner = inner(store);
        List<ThrowingCallable> bad = List.of(
                () -> EncryptedAuthStore.builder().inner(inner).key("k", K1).build(),
                () -> EncryptedAuthStore.builder().inner(inner).scope("s").build(),
                () -> EncryptedAuthStore.builder().inner(inner).scope("").key("k", K1).build(),
                () -> EncryptedAuthStore.builder().inner(inner).scope("a|b").key("k", K1).build(),
                () -> EncryptedAuthStore.builder().inner(inner).scope("s").key("k", new byte[16]).build(),
                () -> EncryptedAuthStore.builder().inner(inner).scope("s").key("k", null).build(),
                () -> EncryptedAuthStore.builder().inner(inner).scope("s").key("bad id", K1).build(),
                () -> EncryptedAuthStore.builder().inner(inner).scope("s").key("k", K1).oldKey("k", K2).build(),
                () -> EncryptedAuthStore.builder().inner(null).scope("s").key("k", K1).build(),
                () -> EncryptedAuthStore.builder().scope("s").key("k", K1).build());
        for (ThrowingCallable call : bad) {
            assertThatThrownBy(call).isInstanceOfSatisfying(ZaileysStoreException.class,
                    e -> assertThat(e.code()).isEqualTo(Code.STORE_INVALID_INPUT));
        }
        String text = store.toString();
        assertThat(text).contains("session-1").contains("k1")
                .doesNotContain(Base64.getEncoder().encodeToString(K1)).doesNotContain(HexFormat.of().formatHex(K1));
    }
}
