package dev.zaileys.store;

import java.util.List;
import java.util.Optional;

/**
 * The sessions one backend holds (a SQL database, a Redis server, a Convex deployment, a folder),
 * listed, checked and dropped without opening a store. What a session is depends on the backend:
 * a session name of the SQL stores ({@code "default"} being the Node original's tables), a Redis
 * or Convex namespace, a sub-folder of a File base path. Each backend package has one
 * ({@code SqliteSessions}, {@code PostgresSessions}, {@code RedisSessions}, {@code ConvexSessions},
 * {@code FileSessions}).
 *
 * <p>A name that is not a valid session of the backend is {@code STORE_INVALID_INPUT}; an
 * unreachable backend is {@code STORE_CONNECTION_FAILED}; an unknown session is absence
 * ({@code false}, {@code Optional.empty()}), never an error. Implementations are thread-safe.
 * Close the catalog to release what it opened (never what it was given).
 */
public interface SessionCatalog extends AutoCloseable {

    /** The sessions present, sorted. */
    List<String> list();

    /** Whether {@code session} is present. */
    boolean exists(String session);

    /** How many records of each kind {@code session} holds; empty when it is not present. */
    Optional<SessionSummary> summary(String session);

    /**
     * Removes every record of {@code session} and the session itself, atomically where the
     * backend allows (one transaction in SQL). Close the session's stores first: a store still
     * open may write into it again. A session whose lease is held (a running client, or one paused
     * but not yet expired) is refused; otherwise the drop raises the lease's epoch where the
     * backend keeps one, so an owner that wakes after the drop cannot write into the session again.
     *
     * @return whether the session was present
     * @throws dev.zaileys.model.ZaileysStoreException {@code STORE_LEASE_HELD} naming the holder
     *     when the session is in use; nothing is dropped then
     */
    boolean drop(String session);

    @Override
    void close();
}
