package dev.zaileys.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Chat;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.file.FileAuthStore;
import dev.zaileys.store.memory.MemoryAuthStore;
import dev.zaileys.store.memory.MemoryMessageStore;
import dev.zaileys.testkit.FileFixtures;
import dev.zaileys.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionCheckTest {

    @TempDir
    Path tmp;

    private FileAuthStore nodeStore() {
        return FileAuthStore.builder().basePath(FileFixtures.copyFileAuth(tmp.resolve("node"))).build();
    }

    @Test
    void theNodeOriginalsSessionIsHealthy() {
        try (FileAuthStore auth = nodeStore()) {
            SessionCheck.Result r = SessionCheck.run(auth, null);
            assertThat(r.problems()).isEmpty();
            assertThat(r.healthy()).isTrue();
            assertThat(r.counts()).containsEntry("creds", 1L).containsEntry("signal pre-key", 5L)
                    .containsEntry("signal session", 4L);
            assertThat(SessionCheck.check(auth)).isEmpty();
        }
    }

    @Test
    void aDamagedFileIsOneProblemNamingIt() throws Exception {
        try (FileAuthStore auth = nodeStore()) {
            Files.writeString(auth.basePath().resolve("signal/pre-key/3.json"), "{\"private\":{\"type\":\"Buf");
            Files.writeString(auth.basePath().resolve("signal/session/6281234500002.0.json"), "not json");
            List<String> problems = SessionCheck.check(auth);
            assertThat(problems).hasSize(2);
            assertThat(problems.get(0)).startsWith("pre-key/3: ").contains("STORE_CORRUPTED");
            assertThat(problems.get(1)).startsWith("session/6281234500002.0: ");
        }
    }

    @Test
    void credsWithoutNoiseKeyOrWithBadKeysFail() {
        try (FileAuthStore auth = nodeStore()) {
            ObjectNode creds = auth.readCreds().orElseThrow().toJson();
            creds.remove("noiseKey");
            ((ObjectNode) creds.get("signedIdentityKey")).set("private", BufferJson.decode("{\"type\":\"Buffer\",\"data\":\"AQID\"}"));
            creds.remove("signedPreKey");
            creds.put("registered", true);
            creds.remove("me");
            auth.writeCreds(AuthCreds.of(creds));
            assertThat(SessionCheck.check(auth)).containsExactly(
                    "creds.noiseKey: missing",
                    "creds.signedIdentityKey: private and public must be 32-byte binaries",
                    "creds.signedPreKey: missing",
                    "creds.me.id: missing although registered is true");
        }
    }

    @Test
    void damagedCredsAndMissingCredsAreProblems() throws Exception {
        try (FileAuthStore auth = nodeStore()) {
            Files.writeString(auth.basePath().resolve("creds.json"), "{\"noiseKey\":");
            assertThat(SessionCheck.check(auth)).singleElement().asString().startsWith("creds: ")
                    .contains("STORE_CORRUPTED");
            auth.deleteCreds();
            assertThat(SessionCheck.check(auth)).containsExactly(
                    "creds: none stored although Signal keys are (the session cannot connect without its creds)");
        }
        try (MemoryAuthStore empty = new MemoryAuthStore()) {
            assertThat(SessionCheck.check(empty)).containsExactly("creds: none stored (an empty session)");
        }
    }

    @Test
    void historyIsReadWholeAndCounted() {
        try (MemoryAuthStore auth = new MemoryAuthStore(); MemoryMessageStore history = new MemoryMessageStore()) {
            auth.writeCreds(Fixtures.creds());
            history.saveMessages(Fixtures.messages());
            Fixtures.chats().forEach(history::saveChat);
            Fixtures.contacts().forEach(history::saveContact);
            Fixtures.presences().forEach(history::savePresence);
            Fixtures.jobs().forEach(history::saveScheduledJob);
            SessionCheck.Result r = SessionCheck.run(auth, history);
            assertThat(r.problems()).isEmpty();
            assertThat(r.counts()).containsEntry("messages", (long) Fixtures.latestMessages().size())
                    .containsEntry("chats", (long) Fixtures.chats().stream().map(Chat::id).distinct().count())
                    .containsEntry("jobs", 2L);
        }
    }

    @Test
    void anUnreachableOrClosedStoreThrowsRatherThanReportingProblems() {
        MemoryAuthStore auth = new MemoryAuthStore();
        auth.close();
        assertThatThrownBy(() -> SessionCheck.check(auth)).isInstanceOfSatisfying(ZaileysStoreException.class,
                e -> assertThat(e.code()).isEqualTo(Code.STORE_CLOSED));
    }
}
