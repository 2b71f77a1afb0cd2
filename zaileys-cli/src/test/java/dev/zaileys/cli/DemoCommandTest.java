package dev.zaileys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @TempDir
    Path dir;

    private String run(int expectedCode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "demo", "--dir", dir.toString(), "--delay-seconds", "1");
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as("exit code; stdout:%n%s%nstderr:%n%s", text, err.toString(StandardCharsets.UTF_8))
                .isEqualTo(expectedCode);
        return text;
    }

    @Test
    void firstRunPairsSecondRunResumes() {
        String first = run(0);
        assertThat(first).contains("SIMULATED").contains("QR for session 'demo'").contains("paired with a QR")
                .contains("replying 'pong'").contains("resumed without a QR")
                .contains("the scheduled message fired after the restart").contains("scheduled jobs still stored: 0");
        assertThat(dir.resolve("auth/demo/creds.json")).exists();
        // The history holds every message: owner-only, like the auth files (the test JVM runs under umask 022).
        assertThat(dir.resolve("history.db")).satisfies(db -> assertThat(
                java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(db)))
                .isEqualTo("rw-------"));

        String second = run(0);
        assertThat(second).doesNotContain("QR for session").contains("resumed from the stored session: no QR")
                .contains("the scheduled message fired after the restart");
    }
}
