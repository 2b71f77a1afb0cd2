package dev.zaileys.store.sqlite;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a file's WAL back into the database on a background thread, so the thread that saves a
 * message does not. SQLite's own automatic checkpoint runs inside the commit that crosses its page
 * mark: one save in about 1,500 stalled for the copy and its fsyncs (~90 ms), which was more than
 * half of the time of saving 100,000 messages one call at a time (8-10k saves/s before, 12-13k
 * after, on the bench machine). A PASSIVE checkpoint runs beside the writer: it never takes the
 * write lock nor waits for anyone.
 *
 * <p>The WAL file starts over only when a write begins with every frame copied: in the pauses of a
 * bot's traffic. Under writes without a pause the writer's own checkpoint, kept at
 * {@link #WRITER_CHECKPOINT_PAGES}, is what bounds it (64 MiB; it then finds most frames copied
 * already). Durability is SQLite's either way: a commit is in the WAL when it returns; a
 * checkpoint only moves it.
 */
final class WalCheckpointer {

    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

    /** Commits between two background checkpoints: a few hundred KB of WAL for single saves. */
    static final int COMMITS_PER_CHECKPOINT = 64;

    /** The writer's own automatic checkpoint, past this many WAL pages (64 MiB at 4 KiB pages). */
    static final int WRITER_CHECKPOINT_PAGES = 16384;

    /** One daemon thread for every file of the process (checkpoints are disk-bound), gone when idle. */
    private static final ThreadPoolExecutor THREAD = thread();

    private final String database;
    private final Object lock = new Object();
    private final AtomicBoolean queued = new AtomicBoolean();
    /** Written by the writer only, under its lane's lock. */
    private int commits;
    private Connection connection;
    private boolean closed;

    WalCheckpointer(String database) {
        this.database = database;
    }

    /** The writer committed; called under its lane's lock. */
    void committed() {
        if (++commits < COMMITS_PER_CHECKPOINT || !queued.compareAndSet(false, true)) {
            return;
        }
        commits = 0;
        try {
            THREAD.execute(this::checkpoint);
        } catch (RejectedExecutionException e) {
            queued.set(false); // the writer's own checkpoint still bounds the WAL
        }
    }

    private void checkpoint() {
        try {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                if (connection == null) {
                    Properties p = new Properties();
                    p.setProperty("busy_timeout", Integer.toString(SqliteConnections.BUSY_TIMEOUT_MS));
                    connection = DriverManager.getConnection("jdbc:sqlite:" + database, p);
                }
                try (Statement st = connection.createStatement();
                        ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                    rs.next();
                }
            }
        } catch (SQLException e) {
            // Nothing is lost: the frames stay in the WAL for the next checkpoint (or the writer's).
            LOG.debug("background WAL checkpoint of SQLite database {} failed: {}", database, e.getMessage());
            synchronized (lock) {
                closeConnection();
            }
        } finally {
            queued.set(false);
        }
    }

    /** Waits for a checkpoint under way, then releases the connection; later ones do nothing. */
    void close() {
        synchronized (lock) {
            closed = true;
            closeConnection();
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Nothing left to release.
            }
            connection = null;
        }
    }

    private static ThreadPoolExecutor thread() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "zaileys-sqlite-checkpoint");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
