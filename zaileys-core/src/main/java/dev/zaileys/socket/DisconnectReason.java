package dev.zaileys.socket;

/**
 * Why a connection closed, with Baileys' status codes (carried in {@code connection.update} as
 * {@code lastDisconnect.error.statusCode}).
 */
public enum DisconnectReason {
    CONNECTION_CLOSED(428),
    CONNECTION_LOST(408),
    CONNECTION_REPLACED(440),
    LOGGED_OUT(401),
    /** The device was removed from the account (Baileys reports it like a logout). */
    DEVICE_REMOVED(410),
    BAD_SESSION(500),
    RESTART_REQUIRED(515),
    MULTIDEVICE_MISMATCH(411),
    FORBIDDEN(403),
    UNAVAILABLE_SERVICE(503),
    /** A status code this enum does not know. */
    UNKNOWN(-1);

    private final int statusCode;

    DisconnectReason(int statusCode) {
        this.statusCode = statusCode;
    }

    public int statusCode() {
        return statusCode;
    }

    /** The reason of a status code; {@link #UNKNOWN} for codes not listed. */
    public static DisconnectReason of(int statusCode) {
        for (DisconnectReason r : values()) {
            if (r.statusCode == statusCode && r != UNKNOWN) {
                return r;
            }
        }
        return UNKNOWN;
    }

    /** Whether the session is gone (401 or 410): its creds and keys are useless and must be cleared. */
    public static boolean isLoggedOut(int statusCode) {
        return statusCode == LOGGED_OUT.statusCode || statusCode == DEVICE_REMOVED.statusCode;
    }
}
