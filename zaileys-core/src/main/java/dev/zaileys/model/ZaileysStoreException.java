package dev.zaileys.model;

import java.util.Objects;

/**
 * The one error type of every store. Unchecked, with a {@link Code} that tells a caller how to
 * react, and the driver's exception (if any) as its cause.
 *
 * <p>The contract every backend keeps:
 * <ul>
 *   <li>A store call fails only with this type, never with a driver's exception.
 *   <li>Absence is data, not an error: a missing record is {@code Optional.empty()} (or left out
 *       of a map), deleting an unknown id is a no-op. An unreachable backend is
 *       {@link Code#STORE_CONNECTION_FAILED} and a damaged record {@link Code#STORE_CORRUPTED};
 *       the three are never confused.
 *   <li>{@link Code#STORE_INVALID_INPUT} and {@link Code#STORE_CLOSED} are decided before the
 *       backend is touched: nothing was changed.
 *   <li>{@link Code#STORE_CORRUPTED} names the record (file, row or key) and, on a write, means
 *       nothing of the call was applied (a Redis key of the wrong type, for instance).
 *   <li>Only {@link Code#transientFailure() transient} codes are worth retrying unchanged; the
 *       others fail the same way until the call, the data or the setup is fixed.
 *   <li>Data a backend refuses for good (PostgreSQL's data exceptions and program limits, a value
 *       {@link BufferJson} could not read back: nesting past {@value BufferJson#MAX_NESTING_DEPTH}
 *       levels, numbers past a double's range or {@value BufferJson#MAX_NUMBER_LENGTH} characters,
 *       NaN, infinities; NUL in any string) is {@link Code#STORE_INVALID_INPUT}, never a transient
 *       code, on every backend, so a bound writer sets that record aside and writes the rest.
 *   <li>A record the backend holds in the wrong shape (a Redis key of the wrong type, a row that
 *       is no JSON object) is {@link Code#STORE_CORRUPTED} naming it; a message is named by its
 *       chat and id.
 *   <li>{@link Code#STORE_NOT_AVAILABLE} and {@link Code#STORE_INCOMPATIBLE} come from opening a
 *       store ({@code build()} or the first call of a lazily opened one), not from later calls.
 *   <li>{@link Code#STORE_FENCED} comes from the backend's own transaction or script: a write
 *       refused so is atomic with the check, never half applied.
 *   <li>Messages never contain key material, credentials, passwords or document text; they name
 *       the failing record or field, and a connection string only with its password masked.
 * </ul>
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
        STORE_INCOMPATIBLE,
        /** The session's lease is held by another live owner; the message names it (host, pid,
         *  since). Not transient: wait for it (a longer lease wait) or stop that process. */
        STORE_LEASE_HELD,
        /** A write or lease renewal was refused because another owner took the session's lease
         *  over (a newer fencing epoch); nothing of the call was applied. Never retry: this
         *  process no longer owns the session and must stop using it. */
        STORE_FENCED;

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
