package dev.zaileys.socket;

/**
 * Opens sockets: Baileys' {@code makeWASocket}. The client calls it for the first connection
 * and again after every close it recovers from. The returned socket connects when
 * {@link WASocket#start()} is called and reports progress through {@code connection.update}.
 */
@FunctionalInterface
public interface SocketFactory {

    /**
     * @param sessionId the client's session, for logs and per-session state of the factory
     * @param auth the session's creds and Signal keys
     */
    WASocket create(String sessionId, AuthenticationState auth);
}
