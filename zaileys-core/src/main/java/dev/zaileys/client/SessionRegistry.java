package dev.zaileys.client;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The sessions with a live client in one process. Two clients of one session would write the
 * same Signal keys concurrently and corrupt them, so the second is refused.
 */
final class SessionRegistry {

    static final SessionRegistry PROCESS = new SessionRegistry();

    private final ConcurrentMap<String, Object> live = new ConcurrentHashMap<>();

    void acquire(String sessionId, Object owner) {
        Object other = live.putIfAbsent(sessionId, owner);
        if (other != null) {
            throw new IllegalStateException("session '" + sessionId + "' already has a live Client in this process;"
                    + " close that client first, or give each client its own sessionId");
        }
    }

    void release(String sessionId, Object owner) {
        live.remove(sessionId, owner);
    }
}
