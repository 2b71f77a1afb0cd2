package dev.zaileys.baileys;

import static dev.zaileys.baileys.SignalRoundTripContract.ALICE;
import static dev.zaileys.baileys.SignalRoundTripContract.BOB;
import static dev.zaileys.baileys.SignalRoundTripContract.GROUP;
import static dev.zaileys.baileys.SignalRoundTripContract.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.memory.MemoryAuthStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * With the driver logging at trace, a conversation leaves no message text, creds value or key in
 * the log, while the driver's lines do reach SLF4J at their levels.
 */
class LogHygieneTest {

    private static final Path LOG = Path.of("target", "zaileys-baileys-tests.log");

    @Test
    @DisplayName("H1: driver logs reach SLF4J at trace..error; none carries plaintext, creds or key bytes")
    void noSecretsInLogs() throws IOException {
        String plaintext = "secret text 7f3a9c";
        List<String> secrets = new ArrayList<>();
        try (AuthStoreBundle aliceStore = new MemoryAuthStore(); AuthStoreBundle bobStore = new MemoryAuthStore();
             BaileysSignal alice = BaileysSignal.open(TestDriver.shared(), "hygiene-alice", aliceStore);
             BaileysSignal bob = BaileysSignal.open(TestDriver.shared(), "hygiene-bob", bobStore)) {
            alice.startSession(BOB, bob.preKeyBundle());
            bob.decrypt(ALICE, alice.encrypt(BOB, utf8(plaintext)));
            BaileysSignal.GroupEncrypted g = alice.groupEncrypt(GROUP, ALICE, utf8(plaintext));
            bob.processSenderKey(GROUP, ALICE, g.senderKeyDistributionMessage());
            bob.groupDecrypt(GROUP, ALICE, g.ciphertext());
            for (AuthStoreBundle s : List.of(aliceStore, bobStore)) {
                collect(s.readCreds().orElseThrow().toJson(), secrets);
                s.listKeyIds().forEach((type, ids) -> s.read(type, ids).values().forEach(v -> collect(v, secrets)));
            }
        }
        String log = Files.readString(LOG, StandardCharsets.UTF_8);
        assertThat(log).as("driver lines reach SLF4J with their level").containsPattern("(TRACE|DEBUG) dev\\.zaileys\\.baileys\\.driver - \\[hygiene-");
        assertThat(log).doesNotContain(plaintext);
        assertThat(secrets).as("binary creds and key values collected").hasSizeGreaterThan(10);
        for (String secret : secrets) {
            assertThat(log).as("a creds or key value in the log").doesNotContain(secret);
        }
    }

    /** Base64 and hex of every binary value of 16 bytes or more, and every long string value. */
    private static void collect(JsonNode node, List<String> out) {
        if (node.isBinary()) {
            try {
                byte[] b = node.binaryValue();
                if (b.length >= 16) {
                    out.add(Base64.getEncoder().encodeToString(b));
                    out.add(HexFormat.of().formatHex(b));
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else if (node.isTextual() && node.asText().length() >= 24) {
            out.add(node.asText());
        } else if (node.isContainerNode()) {
            node.forEach(child -> collect(child, out));
        }
    }
}
