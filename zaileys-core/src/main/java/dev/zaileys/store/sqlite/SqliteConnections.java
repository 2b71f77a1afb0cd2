package dev.zaileys.store.sqlite;

import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.internal.jdbc.JdbcConnections;
import dev.zaileys.store.internal.jdbc.SqlSession;
import dev.zaileys.store.internal.jdbc.SqlWork;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer connection and one reader connection on a file (WAL lets the reader run beside the
 * writer), or a single connection for {@code :memory:} and read-only files. Write transactions
 * are {@code BEGIN IMMEDIATE}: the file's write lock is taken before anything is read, so two
 * writers (other stores, other processes) queue on the busy timeout instead of failing with
 * "database is locked".
 */
final class SqliteConnections implements JdbcConnections {

    static final int BUSY_TIMEOUT_MS = 10_000;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;

    /** A connection, its statements, and the lock that lends it to one work at a time. */
    private static final class Lane {
        final Connection connection;
        final Map<String, PreparedStatement> statements = new HashMap<>();
        final ReentrantLock lock = new ReentrantLock();

        Lane(Connection connection) {
            this.connection = connection;
        }

        /**
         * Drops the cached statements after a failed work: a statement whose table changed under it
         * (renamed, dropped and recreated by another connection) fails once on the schema change and
         * then answers "statement is not executing" forever; prepared again, it works.
         */
        void forgetStatements() {
            closeStatements();
            statements.clear();
        }

        private void closeStatements() {
            statements.values().forEach(ps -> {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // A broken statement; it is dropped either way.
                }
            });
        }

