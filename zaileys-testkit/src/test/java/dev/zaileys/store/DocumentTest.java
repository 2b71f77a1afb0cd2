package dev.zaileys.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.Presence;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.Timestamps;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.testkit.Fixtures;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The document wrappers: typed access, lossless keeping, immutability, input checks. */
@DisplayName("Documents")
class DocumentTest {

    private static ObjectNode json(String s) {
        return (ObjectNode) BufferJson.decode(s);
    }

    private static void assertInvalid(Runnable r) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(ZaileysStoreException.class,
                e -> assertThat(e.code()).isEqualTo(Code.STORE_INVALID_INPUT));
    }

    @Nested
    @DisplayName("WAMessage")
    class WAMessageTest {

        private static final String BASE = "{\"key\":{\"remoteJid\":\"120363000000000001@g.us\",\"fromMe\":false,"
                + "\"id\":\"3EB0A\",\"participant\":\"628573776768@s.whatsapp.net\"},\"messageTimestamp\":%s,"
                + "\"pushName\":\"Andi\",\"message\":{\"conversation\":\"halo\"},\"zFuture\":{\"x\":[1,2]}}";

        @Test
        @DisplayName("D1 typed access: key, participant, timestamp, pushName, text")
        void access() throws Exception {
            WAMessage m = WAMessage.parse(BASE.formatted("1700000000"));
            assertThat(m.key()).isEqualTo(MessageKey.of("120363000000000001@g.us", false, "3EB0A"));
            assertThat(m.key().participantJid()).contains("628573776768@s.whatsapp.net");
            assertThat(m.timestamp()).isEqualTo(1_700_000_000L);
            assertThat(m.pushName()).contains("Andi");
            assertThat(m.text()).contains("halo");
            assertThat(m.isRevoked()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"1700000000", "\"1700000000\"", "{\"low\":1700000000,\"high\":0,\"unsigned\":true}",
                "{\"low\":1700000000,\"high\":0,\"unsigned\":false}", "1700000000.0"})
        @DisplayName("D2 timestamps from a number, a numeric string, a {low, high, unsigned} long")
        void timestamps(String ts) throws Exception {
            assertThat(WAMessage.parse(BASE.formatted(ts)).timestamp()).isEqualTo(1_700_000_000L);
        }

        @Test
        @DisplayName("D3 a long with high bits and a negative low half")
        void longTimestamp() throws Exception {
            assertThat(Timestamps.read(json("{\"v\":{\"low\":-1,\"high\":1,\"unsigned\":true}}").get("v"))).hasValue((1L << 33) - 1);
            assertThat(WAMessage.parse(BASE.formatted("null")).timestamp()).isZero();
            assertThat(WAMessage.parse(BASE.formatted("\"soon\"")).timestamp()).isZero();
        }

        @Test
        @DisplayName("D4 unknown fields and key order survive; the wrapper is immutable")
        void lossless() throws Exception {
            String text = BASE.formatted("1700000000");
            ObjectNode tree = json(text);
            WAMessage m = WAMessage.of(tree);
            tree.put("pushName", "changed");
            assertThat(m.toJsonString()).isEqualTo(text);
            m.toJson().removeAll();
            assertThat(m.toJsonString()).isEqualTo(text);
        }

        @Test
        @DisplayName("D5 text of an extended text, a caption; none for a stub")
        void texts() throws Exception {
            String k = "{\"key\":{\"remoteJid\":\"a@s.whatsapp.net\",\"id\":\"1\"},";
            assertThat(WAMessage.parse(k + "\"message\":{\"extendedTextMessage\":{\"text\":\"ext\"}}}").text()).contains("ext");
            assertThat(WAMessage.parse(k + "\"message\":{\"imageMessage\":{\"caption\":\"cap\"}}}").text()).contains("cap");
            assertThat(WAMessage.parse(k + "\"messageStubType\":1}").text()).isEmpty();
            assertThat(WAMessage.parse(k + "\"messageStubType\":1}").isRevoked()).isTrue();
        }

        @Test
        @DisplayName("D6 status from a number or a name")
        void status() throws Exception {
            String k = "{\"key\":{\"remoteJid\":\"a@s.whatsapp.net\",\"id\":\"1\"},\"status\":";
            assertThat(WAMessage.parse(k + "4}").status()).hasValue(4);
            assertThat(WAMessage.parse(k + "\"READ\"}").status()).hasValue(4);
            assertThat(WAMessage.parse(k + "\"SERVER_ACK\"}").status()).hasValue(2);
        }

        @Test
        @DisplayName("D7 equality compares data: a number built in code equals the same number decoded")
        void equality() throws Exception {
            ObjectNode built = BufferJson.object();
            built.set("key", MessageKey.of("a@s.whatsapp.net", false, "1").toJson());
            built.put("messageTimestamp", 1_700_000_000L);
            WAMessage a = WAMessage.of(built);
            WAMessage b = WAMessage.parse(a.toJsonString());
            assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        }

        @Test
        @DisplayName("D8 bad messages are STORE_INVALID_INPUT")
        void bad() throws Exception {
            assertInvalid(() -> WAMessage.parse("{"));
            assertInvalid(() -> WAMessage.parse("[]"));
            assertInvalid(() -> WAMessage.parse("{\"key\":{\"id\":\"x\"}}"));
            assertInvalid(() -> WAMessage.parse("{\"key\":{\"remoteJid\":\"a\",\"id\":\"\\u0000\"}}"));
            assertInvalid(() -> WAMessage.parse("{\"key\":\"a\"}"));
            assertInvalid(() -> WAMessage.parse("{\"key\":{\"remoteJid\":\"a\",\"id\":5}}"));
        }

        @Test
        @DisplayName("D9 every fixture message parses and re-encodes exactly")
        void fixtures() throws Exception {
            for (WAMessage m : Fixtures.messages()) {
                assertThat(WAMessage.parse(m.toJsonString())).isEqualTo(m);
                assertThat(WAMessage.parse(m.toJsonString()).toJsonString()).isEqualTo(m.toJsonString());
            }
        }
    }

    @Nested
    @DisplayName("MessageKey")
    class MessageKeyTest {

        @Test
        @DisplayName("D10 participant is not identity; fromMe is")
        void identity() throws Exception {
            MessageKey a = new MessageKey("g@g.us", false, "1", "p1@s.whatsapp.net");
            MessageKey b = new MessageKey("g@g.us", false, "1", "p2@s.whatsapp.net");
            assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
            assertThat(a).isNotEqualTo(MessageKey.of("g@g.us", true, "1"));
            assertThat(MessageKey.fromJson(a.toJson())).isEqualTo(a);
            assertThat(MessageKey.fromJson(a.toJson()).participant()).isEqualTo("p1@s.whatsapp.net");
        }
    }

    @Nested
    @DisplayName("Chat, Contact, Presence, AuthCreds, ScheduledJob")
    class OthersTest {

        @Test
        @DisplayName("D11 chat access; archived absent/null reads false")
        void chat() throws Exception {
            Chat c = Chat.parse("{\"id\":\"a@s.whatsapp.net\",\"name\":\"Andi\",\"unreadCount\":3,"
                    + "\"conversationTimestamp\":{\"low\":1700000000,\"high\":0,\"unsigned\":true},\"archived\":true}");
            assertThat(c.id()).isEqualTo("a@s.whatsapp.net");
            assertThat(c.archived()).isTrue();
            assertThat(c.unreadCount()).hasValue(3);
            assertThat(c.conversationTimestamp()).hasValue(1_700_000_000L);
            assertThat(c.name()).contains("Andi");
            assertThat(Chat.parse("{\"id\":\"x\",\"archived\":null}").archived()).isFalse();
            assertThat(Chat.parse("{\"id\":\"x\"}").archived()).isFalse();
            assertInvalid(() -> Chat.parse("{\"name\":\"no id\"}"));
        }

        @Test
        @DisplayName("D12 contact and presence access")
        void contactPresence() throws Exception {
            Contact c = Contact.parse("{\"id\":\"a@s.whatsapp.net\",\"name\":\"Andi Saputra\",\"notify\":\"Andi\"}");
            assertThat(c.name()).contains("Andi Saputra");
            assertThat(c.notifyName()).contains("Andi");
            Presence p = Presence.parse("{\"lastKnownPresence\":\"unavailable\",\"lastSeen\":1700000050}");
            assertThat(p.lastKnownPresence()).contains("unavailable");
            assertThat(p.lastSeen()).hasValue(1_700_000_050L);
            assertInvalid(() -> Contact.parse("{}"));
            assertInvalid(() -> Presence.parse("nope"));
        }

        @Test
        @DisplayName("D13 creds keep binary values and never print key material")
        void creds() throws Exception {
            AuthCreds creds = Fixtures.creds();
            assertThat(creds.meId()).contains("6281200000000:12@s.whatsapp.net");
            assertThat(creds.toString()).doesNotContain("noiseKey").doesNotContain("private");
            JsonNode back = BufferJson.decode(creds.toJsonString());
            assertThat(back.at("/noiseKey/private").isBinary()).isTrue();
            assertThat(AuthCreds.parse(creds.toJsonString())).isEqualTo(creds);
        }

        @Test
        @DisplayName("D14 scheduled jobs: claims, leases, retries; fixture jobs parse")
        void jobs() throws Exception {
            Instant at = Instant.ofEpochMilli(1_700_000_000_000L);
            ScheduledJob j = ScheduledJob.create("j1", at, "a@s.whatsapp.net", json("{\"text\":\"hi\"}"));
            assertThat(j.claimableAt(at.minusMillis(1))).isFalse();
            assertThat(j.claimableAt(at)).isTrue();
            ScheduledJob c = j.claimed("me", at.plusSeconds(30));
            assertThat(c.attempts()).isEqualTo(1);
            assertThat(c.claimedBy()).contains("me");
            assertThat(c.claimableAt(at.plusSeconds(10))).isFalse();
            assertThat(c.claimableAt(at.plusSeconds(30))).isTrue();
            ScheduledJob r = c.retryAt(at.plusSeconds(60), "timeout");
            assertThat(r.claimedBy()).isEmpty();
            assertThat(r.fireAt()).isEqualTo(at.plusSeconds(60));
            assertThat(r.attempts()).isEqualTo(1);
            for (ScheduledJob f : Fixtures.jobs()) {
                assertThat(ScheduledJob.parse(f.toJsonString())).isEqualTo(f);
                assertThat(f.recipient()).contains("@").doesNotContain(" ");
            }
            assertInvalid(() -> ScheduledJob.parse("{\"id\":\"x\",\"fireAt\":\"soon\"}"));
        }
    }
}
