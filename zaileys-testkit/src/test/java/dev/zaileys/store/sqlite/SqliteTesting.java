package dev.zaileys.store.sqlite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** Temp files and raw SQL access for the SQLite tests. */
final class SqliteTesting {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static Path root;

    private SqliteTesting() {}

    static synchronized Path newFile() {
        try {
            if (root == null) {
                root = Files.createTempDirectory("zaileys-sqlite-test");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
            }
            return root.resolve("db-" + COUNTER.incrementAndGet() + ".db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one statement on a connection of its own. */
    static int exec(Path db, String sql, Object... params) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.createStatement().execute("PRAGMA busy_timeout = 10000");
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                return ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files
        }
    }
}
