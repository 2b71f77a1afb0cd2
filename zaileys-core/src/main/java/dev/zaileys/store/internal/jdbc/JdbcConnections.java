package dev.zaileys.store.internal.jdbc;

/**
 * How a backend lends connections. Internal. Implementations map driver failures to
 * {@code ZaileysStoreException}s of the right code and are safe to use from many threads.
 */
public interface JdbcConnections extends AutoCloseable {

    /** Runs {@code work} on a connection in auto-commit mode (reads see committed data). */
    <T> T read(SqlWork<T> work);

    /**
     * Runs {@code work} in one write transaction, committed when it returns and rolled back when
     * it throws. Only one write transaction of this object runs at a time.
     */
    <T> T write(SqlWork<T> work);

    /**
     * Runs {@code work}, a single statement that is atomic (and takes its own locks) by itself, as
     * {@link #write} does, or in auto-commit where that saves round trips: on a server, no
     * {@code BEGIN} and {@code COMMIT} around the statement, so one round trip and one commit.
     */
    default <T> T writeStatement(SqlWork<T> work) {
        return write(work);
    }

    /** Whether writes are refused (a read-only database). */
    boolean readonly();

    /** What the store is connected to, for messages; never a password. */
    String describe();

    @Override
    void close();
}
