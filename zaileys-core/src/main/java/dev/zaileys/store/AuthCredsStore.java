package dev.zaileys.store;

import dev.zaileys.model.AuthCreds;
import java.util.Optional;

/**
 * Holds one session's login credentials ({@code creds.json}).
 *
 * <p>Thread-safe. {@link #readCreds()} returns empty only when no creds are stored: an
 * unreachable backend throws, a damaged record is {@code STORE_CORRUPTED}. Never confuse the
 * three: a bot that reads "no creds" re-pairs and loses its session.
 */
public interface AuthCredsStore {

    /** The stored creds, or empty when none were written (or they were deleted). */
    Optional<AuthCreds> readCreds();

    /** Replaces the creds; durable when this returns. */
    void writeCreds(AuthCreds creds);

    /** Removes the creds; a no-op when there are none. */
    void deleteCreds();
}
