package dev.zaileys.testkit;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Loads a plain-SQL {@code pg_dump} (the Node original's fixture) without psql: psql
 * meta-commands ({@code \restrict}) are skipped, statements run as they are, and each
 * {@code COPY ... FROM stdin} block goes through pgjdbc's CopyManager.
 */
public final class PgFixture {

    private PgFixture() {}

    /** The Node original's dump (a test resource copied from its fixtures). */
    public static final String DUMP = "/fixtures/zaileys-node/postgres/zaileys.sql";

    public static void load(DataSource ds) {
        try (java.io.InputStream in = PgFixture.class.getResourceAsStream(DUMP)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + DUMP + " is missing");
            }
            load(ds, new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void load(DataSource ds, Path dump) {
        try {
            load(ds, Files.readAllLines(dump, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void load(DataSource ds, List<String> lines) {
        // A connection of its own: the dump empties search_path for its session.
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            StringBuilder sql = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (sql.length() == 0 && (line.startsWith("\\") || line.startsWith("--") || line.isBlank())) {
                    continue;
                }
                sql.append(line).append('\n');
                if (!line.stripTrailing().endsWith(";")) {
                    continue;
                }
                String stmt = sql.toString().strip();
                sql.setLength(0);
                if (stmt.startsWith("COPY ") && stmt.endsWith("FROM stdin;")) {
                    StringBuilder data = new StringBuilder();
                    while (!lines.get(++i).equals("\\.")) {
                        data.append(lines.get(i)).append('\n');
                    }
                    c.unwrap(PGConnection.class).getCopyAPI()
                            .copyIn(stmt.substring(0, stmt.length() - 1), new StringReader(data.toString()));
                } else {
                    st.execute(stmt);
                }
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("loading the Node dump failed", e);
        }
    }
}
