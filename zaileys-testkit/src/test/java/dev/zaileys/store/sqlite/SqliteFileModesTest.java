package dev.zaileys.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.WAMessage;
import dev.zaileys.testing.ChildJvm;
import dev.zaileys.testkit.Fixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of a SQLite store hold creds' private keys or the message history: they are
 * owner-only (0600) like the File store's, whatever the umask. Checked in a child JVM run under
 * {@code umask 022}, where SQLite on its own creates {@code 0644} files.
 */
class SqliteFileModesTest {

    @TempDir
    Path dir;

    /** Writes to an auth and a history database, then holds them open (WAL files present) until told. */
    public static final class Child {
        public static void main(String[] args) throws IOException {
            try (SqliteAuthStore auth = SqliteAuthStore.builder().database(args[0]).build();
                 SqliteMessageStore history = SqliteMessageStore.builder().database(args[1]).build()) {
                auth.writeCreds(Fixtures.creds());
                auth.write(Map.of("pre-key", Map.of("1", BufferJson.object().put("k", 1))));
                ObjectNode m = BufferJson.object();
                m.set("key", MessageKey.of("1@s.whatsapp.net", false, "m1").toJson());
                m.put("messageTimestamp", 1_700_000_000L);
                history.saveMessages(List.of(WAMessage.of(m)));
                System.out.println("ready");
                System.out.flush();
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
        }
    }

    @Test
    @DisplayName("Under umask 022 the auth and history databases and their -wal and -shm files are 0600")
    void databasesAndTheirWalFilesAreOwnerOnly() throws IOException {
        Path authDb = dir.resolve("auth.db");
        Path historyDb = dir.resolve("history.db");
        try (ChildJvm child = ChildJvm.start(Child.class, List.of(authDb.toString(), historyDb.toString()))) {
            child.awaitLine("ready"::equals, Duration.ofSeconds(60));
            for (Path db : List.of(authDb, historyDb)) {
                for (String suffix : List.of("", "-wal", "-shm")) {
                    Path f = Path.of(db + suffix);
                    assertThat(f).as("%s while the store is open", f).exists();
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as("mode of %s", f)
                            .isEqualTo("rw-------");
                }
            }
            child.send("done");
            child.waitForExit(Duration.ofSeconds(30));
            assertThat(child.exitValue()).as(child.stderrTail()).isZero();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(authDb))).isEqualTo("rw-------");
    }
}
