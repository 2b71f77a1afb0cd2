package dev.zaileys.store.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The stored form of an encrypted value: {@code {"zaileys-enc":1,"kid":..,"iv":<12 bytes>,"ct":<bytes>}}
 * where {@code ct} is AES-256-GCM of the value's BufferJson bytes with a 128-bit tag appended. The
 * additional data binds the ciphertext to its scope, type and id, so a record copied elsewhere
 * does not authenticate.
 */
final class Envelope {

    static final String MARKER = "zaileys-enc";
    static final int VERSION = 1;
    static final int IV_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final String CIPHER = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Envelope() {}

    /** The additional authenticated data of one record; {@code type} is {@code "creds"} for the creds. */
    static byte[] aad(String scope, String type, String id) {
        return ("zaileys/v1|" + scope + "|" + type + "|" + id).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a stored value is an envelope (anything else is a plaintext value of an older store). */
    static boolean isEnvelope(JsonNode stored) {
        return stored != null && stored.isObject() && stored.has(MARKER);
    }

    /** The key id an envelope names, or null when the value is not an envelope. */
    static String kid(JsonNode stored) {
        return isEnvelope(stored) ? stored.path("kid").textValue() : null;
    }

    static ObjectNode seal(String kid, SecretKey key, byte[] aad, byte[] plaintext) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] ct;
        try {
            Cipher c = Cipher.getInstance(CIPHER);
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(aad);
            ct = c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            // AES-GCM is mandatory in every JDK; reaching this means a broken provider.
            throw new ZaileysStoreException(Code.STORE_WRITE_FAILED,
                    "encryption failed: " + e.getClass().getSimpleName(), e);
        }
        ObjectNode out = BufferJson.object();
        out.put(MARKER, VERSION);
        out.put("kid", kid);
        out.set("iv", BinaryNode.valueOf(iv));
        out.set("ct", BinaryNode.valueOf(ct));
        return out;
    }

    /**
     * The plaintext bytes of an envelope.
     *
     * @throws ZaileysStoreException {@code STORE_CORRUPTED} naming {@code record} when the envelope
     *     is malformed, names a key not supplied, or does not authenticate (wrong key, altered or
     *     moved); {@code STORE_INCOMPATIBLE} for an envelope version this library does not know
     */
    static byte[] open(JsonNode env, Map<String, SecretKey> keys, byte[] aad, String record) {
        JsonNode version = env.get(MARKER);
        if (version == null || !version.isIntegralNumber()) {
            throw corrupted(record, "has a malformed encryption envelope (no version)");
        }
        if (version.asInt() != VERSION) {
            throw new ZaileysStoreException(Code.STORE_INCOMPATIBLE, "record " + record
                    + " is encrypted with envelope version " + version.asText() + "; this library knows version " + VERSION);
        }
        String kid = env.path("kid").textValue();
        JsonNode iv = env.get("iv");
        JsonNode ct = env.get("ct");
        if (kid == null || iv == null || !iv.isBinary() || ct == null || !ct.isBinary()) {
            throw corrupted(record, "has a malformed encryption envelope (kid, iv or ct missing)");
        }
        byte[] ivBytes = ((BinaryNode) iv).binaryValue();
        byte[] ctBytes = ((BinaryNode) ct).binaryValue();
        if (ivBytes.length != IV_BYTES || ctBytes.length < TAG_BITS / 8) {
            throw corrupted(record, "has a malformed encryption envelope (iv or ct too short)");
        }
        SecretKey key = keys.get(kid);
        if (key == null) {
            throw corrupted(record, "is encrypted with key id '" + printable(kid)
                    + "', which was not supplied (add it with oldKey)");
        }
        try {
            Cipher c = Cipher.getInstance(CIPHER);
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ivBytes));
            c.updateAAD(aad);
            return c.doFinal(ctBytes);
        } catch (AEADBadTagException e) {
            // No cause attached: nothing of the key or the data belongs in a stack trace.
            throw corrupted(record, "does not authenticate under key id '" + printable(kid)
                    + "' (wrong key for that id, or the record was altered or moved from another id, type or session)");
        } catch (GeneralSecurityException e) {
            throw corrupted(record, "cannot be decrypted: " + e.getClass().getSimpleName());
        }
    }

    static ZaileysStoreException corrupted(String record, String what) {
        return new ZaileysStoreException(Code.STORE_CORRUPTED, "record " + record + " " + what);
    }

    private static String printable(String kid) {
        String s = kid.replaceAll("\\p{Cntrl}", "?");
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
