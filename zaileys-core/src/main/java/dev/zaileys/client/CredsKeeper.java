package dev.zaileys.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.socket.AuthenticationState;
import dev.zaileys.socket.SignalKeyStore;
import dev.zaileys.store.AuthStoreBundle;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Keeps one session's creds and Signal keys: the live creds every socket reads, persisted on each
 * {@code creds.update}, and the (cached, transactional) key store. It also wipes the session on a
 * logout, under the same locks the writes take, so no write that was in flight can land after the
 * wipe and make the next start resume a dead session.
 */
final class CredsKeeper {

    private final String sessionId;
    private final AuthStoreBundle auth;
    private final TransactionalKeyStore keys;
    private final ScheduledExecutorService timer;
    private final ClientListeners events;
    private final Logger log;
    private final Object credsLock = new Object();
    private AuthCreds creds;

    CredsKeeper(String sessionId, AuthStoreBundle auth, boolean cacheSignal, ScheduledExecutorService timer,
                ClientListeners events, Logger log) {
        this.sessionId = sessionId;
        this.auth = auth;
        this.keys = new TransactionalKeyStore(cacheSignal ? new CachingKeyStore(auth) : CachingKeyStore.direct(auth));
        this.timer = timer;
        this.events = events;
        this.log = log;
    }

    /**
     * Reads the stored creds, which every later socket starts from.
     *
     * @throws ZaileysStoreException when the store cannot be read: the caller must not pair over a
     *     session it merely failed to read
     */
    void load() {
        synchronized (credsLock) {
            creds = auth.readCreds().orElse(null);
        }
    }

    /** A fresh authentication state for one socket. */
    SocketAuth newSocketAuth() {
        return new SocketAuth();
    }

    /** Merges a partial creds update (as Baileys' {@code Object.assign}) and persists it. */
    void onCredsUpdate(SocketAuth from, JsonNode update) {
        if (!update.isObject()) {
            return;
        }
        synchronized (credsLock) {
            if (from.fenced) {
                // a logged-out socket's creds would make the next start resume a dead session
                log.debug("[{}] dropped a creds update from a logged-out connection", sessionId);
                return;
            }
            ObjectNode merged = creds == null ? BufferJson.object() : creds.toJson();
            update.fields().forEachRemaining(f -> merged.set(f.getKey(), f.getValue().deepCopy()));
            AuthCreds next = AuthCreds.of(merged);
            creds = next;
            try {
                auth.writeCreds(next);
            } catch (ZaileysStoreException e) {
                // kept in memory; the next update (or this one's retry) writes the merged whole
                events.storeFailed(e, 1, true);
                try {
                    timer.schedule(this::retryCredsWrite, 500, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closed) {
                    // closing
                }
            }
        }
    }

    private void retryCredsWrite() {
        synchronized (credsLock) {
            if (creds == null) {
                return;
            }
            try {
                auth.writeCreds(creds);
            } catch (ZaileysStoreException e) {
                events.storeFailed(e, 1, true);
                timer.schedule(this::retryCredsWrite, 2, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Clears the session's creds and keys (store and caches).
     *
     * @return false when the store failed (reported as a store error); the next login finds the
     *     creds still there, is logged out again, and retries
     */
    boolean clear() {
        try {
            // Under both write locks: a creds write or key commit still in flight finishes first, and
            // a logged-out socket's later ones see its fence (checked under the same locks) and drop.
            keys.exclusive(() -> {
                synchronized (credsLock) {
                    auth.clear();
                    keys.invalidate();
                    creds = null;
                }
            });
            return true;
        } catch (ZaileysStoreException e) {
            events.storeFailed(e, 0, true);
            return false;
        }
    }

    /**
     * The authentication state handed to one socket: live creds plus the (cached) key store, whose
     * writes stop once the socket is {@link #fence() fenced} (logged out).
     */
    final class SocketAuth implements AuthenticationState {
        private volatile boolean fenced;
        private final SignalKeyStore view = keys.fencedBy(() -> fenced);

        private SocketAuth() {}

        /** Drops this socket's later creds and key writes. */
        void fence() {
            fenced = true;
        }

        @Override
        public Optional<AuthCreds> creds() {
            synchronized (credsLock) {
                return Optional.ofNullable(creds);
            }
        }

        @Override
        public SignalKeyStore keys() {
            return view;
        }
    }
}
