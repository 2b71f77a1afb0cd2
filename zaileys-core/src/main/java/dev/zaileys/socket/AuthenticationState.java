package dev.zaileys.socket;

import dev.zaileys.model.AuthCreds;
import java.util.Optional;

/**
 * Baileys' {@code AuthenticationState}: the creds a socket starts from (empty on a first login:
 * the socket then creates fresh creds and announces them with {@code creds.update}) and the
 * Signal key store. Creds changes are never written here directly: the socket emits
 * {@code creds.update} and the owner of the state persists them.
 */
public interface AuthenticationState {

    /** The creds as of now (a copy), or empty when this session never logged in. */
    Optional<AuthCreds> creds();

    SignalKeyStore keys();
}
