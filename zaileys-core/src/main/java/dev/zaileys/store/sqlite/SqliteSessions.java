package dev.zaileys.store.sqlite;

import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.internal.jdbc.JdbcSessions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sessions kept in one SQLite file. The default session is the Node original's tables
 * ({@code auth_creds}, {@code messages}, ...); named sessions are rows of the shared
 * {@code zaileys_ms_*} tables, registered in {@code zaileys_sessions} by their first store.
 * Sessions of the per-session layout of older versions ({@code zaileys_s_<s>__*}) are moved into
 * the shared tables at first use.
 *
 * <pre>{@code
 * try (var sessions = SqliteSessions.of("./zaileys.db")) {
 *     sessions.drop("bot-2");
 * }
 * }</pre>
 */
public final class SqliteSessions extends JdbcSessions {

    private final String database;
    private final boolean readonly;

    private SqliteSessions(String database, boolean readonly) {
        super(() -> open(database, readonly), SqliteDialect.INSTANCE);
        this.database = database;
        this.readonly = readonly;
    }

    /**
     * A catalog of the file {@code database}, opened at first use. A missing file is
     * {@code STORE_CONNECTION_FAILED} then: a catalog never creates a database.
     */
    public static SqliteSessions of(String database) {
        return of(database, false);
    }

    /**
     * As {@link #of(String)}; {@code readonly} opens the file read-only: {@link #drop} is refused
     * with {@code STORE_INVALID_INPUT} and sessions of the per-session layout are listed where
     * they are instead of being moved.
     */
    public static SqliteSessions of(String database, boolean readonly) {
        new SqliteOptions(database, false, null);
        if (database.equals(SqliteOptions.MEMORY)) {
            throw ZaileysStoreException.invalid("a session catalog needs a database file; :memory: is a new empty database");
        }
        return new SqliteSessions(database, readonly);
    }

    private static SqliteConnections open(String database, boolean readonly) {
        if (!Files.isRegularFile(Path.of(database))) {
            throw new ZaileysStoreException(Code.STORE_CONNECTION_FAILED, "SQLite database " + database
                    + " does not exist (a session catalog never creates it)");
        }
        return SqliteConnections.open(database, readonly, true);
    }

    @Override
    public String toString() {
        return "SqliteSessions[" + database + (readonly ? ", readonly" : "") + "]";
    }
}
