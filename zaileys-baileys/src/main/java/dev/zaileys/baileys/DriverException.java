package dev.zaileys.baileys;

/**
 * A Baileys operation failed: the driver reported an error, did not answer in time, or is gone;
 * or the driver cannot start at all (no Node.js 20+, a failed install), which the message says in
 * one line.
 * {@link #statusCode()} is Baileys' status code when it gave one (for example 428 when the
 * connection or the driver is closed, 408 on a timeout), else -1.
 */
public final class DriverException extends RuntimeException {

    private final int statusCode;

    DriverException(String message, int statusCode) {
        super(message);
        this.statusCode = statusCode;
    }

    DriverException(String message, int statusCode, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    /** Baileys' status code of the failure, or -1. */
    public int statusCode() {
        return statusCode;
    }
}
