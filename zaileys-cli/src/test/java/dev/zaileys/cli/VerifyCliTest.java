package dev.zaileys.cli;

import static dev.zaileys.cli.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zaileys.testkit.FileFixtures;
import dev.zaileys.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zaileys verify URI}: exit 0 and "ok" when healthy, one line per problem and exit 1 otherwise. */
class VerifyCliTest {

    @TempDir
    Path tmp;

    @Test
    void theNodeOriginalsFolderIsHealthy() {
        Path dir = FileFixtures.copyFileAuth(tmp.resolve("node"));
        MainTest.Run r = run("verify", "file:" + dir);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("creds                    1").contains("  pre-key                5")
                .doesNotContain("problem").endsWith("ok\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aDamagedFileAndCredsWithoutNoiseKeyAreOneLineEach() throws Exception {
        Path dir = FileFixtures.copyFileAuth(tmp.resolve("node"));
        Files.writeString(dir.resolve("signal/pre-key/3.json"), "{\"private\":{\"type\":\"Buf");
        String creds = Files.readString(dir.resolve("creds.json"));
        Files.writeString(dir.resolve("creds.json"), creds.replace("\"noiseKey\"", "\"noiseKeyGone\""));
        MainTest.Run r = run("verify", "file:" + dir);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.lines()).filteredOn(l -> l.startsWith("problem: ")).hasSize(2)
                .anySatisfy(l -> assertThat(l).startsWith("problem: pre-key/3: ").contains("STORE_CORRUPTED"))
                .contains("problem: creds.noiseKey: missing");
        assertThat(r.lines()).last().isEqualTo("2 problems");
    }

    @Test
    void historyIsPagedAndADamagedMessageIsNamed() throws Exception {
        Path db = Fixtures.copyResource(Fixtures.SQLITE_DB, tmp.resolve("zaileys.db"));
        MainTest.Run healthy = run("verify", "sqlite:" + db);
        assertThat(healthy.code()).as(healthy.out() + healthy.err()).isZero();
        assertThat(healthy.out()).contains("messages                 118").contains("chats").contains("presence");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE messages SET data = X'7B226B6579223A' WHERE rowid = (SELECT min(rowid) FROM messages)");
        }
        MainTest.Run damaged = run("verify", "sqlite:" + db);
        assertThat(damaged.code()).isEqualTo(1);
        assertThat(damaged.lines()).filteredOn(l -> l.startsWith("problem: ")).singleElement().asString()
                .startsWith("problem: messages of ").contains("STORE_CORRUPTED");
    }

    @Test
    void anEmptyStoreIsAProblemAndABadUriAUsageError() {
        MainTest.Run empty = run("verify", "memory:");
        assertThat(empty.code()).isEqualTo(1);
        assertThat(empty.out()).contains("problem: creds: none stored (an empty session)");
        MainTest.Run bad = run("verify", "nope:x");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("zaileys: unknown store URI scheme");
    }
}
