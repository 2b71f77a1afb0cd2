package dev.zaileys.store.sqlite;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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
 * <p>A checkpoint that saw commits land while it ran runs again {@link #FOLLOW_UP_MS} later, so
 * the frames of a burst's last commits are copied in the pause after it: reads then skip the WAL
 * (SQLite reads from the database file alone when every frame is copied) and the next write starts
 * the WAL file over. Under writes without a pause it cannot start over; the writer's own
 * checkpoint, kept at {@link #WRITER_CHECKPOINT_PAGES}, bounds it then (64 MiB; it finds most
 * frames copied already). Durability is SQLite's either way: a commit is in the WAL when it
 * returns; a checkpoint only moves it.
 */
final class WalCheckpointer {

    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

    /** Commits between two background checkpoints: a few hundred KB of WAL for single saves. */
    static final int COMMITS_PER_CHECKPOINT = 64;

    /** The writer's own automatic checkpoint, past this many WAL pages (64 MiB at 4 KiB pages). */
    static final int WRITER_CHECKPOINT_PAGES = 16384;

    /** The wait before a checkpoint that raced commits runs again. */
    static final long FOLLOW_UP_MS = 200;

    /** One daemon thread for every file of the process (checkpoints are disk-bound), gone when idle. */
    private static final ScheduledThreadPoolExecutor THREAD = thread();

    private final String database;
    private final Object lock = new Object();
    /** A checkpoint asked for by the commit count is waiting to run. */
    private final AtomicBoolean queued = new AtomicBoolean();
    /** A follow-up is waiting: one at most, beside the commit count's (small ones often were faster). */
    private final AtomicBoolean followUp = new AtomicBoolean();
    /** Written by the writer only, under its lane's lock. */
    private int commits;
    /** Every commit so far; read by the checkpoint to see whether commits landed while it ran. */
    private volatile long total;
    private Connection connection;
    private boolean closed;

    WalCheckpointer(String database) {
        this.database = database;
    }

    /** The writer committed; called under its lane's lock. */
    void committed() {
        total++; // one writer at a time: no lost update
        if (++commits < COMMITS_PER_CHECKPOINT || !queued.compareAndSet(false, true)) {
            return;
        }
        commits = 0;
        schedule(0, queued);
    }

    private void schedule(long delayMs, AtomicBoolean pending) {
        try {
            THREAD.schedule(() -> checkpoint(pending), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            pending.set(false); // the writer's own checkpoint still bounds the WAL
        }
    }

    private void checkpoint(AtomicBoolean pending) {
        pending.set(false);
        long seen = total;
        boolean again = false;
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
                    // (busy, frames in the WAL, frames copied): fewer copied when a reader still
                    // needed them, or when commits landed meanwhile.
                    again = rs.next() && rs.getLong(2) != rs.getLong(3) || total != seen;
                }
            }
        } catch (SQLException e) {
            // Nothing is lost: the frames stay in the WAL for the next checkpoint (or the writer's).
            LOG.debug("background WAL checkpoint of SQLite database {} failed: {}", database, e.getMessage());
            synchronized (lock) {
                closeConnection();
            }
        }
        if (again && followUp.compareAndSet(false, true)) {
            schedule(FOLLOW_UP_MS, followUp);
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

    private static ScheduledThreadPoolExecutor thread() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "zaileys-sqlite-checkpoint");
            t.setDaemon(true);
            return t;
        });
        pool.setKeepAliveTime(10, TimeUnit.SECONDS);
        pool.allowCoreThreadTimeOut(true);
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }
}
