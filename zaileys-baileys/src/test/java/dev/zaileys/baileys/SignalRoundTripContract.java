package dev.zaileys.baileys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaileys.store.AuthStoreBundle;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two identities whose creds and Signal keys live in one backend talk through Baileys' own Signal
 * repository (1:1 and a group through sender keys); then both drivers and both stores are closed,
 * reopened, and the conversation goes on. It can only go on if every libsignal record came back
 * through the bridge and the store exactly as it was written.
 */
abstract class SignalRoundTripContract {

    static final String ALICE = "1001@lid";
    static final String BOB = "1002@lid";
    static final String GROUP = "120363000000000001@g.us";

    /** Opens (or reopens) the store of one identity; {@code name} is alice or bob. */
    protected abstract AuthStoreBundle openStore(String name);

    @Test
    @DisplayName("R1: 1:1 and group messages decrypt both ways, and again after drivers and stores reopen")
    void conversationSurvivesReopen() {
        BaileysDriver driver = TestDriver.shared();
        AuthStoreBundle aliceStore = openStore("alice");
        AuthStoreBundle bobStore = openStore("bob");
        int aliceRegistration;
        SortedMap<String, List<String>> aliceKeysBefore;
        Map<String, JsonNode> aliceSessionBefore;
        try (BaileysSignal alice = BaileysSignal.open(driver, "alice", aliceStore);
             BaileysSignal bob = BaileysSignal.open(driver, "bob", bobStore)) {
            aliceRegistration = alice.registrationId();
            alice.startSession(BOB, bob.preKeyBundle());

            BaileysSignal.Encrypted first = alice.encrypt(BOB, utf8("hello bob"));
            assertThat(first.type()).isEqualTo("pkmsg");
            assertThat(text(bob.decrypt(ALICE, first))).isEqualTo("hello bob");
            BaileysSignal.Encrypted reply = bob.encrypt(ALICE, utf8("hello alice"));
            assertThat(text(alice.decrypt(BOB, reply))).isEqualTo("hello alice");

            BaileysSignal.GroupEncrypted inGroup = alice.groupEncrypt(GROUP, ALICE, utf8("hello group"));
            bob.processSenderKey(GROUP, ALICE, inGroup.senderKeyDistributionMessage());
            assertThat(text(bob.groupDecrypt(GROUP, ALICE, inGroup.ciphertext()))).isEqualTo("hello group");

            aliceKeysBefore = aliceStore.listKeyIds();
            aliceSessionBefore = aliceStore.read("session", aliceKeysBefore.getOrDefault("session", List.of()));
        } finally {
            aliceStore.close();
            bobStore.close();
        }
        assertThat(aliceKeysBefore).containsKeys("session", "sender-key");
        assertThat(aliceSessionBefore).isNotEmpty();

        aliceStore = openStore("alice");
        bobStore = openStore("bob");
        try (BaileysSignal alice = BaileysSignal.open(driver, "alice", aliceStore);
             BaileysSignal bob = BaileysSignal.open(driver, "bob", bobStore)) {
            assertThat(alice.registrationId()).as("the reopened identity is the stored one").isEqualTo(aliceRegistration);
            assertThat(aliceStore.read("session", aliceSessionBefore.keySet())).isEqualTo(aliceSessionBefore);

            BaileysSignal.Encrypted again = alice.encrypt(BOB, utf8("still there?"));
            assertThat(again.type()).as("the stored session is used, no new pre-key message").isEqualTo("msg");
            assertThat(text(bob.decrypt(ALICE, again))).isEqualTo("still there?");
            assertThat(text(alice.decrypt(BOB, bob.encrypt(ALICE, utf8("yes"))))).isEqualTo("yes");

            BaileysSignal.GroupEncrypted later = alice.groupEncrypt(GROUP, ALICE, utf8("group again"));
            assertThat(text(bob.groupDecrypt(GROUP, ALICE, later.ciphertext()))).isEqualTo("group again");
        } finally {
            aliceStore.close();
            bobStore.close();
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
