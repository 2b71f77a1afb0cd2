package dev.zaileys.store;

import dev.zaileys.model.ZaileysStoreException;
import java.util.List;

/**
 * Names of Signal data types. The ten Baileys knows today are listed; any other well-formed name
 * (lower-case letters, digits and dashes, at most 64 characters) is accepted too, because Baileys
 * adds types over time.
 */
public final class SignalTypes {

    public static final String PRE_KEY = "pre-key";
    public static final String SESSION = "session";
    public static final String SENDER_KEY = "sender-key";
    public static final String SENDER_KEY_MEMORY = "sender-key-memory";
    public static final String APP_STATE_SYNC_KEY = "app-state-sync-key";
    public static final String APP_STATE_SYNC_VERSION = "app-state-sync-version";
    public static final String LID_MAPPING = "lid-mapping";
    public static final String DEVICE_LIST = "device-list";
    public static final String TCTOKEN = "tctoken";
    public static final String IDENTITY_KEY = "identity-key";

    /** The ten known types. */
    public static final List<String> KNOWN = List.of(PRE_KEY, SESSION, SENDER_KEY, SENDER_KEY_MEMORY,
            APP_STATE_SYNC_KEY, APP_STATE_SYNC_VERSION, LID_MAPPING, DEVICE_LIST, TCTOKEN, IDENTITY_KEY);


    private SignalTypes() {}

    /** Returns the name when well-formed, else {@code STORE_INVALID_INPUT}. */
    public static String require(String type) {
        if (!wellFormed(type)) {
            throw ZaileysStoreException.invalid("Signal type must be lower-case letters, digits and dashes (like "
                    + "'pre-key'), at most 64 characters; got " + (type == null ? "null" : "'" + abbreviate(type) + "'"));
        }
        return type;
    }

    /**
     * {@code [a-z0-9][a-z0-9-]{0,63}}, by hand: every Signal read and write checks its type, and a
     * regex matcher per call was a visible share of a single key read on the memory backend.
     */
    private static boolean wellFormed(String type) {
        if (type == null || type.isEmpty() || type.length() > 64 || type.charAt(0) == '-') {
            return false;
        }
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
