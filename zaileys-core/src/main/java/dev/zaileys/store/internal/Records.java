package dev.zaileys.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.internal.Unicode;
import java.util.function.Supplier;

/** How both base stores treat stored records and backend calls: typed failures, decoding, size limits. */
final class Records {

    private Records() {}

    /** Runs a backend call, turning anything that is not already typed into {@code code}. */
    static <T> T guarded(Code code, String what, Supplier<T> call) {
        return guarded(code, what, "", call);
    }

    /** {@link #guarded(Code, String, Supplier)} for what is {@code what + subject}, joined only on a failure. */
    static <T> T guarded(Code code, String what, String subject, Supplier<T> call) {
        try {
            return call.get();
        } catch (ZaileysStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ZaileysStoreException(code, what + subject + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())), e);
        }
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static JsonNode decodeStored(byte[] bytes, String record) {
        try {
            return BufferJson.decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new ZaileysStoreException(Code.STORE_CORRUPTED, "record " + record + " is damaged: " + e.getMessage(), e);
        }
    }

    static ObjectNode asObject(JsonNode node, String record) {
        if (!node.isObject()) {
            throw new ZaileysStoreException(Code.STORE_CORRUPTED, "record " + record + " is not a JSON object");
        }
        return (ObjectNode) node;
    }

    /** The checks every document passes before it is written: its size and well-formed text. */
    static byte[] checkedSize(byte[] encoded, String what) {
        return checkedSize(encoded, what, "");
    }

    /**
     * {@link #checkedSize(byte[], String)} naming the record {@code kind + id}, a name built only
     * when the check refuses (every save passes here).
     */
    static byte[] checkedSize(byte[] encoded, String kind, String id) {
        if (encoded.length > BufferJson.MAX_DOCUMENT_BYTES) {
            throw ZaileysStoreException.invalid(kind + id + " is " + encoded.length + " bytes encoded; the limit is "
                    + BufferJson.MAX_DOCUMENT_BYTES);
        }
        try {
            return Unicode.requireWellFormedJson(encoded, "");
        } catch (ZaileysStoreException refused) {
            return Unicode.requireWellFormedJson(encoded, kind + id);
        }
    }
}