        void close() {
            closeStatements();
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Nothing left to release.
            }
        }
    }

    private final String database;
    private final boolean readonly;
    private final Lane writer;
    private final Lane reader;
    /** Null for {@code :memory:} and read-only files, which have no WAL to copy back. */
    private final WalCheckpointer checkpointer;

    private SqliteConnections(String database, boolean readonly, Lane writer, Lane reader, WalCheckpointer checkpointer) {
        this.database = database;
        this.readonly = readonly;
        this.writer = writer;
        this.reader = reader;
        this.checkpointer = checkpointer;
    }

    /**
     * @param fullSync fsync the WAL on every commit ({@code synchronous = FULL}): the auth store
     *     asks for it, since a lost key means pairing again; history settles for NORMAL
     */
    static SqliteConnections open(String database, boolean readonly, boolean fullSync) {
        try {
            Class.forName("org.sqlite.JDBC");
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ZaileysStoreException(Code.STORE_NOT_AVAILABLE, "the SQLite driver is not on the classpath: add "
                    + "org.xerial:sqlite-jdbc to use the SQLite stores", e);
        }
        boolean memory = database.equals(SqliteOptions.MEMORY);
        if (!memory && readonly && !Files.isRegularFile(Path.of(database))) {
            throw new ZaileysStoreException(Code.STORE_CONNECTION_FAILED, "SQLite database " + database
                    + " does not exist (a readonly store never creates it)");
        }
        if (!memory && !readonly) {
            createOwnerOnly(Path.of(database));
        }
        Lane writer = null;
        try {
            writer = new Lane(connect(database, readonly, memory, fullSync));
            Lane reader = memory || readonly ? writer : new Lane(connect(database, false, false, fullSync));
            return new SqliteConnections(database, readonly, writer, reader,
                    memory || readonly || fullSync ? null : new WalCheckpointer(database));
        } catch (SQLException e) {
            if (writer != null) {
                writer.close();
            }
            throw new ZaileysStoreException(corrupt(e) ? Code.STORE_CORRUPTED : Code.STORE_CONNECTION_FAILED,
                    "cannot open SQLite database " + database + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates a missing database file empty and owner-only (0600) before SQLite opens it. SQLite
     * would create it under the umask (0644 under the usual 022), making creds' private keys and
     * the message history readable by every local user. An empty file is a valid new database, and
     * SQLite gives the {@code -wal}, {@code -shm} and {@code -journal} files it creates the mode of
     * the database file, so those are owner-only too. An existing file keeps its mode: who may read
     * it was decided by whoever made it.
     */
    private static void createOwnerOnly(Path file) {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return; // No POSIX modes (Windows): the folder's ACL decides.
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException exists) {
            // Made earlier (or by a concurrent opener, with the same mode): keep it as it is.
        } catch (IOException e) {
            // No folder, no permission and the like: SQLite's own open reports it as it always did.
        }
    }

    private static Connection connect(String database, boolean readonly, boolean memory, boolean fullSync)
            throws SQLException {
        Properties p = new Properties();
        p.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MS));
        if (readonly) {
            p.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY: a missing file is never created
        }
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + database, p);
        try (Statement st = c.createStatement()) {
            if (!readonly && !memory) {
                // Asking is a read; switching needs the file alone, and SQLite answers SQLITE_BUSY
                // at once (no busy timeout) while another connection writes. Only the first opener
                // of a new file switches, so a store opened beside busy writers does not fail.
                switchToWal(st);
                // In WAL mode NORMAL survives a crash of the process (kill -9); only an OS crash or
                // power loss may roll back the last commits, never corrupt the file. FULL also
                // survives those, at an fsync per commit.
                st.execute(fullSync ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
                // History arrives in bulk (a history sync is tens of thousands of messages): a
                // 32 MiB page cache keeps the key and paging indexes in memory. Its WAL is copied
                // back by WalCheckpointer off the writer's thread; SQLite's own checkpoint, inside
                // a commit, is only the bound for when that one falls behind. Not so for FULL sync
                // (the auth store): a background checkpoint's fsyncs queued behind every commit's
                // own and made creds writes slower (1,248 against 2,321 a second); there SQLite
                // checkpoints every 16 MiB, which a creds write crosses once in about 2,000.
                st.execute("PRAGMA cache_size = -32768");
                st.execute("PRAGMA wal_autocheckpoint = " + (fullSync ? 4096 : WalCheckpointer.WRITER_CHECKPOINT_PAGES));
            }
            // Fails here, at open, on a file that is not a database.
            st.executeQuery("SELECT count(*) FROM sqlite_master").close();
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * Switches a new file to WAL. Two first openers of one new file can race: the loser's switch
     * is SQLITE_BUSY at once, so it waits (up to the busy timeout) until the winner's switch shows.
     */
    private static void switchToWal(Statement st) throws SQLException {
        long deadline = System.nanoTime() + BUSY_TIMEOUT_MS * 1_000_000L;
        while (true) {
            try (java.sql.ResultSet mode = st.executeQuery("PRAGMA journal_mode")) {
                if (mode.next() && "wal".equalsIgnoreCase(mode.getString(1))) {
                    return;
                }
            }
            try {
                st.execute("PRAGMA journal_mode = WAL");
                return;
            } catch (SQLException e) {
                boolean busy = (e.getErrorCode() & 0xff) == 5 // SQLITE_BUSY, extended codes included
                        || String.valueOf(e.getMessage()).contains("SQLITE_BUSY");
                if (!busy || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting to switch the journal to WAL", e);
            }
        }
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        reader.lock.lock();
        try {
            SqlSession s = new SqlSession(reader.connection, reader.statements);
            return work.run(s);
        } catch (SQLException e) {
            reader.forgetStatements();
            throw failure(Code.STORE_READ_FAILED, "read", e);
        } finally {
            reader.lock.unlock();
        }
    }

    @Override
    public <T> T write(SqlWork<T> work) {
        writer.lock.lock();
        try (Statement st = writer.connection.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            boolean committed = false;
            try {
                T result = work.run(new SqlSession(writer.connection, writer.statements));
                st.execute("COMMIT");
                committed = true;
                if (checkpointer != null) {
                    checkpointer.committed();
                }
                return result;
            } finally {
                if (!committed) {
                    rollback(st);
                }
            }
        } catch (SQLException e) {
            writer.forgetStatements();
            throw failure(Code.STORE_WRITE_FAILED, "write", e);
        } finally {
            writer.lock.unlock();
        }
    }

    private static void rollback(Statement st) {
        try {
            st.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // No transaction left open (SQLite rolls back itself on some errors).
        }
    }

    private ZaileysStoreException failure(Code code, String what, SQLException e) {
        return new ZaileysStoreException(corrupt(e) ? Code.STORE_CORRUPTED : code,
                what + " of " + describe() + " failed: " + e.getMessage(), e);
    }

    private static boolean corrupt(SQLException e) {
        int primary = e.getErrorCode() & 0xff;
        return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
    }

    @Override
    public boolean readonly() {
        return readonly;
    }

    @Override
    public String describe() {
        return "SQLite database " + database;
    }

    @Override
    public void close() {
        if (checkpointer != null) {
            checkpointer.close();
        }
        writer.lock.lock();
        try {
            if (reader != writer) {
                reader.lock.lock();
                try {
                    reader.close();
                } finally {
                    reader.lock.unlock();
                }
            }
            writer.close();
        } finally {
            writer.lock.unlock();
        }
    }
}
