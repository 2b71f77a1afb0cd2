package dev.zaileys.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench --sessions at a small N on each SQL/Redis backend: every phase runs and checks what it read. */
class SessionsBenchTest {

    @TempDir
    Path tmp;

    private static String run(String uri, int legacy) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SessionsBench.run(uri, new SessionsBench.Options(12, 3, legacy, false), new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sqlite() {
        String report = run("sqlite:" + tmp.resolve("b.db"), 5);
        assertThat(report).contains("legacy open (per-session tables)", "open (shared layout)", "messages written/s", "drop");
        // the write phase's bytes/session and the "with data" line are one measurement
        String writeRow = report.lines().filter(l -> l.startsWith("write creds")).findFirst().orElseThrow();
        String[] cells = writeRow.trim().split("\\s+");
        String withData = report.lines().filter(l -> l.startsWith("bytes per session with data")).findFirst().orElseThrow();
        assertThat(withData.substring("bytes per session with data".length()).trim().replace(",", ""))
                .isEqualTo(cells[cells.length - 2]);
    }

    @Test
    void postgres() {
        assertThat(run("postgres:embedded", 5)).contains("legacy open", "read back (checked)", "list");
    }

    @Test
    void redis() {
        assertThat(run("redis:embedded", 0)).contains("open (shared layout)", "messages read/s").doesNotContain("legacy");
    }

    @Test
    void legacyDdlIsTheOldV001() {
        assertThat(SessionsBackends.legacyStatements("postgres", "x")).hasSize(8)
                .anySatisfy(s -> assertThat(s).contains("\"zaileys_s_x__messages\""));
    }
}
