package dev.zaileys.model;

import java.util.Objects;

/**
 * The one error type of every store. Unchecked, with a {@link Code} that tells a caller how to
 * react, and the driver's exception (if any) as its cause.
 *
 * <p>Messages never contain key material, credentials or passwords.
 */
public class ZaileysStoreException extends RuntimeException {

    /** What went wrong, at the granularity a caller acts on. */
    public enum Code {
        /** The driver of the chosen backend is not on the classpath. */
        STORE_NOT_AVAILABLE,
        /** The backend cannot be reached (down, refusing, timing out, refusing the login). Options
         *  that are wrong or conflict are {@link #STORE_INVALID_INPUT}, never this: retrying them
         *  cannot help. */
        STORE_CONNECTION_FAILED,
        /** The backend was reached but a read failed. */
        STORE_READ_FAILED,
        /** The backend was reached but a write failed (nothing of the call was applied). */
        STORE_WRITE_FAILED,
        /** A stored record cannot be decoded; the message names the record. */
        STORE_CORRUPTED,
        /** The store was closed. */
        STORE_CLOSED,
        /** The caller passed something the store refuses (null, empty id, oversized document...),
         *  or a store's {@code build()} was given options that are malformed or conflict (both or
         *  neither of url and client, a bad namespace, an out-of-range value); nothing was changed
         *  or opened. Retrying the same call fails the same way: fix the call or the options. */
        STORE_INVALID_INPUT,
        /** The backend holds data of a newer schema version than this library understands. */
        STORE_INCOMPATIBLE;

        /** Whether retrying the same call later may succeed. */
        public boolean transientFailure() {
            return this == STORE_CONNECTION_FAILED || this == STORE_READ_FAILED || this == STORE_WRITE_FAILED;
        }
    }

    private final Code code;

    public ZaileysStoreException(Code code, String message) {
        this(code, message, null);
    }

    public ZaileysStoreException(Code code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public Code code() {
        return code;
    }

    /** {@code STORE_INVALID_INPUT}: the caller passed something the store refuses. */
    public static ZaileysStoreException invalid(String message) {
        return new ZaileysStoreException(Code.STORE_INVALID_INPUT, message);
    }
}
