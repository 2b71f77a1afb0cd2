package dev.zaileys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import dev.zaileys.testing.ChildJvm;
import java.time.Duration;
import java.util.List;
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

    @Test
    void twoDemosAtOnceInOneFolderOneRunsTheOtherNamesItAndExitsNonZero() throws Exception {
        List<String> args = List.of("demo", "--dir", dir.toString(), "--delay-seconds", "1");
        try (ChildJvm a = ChildJvm.start(Main.class, args); ChildJvm b = ChildJvm.start(Main.class, args)) {
            a.waitForExit(Duration.ofSeconds(120));
            b.waitForExit(Duration.ofSeconds(120));
            List<ChildJvm> both = List.of(a, b);
            assertThat(both).as("exit codes %d and %d; stderr:%s%s", a.exitValue(), b.exitValue(), a.stderrTail(), b.stderrTail())
                    .filteredOn(c -> c.exitValue() == 0).hasSize(1);
            ChildJvm ran = a.exitValue() == 0 ? a : b;
            ChildJvm refused = ran == a ? b : a;
            assertThat(refused.exitValue()).isEqualTo(1);
            String header = ran.lines().stream().filter(l -> l.startsWith("  process: pid ")).findFirst().orElseThrow();
            long ranPid = Long.parseLong(header.substring("  process: pid ".length()).split(" ")[0]);
            assertThat(refused.stderrTail()).contains("STORE_LEASE_HELD").contains("owned by pid " + ranPid + " on host ")
                    .contains(" since ");
            assertThat(refused.lines()).noneMatch(l -> l.contains("QR for session") || l.contains("paired") || l.contains("resumed"));
            assertThat(ran.lines()).anyMatch(l -> l.contains("paired with a QR"));
        }
        // The session is whole and resumes: no QR again.
        String again = run(0);
        assertThat(again).doesNotContain("QR for session").contains("resumed from the stored session: no QR");
    }
}
