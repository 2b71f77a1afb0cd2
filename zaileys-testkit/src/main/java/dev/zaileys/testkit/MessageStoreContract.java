package dev.zaileys.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.binding.StoreBinding;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.Ids;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.Presence;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.socket.BaileysEvents;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageCursor;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.PruneOptions;
import dev.zaileys.store.SaveOutcome;
import dev.zaileys.store.StoreWrite;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every message store shares (DESIGN section 3 and 9, the seed's MessageStore):
 * saving and reading, status and revokes, paging, pruning, chats, contacts and presence,
 * concurrency, clear, close and bad input. An adapter test extends this class and provides
 * {@link #newStore()}; durable adapters extend {@link DurableMessageStoreContract} instead. Two
 * capabilities have their own contracts, which the adapter test adds as nested classes:
 * {@link BindingContract} (M7) and {@link ScheduledJobStoreContract} (M8).
 *
 * <p>Longer than a main class should be, on purpose: it is a test suite of ten independent
 * {@code @Nested} groups (M1 to M6, M9 to M12), each one area a reader takes alone; the shared
 * helpers live in {@link MessageContractSupport}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class MessageStoreContract<S extends MessageStore> extends MessageContractSupport<S> {

    /**
     * Messages of the M4.4 cursor walk (a twentieth of them share one second). Keep 10,000; only a
     * test backend that cannot hold that many in reasonable time (the in-memory Convex double,
     * whose every index lookup scans its whole table) may return fewer, and says so in its test.
     */
    protected int cursorWalkMessages() {
        return 10_000;
    }

    // =====================================================================================
    @Nested
    @DisplayName("M1: save and get messages")
    class SaveAndGet {

        @Test
        @DisplayName("M1.1 the fixture messages round-trip; the one saved twice keeps the later content")
        void fixtureRoundTrip() {
            List<WAMessage> all = Fixtures.messages();
            List<SaveOutcome> outcomes = store.saveMessages(all);
            assertThat(outcomes).hasSize(all.size());
            assertThat(outcomes.stream().filter(o -> o == SaveOutcome.NEW)).hasSize(Fixtures.latestMessages().size());
            Fixtures.latestMessages().forEach((key, m) -> {
                WAMessage got = store.getMessage(key).orElseThrow();
                assertThat(got.toJson()).as(key.id()).isEqualTo(m.toJson());
            });
        }

        @Test
        @DisplayName("M1.2 one by one gives the same result as one batch")
        void oneByOne() {
            Fixtures.messages().forEach(store::saveMessage);
            Fixtures.latestMessages().forEach((key, m) ->
                    assertThat(store.getMessage(key).orElseThrow().text()).isEqualTo(m.text()));
        }

        @Test
        @DisplayName("M1.3 saveMessage tells NEW, UNCHANGED and UPDATED")
        void outcomes() {
            WAMessage m = msg(DM, "A1", false, T0, "hi");
            assertThat(store.saveMessage(m)).isEqualTo(SaveOutcome.NEW);
            assertThat(store.saveMessage(m)).isEqualTo(SaveOutcome.UNCHANGED);
            assertThat(store.saveMessage(msg(DM, "A1", false, T0, "hi (edited)"))).isEqualTo(SaveOutcome.UPDATED);
            assertThat(store.saveMessage(msg(DM, "A1", true, T0, "mine"))).isEqualTo(SaveOutcome.NEW);
            assertThat(store.saveMessages(List.of(msg(DM, "B1", false, T0, "x"), msg(DM, "B1", false, T0, "x"),
                    msg(DM, "B1", false, T0, "y")))).containsExactly(SaveOutcome.NEW, SaveOutcome.UNCHANGED, SaveOutcome.UPDATED);
            assertThat(store.getMessage(MessageKey.of(DM, false, "B1")).orElseThrow().text()).contains("y");
        }

        @Test
        @DisplayName("M1.4 a saved message merges into the stored one: new fields win, others stay")
        void merge() {
            WAMessage first = withField(msg(DM, "M", false, T0, "a"), "extra", json("{\"keep\":true}"));
            store.saveMessage(first);
            store.saveMessage(msg(DM, "M", false, T0, "b"));
            WAMessage got = store.getMessage(MessageKey.of(DM, false, "M")).orElseThrow();
            assertThat(got.text()).contains("b");
            assertThat(got.toJson().get("extra")).isEqualTo(json("{\"keep\":true}"));
        }

        @Test
        @DisplayName("M1.5 the same id sent and received are two messages; participant is not identity")
        void identity() {
            WAMessage in = withField(msg(GROUP, "SAME", false, T0, "theirs"), "key",
                    json("{\"remoteJid\":\"" + GROUP + "\",\"fromMe\":false,\"id\":\"SAME\",\"participant\":\"628579388796@s.whatsapp.net\"}"));
            store.saveMessage(in);
            store.saveMessage(msg(GROUP, "SAME", true, T0, "mine"));
            assertThat(store.getMessage(MessageKey.of(GROUP, false, "SAME")).orElseThrow().text()).contains("theirs");
            assertThat(store.getMessage(new MessageKey(GROUP, false, "SAME", "other@s.whatsapp.net"))).isPresent();
            assertThat(store.getMessage(MessageKey.of(GROUP, true, "SAME")).orElseThrow().text()).contains("mine");
            assertThat(store.getMessage(MessageKey.of(DM, false, "SAME"))).isEmpty();
            assertThat(store.listMessages(GROUP)).hasSize(2);
        }

        @Test
        @DisplayName("M1.6 a missing message is empty")
        void missing() {
            assertThat(store.getMessage(MessageKey.of(DM, false, "nope"))).isEmpty();
            assertThat(store.listMessages("nobody@s.whatsapp.net")).isEmpty();
        }

        @Test
        @DisplayName("M1.7 binary fields (media keys) round-trip byte for byte; unknown fields and key order survive")
        void binaryAndUnknown() throws Exception {
            byte[] mediaKey = new byte[32];
            new Random(1).nextBytes(mediaKey);
            ObjectNode n = msg(DM, "IMG", false, T0, "x").toJson();
            n.remove("message");
            ObjectNode img = n.putObject("message").putObject("imageMessage");
            img.put("caption", "foto");
            img.set("mediaKey", BinaryNode.valueOf(mediaKey));
            img.set("jpegThumbnail", BinaryNode.valueOf(new byte[0]));
            n.put("zzzFutureField", "kept");
            n.putObject("aaaNested").put("b", 1).put("a", 2);
            WAMessage m = WAMessage.of(n);
            store.saveMessage(m);
            WAMessage got = store.getMessage(m.key()).orElseThrow();
            assertThat(got).isEqualTo(m);
            if (keepsKeyOrder()) {
                assertThat(got.toJsonString()).isEqualTo(m.toJsonString());
            }
            assertThat(got.toJson().at("/message/imageMessage/mediaKey").binaryValue()).isEqualTo(mediaKey);
            assertThat(got.text()).contains("foto");
        }

        @Test
        @DisplayName("M1.8 timestamps as number, numeric string and {low, high, unsigned} order the same way")
        void timestampShapes() throws Exception {
            store.saveMessage(withField(msg(DM, "N", false, 0, "n"), "messageTimestamp", json("{\"v\":" + (T0 + 1) + "}").get("v")));
            store.saveMessage(withField(msg(DM, "S", false, 0, "s"), "messageTimestamp", json("{\"v\":\"" + (T0 + 3) + "\"}").get("v")));
            store.saveMessage(withField(msg(DM, "L", false, 0, "l"), "messageTimestamp",
                    json("{\"low\":" + (T0 + 2) + ",\"high\":0,\"unsigned\":true}")));
            List<WAMessage> list = store.listMessages(DM);
            assertThat(ids(list)).containsExactly("S", "L", "N");
            assertThat(list.get(1).timestamp()).isEqualTo(T0 + 2);
            assertThat(list.get(1).toJson().get("messageTimestamp").isObject()).isTrue();
            assertThat(store.listMessages(DM, ListOptions.limit(10).before(T0 + 3))).hasSize(2);
        }

        @Test
        @DisplayName("M1.9 no aliasing: changing a saved or returned tree changes nothing stored")
        void noAliasing() {
            ObjectNode tree = msg(DM, "AL", false, T0, "orig").toJson();
            WAMessage m = WAMessage.of(tree);
            store.saveMessage(m);
            ((ObjectNode) tree.get("message")).put("conversation", "mutated");
            store.getMessage(m.key()).orElseThrow().toJson().removeAll();
            store.listMessages(DM).get(0).toJson().removeAll();
            assertThat(store.getMessage(m.key()).orElseThrow().text()).contains("orig");
        }

        @Test
        @DisplayName("M1.10 deleteMessage removes it (true), a second time is false")
        void delete() {
            WAMessage m = msg(DM, "D", false, T0, "x");
            store.saveMessage(m);
            store.saveMessage(msg(DM, "E", false, T0, "y"));
            assertThat(store.deleteMessage(m.key())).isTrue();
            assertThat(store.deleteMessage(m.key())).isFalse();
            assertThat(store.deleteMessage(MessageKey.of(DM2, false, "never"))).isFalse();
            assertThat(store.getMessage(m.key())).isEmpty();
            assertThat(ids(store.listMessages(DM))).containsExactly("E");
        }

        @Test
        @DisplayName("M1.11 a message whose timestamp changes moves in the list and is listed once")
        void timestampChange() {
            store.saveMessage(msg(DM, "A", false, T0, "a"));
            store.saveMessage(msg(DM, "B", false, T0 + 10, "b"));
            store.saveMessage(msg(DM, "A", false, T0 + 20, "a"));
            assertThat(ids(store.listMessages(DM))).containsExactly("A", "B");
        }
    }

    // =====================================================================================
    @Nested
    @DisplayName("M2: delivery status only moves forward")
    class Status {

        @Test
        @DisplayName("M2.1 READ(4) then SERVER_ACK(2) keeps 4; PLAYED(5) moves on; a save without status keeps it")
        void forward() {
            WAMessage m = msg(DM, "ST", true, T0, "x");
            store.saveMessage(withStatus(m, 4));
            assertThat(store.saveMessage(withStatus(m, 2))).isEqualTo(SaveOutcome.UNCHANGED);
            assertThat(store.getMessage(m.key()).orElseThrow().status()).hasValue(4);
            store.saveMessage(m);
            assertThat(store.getMessage(m.key()).orElseThrow().status()).hasValue(4);
            assertThat(store.saveMessage(withStatus(m, 5))).isEqualTo(SaveOutcome.UPDATED);
            assertThat(store.getMessage(m.key()).orElseThrow().status()).hasValue(5);
        }

        @Test
        @DisplayName("M2.2 status names count like numbers (\"READ\" beats 2)")
        void names() {
            WAMessage m = msg(DM, "STN", true, T0, "x");
            store.saveMessage(withField(m, "status", json("{\"s\":\"READ\"}").get("s")));
            store.saveMessage(withStatus(m, 2));
            assertThat(store.getMessage(m.key()).orElseThrow().status()).hasValue(4);
        }

        @Test
        @DisplayName("M2.3 through messages.update as well")
        void throughUpdate() {
            WAMessage m = msg(DM, "STU", true, T0, "x");
            store.saveMessage(withStatus(m, 4));
            bind();
            emit(BaileysEvents.MESSAGES_UPDATE, update(m.key(), json("{\"status\":2}")));
            binding.flush();
            assertThat(store.getMessage(m.key()).orElseThrow().status()).hasValue(4);
            emit(BaileysEvents.MESSAGES_UPDATE, update(m.key(), json("{\"status\":5}")));
            binding.flush();
            assertThat(store.getMessage(m.key()).orElseThrow().status()).hasValue(5);
            assertThat(errors).isEmpty();
        }
    }

    // =====================================================================================
    @Nested
    @DisplayName("M3: revokes and edits")
    class RevokeEdit {

        @Test
        @DisplayName("M3.1 messages.update {message: null, messageStubType: 1} leaves a tombstone")
        void revokeByUpdate() {
            WAMessage m = msg(DM, "RV", false, T0, "secret");
            store.saveMessage(m);
            bind();
            emit(BaileysEvents.MESSAGES_UPDATE, update(m.key(), json("{\"message\":null,\"messageStubType\":1}")));
            binding.flush();
            WAMessage got = store.getMessage(m.key()).orElseThrow();
            assertThat(got.isRevoked()).isTrue();
            assertThat(got.toJson().has("message")).isFalse();
            assertThat(got.text()).isEmpty();
            assertThat(ids(store.listMessages(DM))).containsExactly("RV");
        }

        @Test
        @DisplayName("M3.2 an upserted protocolMessage REVOKE (type 0) tombstones its target, received or sent")
        void revokeByProtocolMessage() {
            WAMessage theirs = msg(DM, "T1", false, T0, "theirs");
            WAMessage mine = msg(DM, "T2", true, T0 + 1, "mine");
            store.saveMessages(List.of(theirs, mine));
            // The sender's key inside a protocol message is relative to the sender (fromMe true).
            ObjectNode revokeTheirs = msg(DM, "P1", false, T0 + 5, "").toJson();
            revokeTheirs.set("message", json("{\"protocolMessage\":{\"key\":{\"remoteJid\":\"" + DM
                    + "\",\"fromMe\":true,\"id\":\"T1\"},\"type\":0}}"));
            ObjectNode revokeMine = msg(DM, "P2", true, T0 + 6, "").toJson();
            revokeMine.set("message", json("{\"protocolMessage\":{\"key\":{\"remoteJid\":\"" + DM
                    + "\",\"fromMe\":true,\"id\":\"T2\"},\"type\":\"REVOKE\"}}"));
            store.saveMessage(WAMessage.of(revokeTheirs));
            bind();
            emit(BaileysEvents.MESSAGES_UPSERT, upsert(WAMessage.of(revokeMine)));
            binding.flush();
            WAMessage t1 = store.getMessage(theirs.key()).orElseThrow();
            assertThat(t1.isRevoked()).isTrue();
            assertThat(t1.text()).isEmpty();
            assertThat(store.getMessage(mine.key()).orElseThrow().isRevoked()).isTrue();
            assertThat(store.getMessage(MessageKey.of(DM, true, "T1"))).as("no phantom message").isEmpty();
            assertThat(errors).isEmpty();
        }

        @Test
        @DisplayName("M3.3 an edit (type 14 with editedMessage) replaces the content, keeps the message")
        void edit() {
            WAMessage m = msg(DM, "ED", true, T0, "tyop");
            store.saveMessage(withStatus(m, 3));
            ObjectNode edit = msg(DM, "ED-P", true, T0 + 30, "").toJson();
            edit.set("message", json("{\"protocolMessage\":{\"key\":{\"remoteJid\":\"" + DM
                    + "\",\"fromMe\":true,\"id\":\"ED\"},\"type\":14,\"editedMessage\":{\"conversation\":\"typo\"}}}"));
            store.saveMessage(WAMessage.of(edit));
            WAMessage got = store.getMessage(m.key()).orElseThrow();
            assertThat(got.text()).contains("typo");
            assertThat(got.isRevoked()).isFalse();
            assertThat(got.status()).hasValue(3);
            assertThat(got.timestamp()).isEqualTo(T0);
        }

        @Test
        @DisplayName("M3.4 a revoke of an unknown message stores no phantom target")
        void revokeUnknown() {
            ObjectNode revoke = msg(DM, "P9", false, T0, "").toJson();
            revoke.set("message", json("{\"protocolMessage\":{\"key\":{\"remoteJid\":\"" + DM
                    + "\",\"fromMe\":true,\"id\":\"GONE\"},\"type\":0}}"));
            store.saveMessage(WAMessage.of(revoke));
            assertThat(store.getMessage(MessageKey.of(DM, false, "GONE"))).isEmpty();
            assertThat(store.getMessage(MessageKey.of(DM, true, "GONE"))).isEmpty();
        }
    }

    // =====================================================================================
    @Nested
    @DisplayName("M4: listMessages and paging")
    class Paging {

        @Test
        @DisplayName("M4.1 newest first, default limit 100")
        void defaultLimit() {
            List<WAMessage> all = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                all.add(msg(DM, String.format("M%03d", i), i % 2 == 0, T0 + i, "m" + i));
            }
            store.saveMessages(all);
            store.saveMessage(msg(DM2, "OTHER", false, T0 + 1000, "other chat"));
            List<WAMessage> page = store.listMessages(DM);
            assertThat(page).hasSize(ListOptions.DEFAULT_LIMIT);
            assertThat(page.get(0).key().id()).isEqualTo("M149");
            assertThat(page.get(99).key().id()).isEqualTo("M050");
            assertThat(store.listMessages(DM, ListOptions.limit(7))).hasSize(7);
            assertThat(store.listMessages(DM, ListOptions.limit(1000))).hasSize(150);
            assertThat(store.listMessages(DM, ListOptions.defaults())).hasSize(100);
        }

        @Test
        @DisplayName("M4.2 before is exclusive (timestamp < before) and pages backwards")
        void before() {
            store.saveMessages(List.of(msg(DM, "a", false, T0, "a"), msg(DM, "b", false, T0 + 1, "b"),
                    msg(DM, "c", false, T0 + 1, "c"), msg(DM, "d", false, T0 + 2, "d"), msg(DM, "e", false, T0 + 3, "e")));
            assertThat(ids(store.listMessages(DM, ListOptions.limit(10).before(T0 + 2)))).containsExactly("c", "b", "a");
            assertThat(ids(store.listMessages(DM, ListOptions.limit(1).before(T0 + 2)))).containsExactly("c");
            assertThat(store.listMessages(DM, ListOptions.limit(10).before(T0))).isEmpty();
            assertThat(ids(store.listMessages(DM, ListOptions.limit(10).before(T0 + 100)))).containsExactly("e", "d", "c", "b", "a");
        }

        @Test
        @DisplayName("M4.3 ties in one second are ordered by id then fromMe, descending")
        void tieOrder() {
            store.saveMessages(List.of(msg(DM, "B", false, T0, "1"), msg(DM, "A", true, T0, "2"),
                    msg(DM, "B", true, T0, "3"), msg(DM, "C", false, T0, "4"), msg(DM, "A", false, T0, "5")));
            List<WAMessage> list = store.listMessages(DM);
            assertThat(list).isSortedAccordingTo(NEWEST_FIRST);
            assertThat(list.stream().map(m -> m.key().id() + m.key().fromMe()).toList())
                    .containsExactly("Cfalse", "Btrue", "Bfalse", "Atrue", "Afalse");
        }

        @Test
        @DisplayName("M4.4 a cursor walk over 10,000 messages, 500 in one second, returns each once, in order")
        void cursorWalk() {
            int total = cursorWalkMessages();
            int ties = total / 20;
            List<WAMessage> all = new ArrayList<>(total);
            Random r = new Random(42);
            for (int i = 0; i < total; i++) {
                long ts = i < ties ? T0 + 5_000 : T0 + r.nextInt(20_000);
                String id = String.format("3EB0%016X", r.nextLong() ^ i);
                all.add(msg(GROUP, id, r.nextBoolean(), ts, "m" + i));
            }
            for (int i = 0; i < total; i += 1000) {
                store.saveMessages(all.subList(i, Math.min(total, i + 1000)));
            }
            List<WAMessage> expected = new ArrayList<>(all);
            expected.sort(NEWEST_FIRST);
            List<String> walked = new ArrayList<>(total);
            ListOptions page = ListOptions.limit(50);
            List<WAMessage> batch = store.listMessages(GROUP, page);
            while (!batch.isEmpty()) {
                assertThat(batch.size()).isLessThanOrEqualTo(50);
                batch.forEach(m -> walked.add(m.key().id() + "|" + m.key().fromMe()));
                batch = store.listMessages(GROUP, ListOptions.limit(50).after(MessageCursor.after(batch.get(batch.size() - 1))));
            }
            assertThat(walked).hasSize(total);
            assertThat(new HashSet<>(walked)).hasSize(total);
            assertThat(walked).containsExactlyElementsOf(expected.stream().map(m -> m.key().id() + "|" + m.key().fromMe()).toList());
        }

        @Test
        @DisplayName("M4.5 a cursor from a message of another second, or past the end, works")
        void cursorEdges() {
            store.saveMessages(List.of(msg(DM, "a", false, T0, "a"), msg(DM, "b", false, T0 + 1, "b")));
            assertThat(ids(store.listMessages(DM, ListOptions.limit(5).after(new MessageCursor(T0 + 100, "zzz", true)))))
                    .containsExactly("b", "a");
            assertThat(store.listMessages(DM, ListOptions.limit(5).after(new MessageCursor(T0, "a", false)))).isEmpty();
            assertThat(ids(store.listMessages(DM, ListOptions.limit(5).after(new MessageCursor(T0 + 1, "b", true)))))
                    .containsExactly("b", "a");
        }

        @Test
        @DisplayName("M4.6 fixture chats list every message of the chat newest first; listMessageJids in string order")
        void fixtureLists() {
            store.saveMessages(Fixtures.messages());
            Map<String, List<WAMessage>> byChat = new TreeMap<>();
            Fixtures.latestMessages().values().forEach(m -> byChat.computeIfAbsent(m.key().remoteJid(), j -> new ArrayList<>()).add(m));
            assertThat(store.listMessageJids()).containsExactlyElementsOf(byChat.keySet());
            byChat.forEach((jid, list) -> {
                list.sort(NEWEST_FIRST);
                List<WAMessage> got = store.listMessages(jid);
                assertThat(ids(got)).as(jid).containsExactlyElementsOf(ids(list));
                assertThat(got).isSortedAccordingTo(NEWEST_FIRST);
            });
        }
    }

    // =====================================================================================
    @Nested
    @DisplayName("M5: pruning")
    class Prune {

        private void seed() {
            for (String jid : List.of(DM, DM2)) {
                for (int i = 0; i < 10; i++) {
                    store.saveMessage(msg(jid, "p" + i, false, T0 + i, "x"));
                }
            }
        }

        @Test
        @DisplayName("M5.1 olderThan removes messages strictly older, in every chat")
        void olderThan() {
            seed();
            assertThat(store.pruneMessages(PruneOptions.olderThan(T0 + 4))).isEqualTo(8);
            assertThat(ids(store.listMessages(DM))).containsExactly("p9", "p8", "p7", "p6", "p5", "p4");
            assertThat(store.listMessages(DM2)).hasSize(6);
        }

        @Test
        @DisplayName("M5.2 maxPerChat keeps the newest n of each chat")
        void maxPerChat() {
            seed();
            assertThat(store.pruneMessages(PruneOptions.keepNewest(3))).isEqualTo(14);
            assertThat(ids(store.listMessages(DM2))).containsExactly("p9", "p8", "p7");
            assertThat(store.pruneMessages(PruneOptions.keepNewest(0))).isEqualTo(6);
            assertThat(store.listMessageJids()).isEmpty();
        }

        @Test
        @DisplayName("M5.3 inChat limits pruning to one chat; both limits combine")
        void inChat() {
            seed();
            assertThat(store.pruneMessages(new PruneOptions(T0 + 2, 5, DM))).isEqualTo(5);
            assertThat(ids(store.listMessages(DM))).containsExactly("p9", "p8", "p7", "p6", "p5");
            assertThat(store.listMessages(DM2)).hasSize(10);
            assertThat(store.pruneMessages(PruneOptions.olderThan(T0).inChat("none@s.whatsapp.net"))).isZero();
        }
    }

    // =====================================================================================
    @Nested
    @DisplayName("M6: chats, contacts, presence")
    class Docs {

        @Test
        @DisplayName("M6.1 fixture chats, contacts and presence round-trip")
        void fixtures() {
            loadFixtures(store);
            Fixtures.chats().forEach(c -> assertThat(store.getChat(c.id())).contains(c));
            Fixtures.contacts().forEach(c -> assertThat(store.getContact(c.id())).contains(c));
            Fixtures.presences().forEach((jid, p) -> assertThat(store.getPresence(jid)).contains(p));
            assertThat(store.listChats()).containsExactlyInAnyOrderElementsOf(Fixtures.chats());
            assertThat(store.listContacts()).containsExactlyInAnyOrderElementsOf(Fixtures.contacts());
            assertThat(store.listPresences()).isEqualTo(new TreeMap<>(Fixtures.presences()));
            assertThat(store.getChat("none@s.whatsapp.net")).isEmpty();
            assertThat(store.getContact("none@s.whatsapp.net")).isEmpty();
            assertThat(store.getPresence("none@s.whatsapp.net")).isEmpty();
        }

        @Test
        @DisplayName("M6.2 listChats(archived): true = archived only; false = not archived (false, null or absent)")
        void archivedFilter() {
            store.saveChat(chat("a@s.whatsapp.net", true, "A"));
            store.saveChat(chat("b@s.whatsapp.net", false, "B"));
            store.saveChat(chat("c@s.whatsapp.net", null, "C"));
            ObjectNode d = chat("d@s.whatsapp.net", null, "D").toJson();
            d.putNull("archived");
            store.saveChat(Chat.of(d));
            assertThat(store.listChats(true).stream().map(Chat::id)).containsExactly("a@s.whatsapp.net");
            assertThat(store.listChats(false).stream().map(Chat::id))
                    .containsExactlyInAnyOrder("b@s.whatsapp.net", "c@s.whatsapp.net", "d@s.whatsapp.net");
            assertThat(store.listChats()).hasSize(4);
            loadFixtures(store);
            assertThat(store.listChats(true).stream().map(Chat::id)).contains("6281234500002@s.whatsapp.net", "120363000000000002@g.us");
        }

        @Test
        @DisplayName("M6.3 saveChat and saveContact merge into the stored document; archiving moves a chat between filters")
        void merge() {
            store.saveChat(chat(DM, false, "Andi"));
            store.saveChat(Chat.of(json("{\"id\":\"" + DM + "\",\"archived\":true,\"unreadCount\":0}")));
            Chat c = store.getChat(DM).orElseThrow();
            assertThat(c.name()).contains("Andi");
            assertThat(c.archived()).isTrue();
            assertThat(c.unreadCount()).hasValue(0);
            assertThat(store.listChats(true)).hasSize(1);
            assertThat(store.listChats(false)).isEmpty();
            store.saveContact(contact(DM, "Andi Saputra", null));
            store.saveContact(contact(DM, null, "Andi"));
            Contact k = store.getContact(DM).orElseThrow();
            assertThat(k.name()).contains("Andi Saputra");
            assertThat(k.notifyName()).contains("Andi");
        }

        @Test
        @DisplayName("M6.4 savePresence replaces the stored presence")
        void presenceReplace() {
            store.savePresence(DM, Presence.of(json("{\"lastKnownPresence\":\"unavailable\",\"lastSeen\":1700000050}")));
            store.savePresence(DM, Presence.of(json("{\"lastKnownPresence\":\"composing\"}")));
            Presence p = store.getPresence(DM).orElseThrow();
            assertThat(p.lastKnownPresence()).contains("composing");
        }

        @Test
        @DisplayName("M6.5 no aliasing of chats and contacts")
        void noAliasing() {
            ObjectNode tree = chat(DM, false, "orig").toJson();
            Chat c = Chat.of(tree);
            store.saveChat(c);
            tree.put("name", "mutated");
            store.getChat(DM).orElseThrow().toJson().put("name", "mutated");
            store.listChats().get(0).toJson().removeAll();
            assertThat(store.getChat(DM).orElseThrow().name()).contains("orig");
        }
    }

    // =====================================================================================
    @Nested
    @DisplayName("M9: concurrency")
    class Concurrency {

        @Test
        @DisplayName("M9.1 8 threads x 200 direct saves: every message lands once")
        void manyWriters() throws Exception {
            int threads = 8;
            int perThread = Math.max(20, 200 / scale());
            inParallel(threads, thread -> {
                for (int i = 0; i < perThread; i++) {
                    assertThat(store.saveMessage(msg(i % 2 == 0 ? DM : GROUP, "W" + thread + "-" + i, false, T0 + i, "x")))
                            .isEqualTo(SaveOutcome.NEW);
                    if (i % 20 == 0) {
                        store.listMessages(DM, ListOptions.limit(10));
                    }
                }
                return null;
            });
            int total = store.listMessages(DM, ListOptions.limit(ListOptions.MAX_LIMIT)).size()
                    + store.listMessages(GROUP, ListOptions.limit(ListOptions.MAX_LIMIT)).size();
            assertThat(total).isEqualTo(threads * perThread);
        }

        @Test
        @DisplayName("M9.2 concurrent status updates of one message end at the highest status")
        void concurrentStatus() throws Exception {
            WAMessage m = msg(DM, "CS", true, T0, "x");
            store.saveMessage(withStatus(m, 1));
            inParallel(4, unused -> {
                for (int s = 1; s <= 5; s++) {
                    store.saveMessage(withStatus(m, 6 - s));
                    store.saveMessage(withStatus(m, s));
                }
                return null;
            });
            assertThat(store.getMessage(m.key()).orElseThrow().status()).hasValue(5);
        }
    }

    // =====================================================================================
    @Nested
    @DisplayName("M10: clear")
    class Clear {

        @Test
        @DisplayName("M10.1 clear removes messages, chats, contacts, presence and jobs; the store stays usable")
        void clear() {
            loadFixtures(store);
            store.clear();
            assertThat(store.listMessageJids()).isEmpty();
            assertThat(store.listChats()).isEmpty();
            assertThat(store.listContacts()).isEmpty();
            assertThat(store.listPresences()).isEmpty();
            assertThat(store.listScheduledJobs()).isEmpty();
            Fixtures.latestMessages().keySet().forEach(k -> assertThat(store.getMessage(k)).isEmpty());
            assertThat(store.saveMessage(msg(DM, "x", false, T0, "x"))).isEqualTo(SaveOutcome.NEW);
        }

        @Test
        @DisplayName("M10.2 clear removes what a flushed binding wrote")
        void clearFlushes() {
            bind();
            emit(BaileysEvents.MESSAGES_UPSERT, upsert(msg(DM, "Q", false, T0, "x")));
            binding.flush();
            assertThat(store.listMessageJids()).containsExactly(DM);
            store.clear();
            assertThat(store.listMessageJids()).isEmpty();
        }
    }

    // =====================================================================================
    static Stream<Arguments> closedCalls() {
        WAMessage m = msg(DM, "c", false, T0, "x");
        ScheduledJob j = ScheduledJob.create("j", Instant.ofEpochMilli(1), DM, null);
        return Stream.of(
                closed("saveMessage", s -> s.saveMessage(m)),
                closed("saveMessages", s -> s.saveMessages(List.of(m))),
                closed("saveMessages of none", s -> s.saveMessages(List.of())),
                closed("getMessage", s -> s.getMessage(m.key())),
                closed("listMessages", s -> s.listMessages(DM)),
                closed("listMessages with options", s -> s.listMessages(DM, ListOptions.limit(5).before(T0))),
                closed("deleteMessage", s -> s.deleteMessage(m.key())),
                closed("pruneMessages", s -> s.pruneMessages(PruneOptions.keepNewest(1))),
                closed("saveChat", s -> s.saveChat(chat(DM, false, "x"))),
                closed("getChat", s -> s.getChat(DM)),
                closed("listChats", MessageStore::listChats),
                closed("listChats(archived)", s -> s.listChats(true)),
                closed("saveContact", s -> s.saveContact(contact(DM, "x", null))),
                closed("getContact", s -> s.getContact(DM)),
                closed("listContacts", MessageStore::listContacts),
                closed("savePresence", s -> s.savePresence(DM, Presence.of(json("{\"lastKnownPresence\":\"available\"}")))),
                closed("getPresence", s -> s.getPresence(DM)),
                closed("listPresences", MessageStore::listPresences),
                closed("listMessageJids", MessageStore::listMessageJids),
                closed("saveScheduledJob", s -> s.saveScheduledJob(j)),
                closed("listScheduledJobs", MessageStore::listScheduledJobs),
                closed("getScheduledJob", s -> s.getScheduledJob("j")),
                closed("deleteScheduledJob", s -> s.deleteScheduledJob("j")),
                closed("replaceScheduledJob", s -> s.replaceScheduledJob(j, j)),
                closed("claimDueJobs", s -> s.claimDueJobs(Instant.now(), "o", Duration.ofSeconds(1), 1)),
                closed("apply", s -> s.apply(List.of(new StoreWrite.DeleteChat("x@s.whatsapp.net")))),
                closed("clear", MessageStore::clear));
    }

    private static Arguments closed(String name, Consumer<MessageStore> call) {
        return Arguments.of(name, call);
    }

    @Nested
    @DisplayName("M11: closed")
    class Closed {

        @ParameterizedTest(name = "[{index}] {0}")
        @MethodSource("dev.zaileys.testkit.MessageStoreContract#closedCalls")
        @DisplayName("M11.1 every call after close is STORE_CLOSED")
        void closedCall(String name, Consumer<MessageStore> call) {
            store.saveMessage(msg(DM, "c", false, T0, "x"));
            store.close();
            assertCode(() -> call.accept(store), Code.STORE_CLOSED);
        }

        @Test
        @DisplayName("M11.2 close is idempotent, also while bound; a bound write after it is reported, not thrown at the socket")
        void idempotent() {
            bind();
            store.close();
            assertThatCode(store::close).doesNotThrowAnyException();
            assertThatCode(() -> emit(BaileysEvents.MESSAGES_UPSERT, upsert(msg(DM, "late", false, T0, "x"))))
                    .doesNotThrowAnyException();
            binding.close();
            assertThatCode(binding::close).doesNotThrowAnyException();
            assertThat(socket.listenerCount(BaileysEvents.MESSAGES_UPSERT)).as("a closed binding is unbound").isZero();
            assertThat(errors).anySatisfy(e -> assertThat(e.code()).isEqualTo(Code.STORE_CLOSED));
            assertCode(() -> store.listMessages(DM), Code.STORE_CLOSED);
        }
    }

    // =====================================================================================
    static Stream<Arguments> badInputs() {
        String longId = "x".repeat(Ids.MAX_ID_LENGTH + 1);
        ObjectNode big = msg(DM, "BIG", false, T0, "x").toJson();
        big.set("blob", BinaryNode.valueOf(new byte[BufferJson.MAX_DOCUMENT_BYTES]));
        ObjectNode bigChat = chat(DM, false, "x").toJson();
        bigChat.put("blob", "y".repeat(BufferJson.MAX_DOCUMENT_BYTES + 1));
        ScheduledJob j = ScheduledJob.create("j", Instant.ofEpochMilli(1), DM, null);
        return Stream.of(
                bad("saveMessage(null)", s -> s.saveMessage(null)),
                bad("saveMessages(null)", s -> s.saveMessages(null)),
                bad("saveMessages with a null element", s -> s.saveMessages(Arrays.asList(msg(DM, "ok", false, T0, "x"), null))),
                bad("saveMessages with one oversized message (the valid one is not saved either)",
                        s -> s.saveMessages(List.of(msg(DM, "ok", false, T0, "x"), WAMessage.of(big)))),
                bad("saveMessage over 16 MiB", s -> s.saveMessage(WAMessage.of(big))),
                bad("WAMessage without key", s -> WAMessage.parse("{\"message\":{}}")),
                bad("WAMessage with a NUL in the id", s -> WAMessage.parse("{\"key\":{\"remoteJid\":\"" + DM + "\",\"id\":\"a\\u0000\"}}")),
                bad("WAMessage with id over 512 chars", s -> WAMessage.parse("{\"key\":{\"remoteJid\":\"" + DM + "\",\"id\":\"" + longId + "\"}}")),
                bad("WAMessage.parse of malformed JSON", s -> WAMessage.parse("{\"key\": {")),
                bad("WAMessage.parse of trailing garbage", s -> WAMessage.parse("{} {}")),
                bad("WAMessage.parse of an array", s -> WAMessage.parse("[]")),
                bad("getMessage(null)", s -> s.getMessage(null)),
                bad("MessageKey with null jid", s -> MessageKey.of(null, false, "x")),
                bad("MessageKey with a NUL", s -> MessageKey.of(DM, false, "a\u0000b")),
                bad("listMessages(null jid)", s -> s.listMessages(null)),
                bad("listMessages(jid with a NUL)", s -> s.listMessages("\u0000")),
                bad("listMessages(jid over 512)", s -> s.listMessages(longId)),
                bad("listMessages(null options)", s -> s.listMessages(DM, null)),
                bad("limit 0", s -> ListOptions.limit(0)),
                bad("limit over max", s -> ListOptions.limit(ListOptions.MAX_LIMIT + 1)),
                bad("before and cursor", s -> new ListOptions(5, T0, new MessageCursor(T0, "x", false))),
                bad("cursor with a NUL in the id", s -> new MessageCursor(T0, "\u0000", false)),
                bad("deleteMessage(null)", s -> s.deleteMessage(null)),
                bad("pruneMessages(null)", s -> s.pruneMessages(null)),
                bad("prune with no limit", s -> new PruneOptions(null, null, DM)),
                bad("prune with negative max", s -> PruneOptions.keepNewest(-1)),
                bad("saveChat(null)", s -> s.saveChat(null)),
                bad("chat without id", s -> Chat.parse("{\"name\":\"x\"}")),
                bad("chat over 16 MiB", s -> s.saveChat(Chat.of(bigChat))),
                bad("getChat(null)", s -> s.getChat(null)),
                bad("getChat(NUL)", s -> s.getChat("a\u0000b")),
                bad("saveContact(null)", s -> s.saveContact(null)),
                bad("contact with a NUL in the id", s -> Contact.parse("{\"id\":\"\\u0000\"}")),
                bad("getContact(NUL)", s -> s.getContact("\u0000")),
                bad("savePresence(null jid)", s -> s.savePresence(null, Presence.of(json("{}")))),
                bad("savePresence(null)", s -> s.savePresence(DM, null)),
                bad("getPresence(null)", s -> s.getPresence(null)),
                bad("saveScheduledJob(null)", s -> s.saveScheduledJob(null)),
                bad("job without fireAt", s -> ScheduledJob.parse("{\"id\":\"j\"}")),
                bad("job with a NUL in the id", s -> ScheduledJob.parse("{\"id\":\"\\u0000\",\"fireAt\":1}")),
                bad("getScheduledJob(null)", s -> s.getScheduledJob(null)),
                bad("deleteScheduledJob(NUL)", s -> s.deleteScheduledJob("\u0000")),
                bad("replaceScheduledJob(null, job)", s -> s.replaceScheduledJob(null, j)),
                bad("MessageKey with a lone surrogate in the id", s -> MessageKey.of(DM, false, "a\uD800")),
                bad("saveMessage with a lone surrogate in the jid", s -> s.saveMessage(msg("x\uDC00@s.whatsapp.net", "ls", false, T0, "x"))),
                bad("saveMessage with a lone surrogate in its text", s -> s.saveMessage(msg(DM, "ls", false, T0, "hi \uD83D"))),
                bad("saveMessages with one lone-surrogate text (the valid one is not saved either)",
                        s -> s.saveMessages(List.of(msg(DM, "ok", false, T0, "x"), msg(DM, "ls", false, T0, "\uDE00")))),
                bad("listMessages(jid with a lone surrogate)", s -> s.listMessages("a\uD800")),
                bad("getChat(lone surrogate)", s -> s.getChat("\uDBFF")),
                bad("saveChat with a lone surrogate in its name", s -> s.saveChat(chat(DM, false, "n\uD800"))),
                bad("saveContact with a lone surrogate in its notify name", s -> s.saveContact(contact(DM, "n", "\uDC00"))),
                bad("savePresence with a lone surrogate in the jid", s -> s.savePresence("p\uD800", Presence.of(json("{}")))),
                bad("job with a lone surrogate in its recipient", s -> ScheduledJob.create("j", Instant.ofEpochMilli(1), "r\uD800", null)),
                bad("apply(null)", s -> s.apply(null)),
                bad("bind(store, null)", s -> StoreBinding.bind(s, null)));
    }

    private static Arguments bad(String name, Consumer<MessageStore> call) {
        return Arguments.of(name, call);
    }

    static Stream<String> dataIds() {
        return AuthStoreContract.dataIds();
    }

    @Nested
    @DisplayName("M12: bad input and ids as data")
    class BadInput {

        @ParameterizedTest(name = "[{index}] {0}")
        @MethodSource("dev.zaileys.testkit.MessageStoreContract#badInputs")
        @DisplayName("M12.1 each bad input is STORE_INVALID_INPUT and changes nothing")
        void refused(String name, Consumer<MessageStore> call) {
            loadFixtures(store);
            Map<String, Object> before = snapshot(store);
            assertCode(() -> call.accept(store), Code.STORE_INVALID_INPUT);
            assertThat(snapshot(store)).isEqualTo(before);
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @MethodSource("dev.zaileys.testkit.MessageStoreContract#dataIds")
        @DisplayName("M12.2 ids and jids with path, quote, SQL or unicode characters round-trip exactly")
        void idsAreData(String id) {
            assertIdIsData(id);
        }

        @Test
        @DisplayName("M12.3 those ids stay distinct from each other")
        void distinct() {
            List<String> ids = dataIds().toList();
            ids.forEach(id -> store.saveMessage(msg(DM, id, false, T0, id)));
            assertThat(store.listMessages(DM, ListOptions.limit(1000)).stream().map(m -> m.key().id()))
                    .containsExactlyInAnyOrderElementsOf(ids);
            ids.forEach(id -> assertThat(store.getMessage(MessageKey.of(DM, false, id)).orElseThrow().text()).contains(id));
        }
    }

    /** Uses {@code id} as message id and jid, chat, contact, presence and job id; each round-trips exactly. */
    private void assertIdIsData(String id) {
        WAMessage m = msg(id, id, false, T0, id);
        assertThat(store.saveMessage(m)).isEqualTo(SaveOutcome.NEW);
        assertThat(store.getMessage(m.key()).orElseThrow()).isEqualTo(m);
        assertThat(store.listMessages(id)).containsExactly(m);
        assertThat(store.listMessageJids()).containsExactly(id);
        if (id.isEmpty()) {
            // The only id refused here: the Node original drops a chat without an id.
            assertCode(() -> store.saveChat(chat(id, true, id)), Code.STORE_INVALID_INPUT);
        } else {
            store.saveChat(chat(id, true, id));
        }
        store.saveContact(contact(id, id, id));
        store.savePresence(id, Presence.of(json("{\"lastKnownPresence\":\"available\"}")));
        store.saveScheduledJob(ScheduledJob.create(id, Instant.ofEpochMilli(1), id, null));
        if (!id.isEmpty()) {
            assertThat(store.getChat(id).orElseThrow().name()).contains(id);
            assertThat(store.listChats(true)).hasSize(1);
        }
        assertThat(store.getContact(id).orElseThrow().notifyName()).contains(id);
        assertThat(store.getPresence(id)).isPresent();
        assertThat(store.listPresences()).containsOnlyKeys(id);
        assertThat(store.getScheduledJob(id).orElseThrow().recipient()).isEqualTo(id);
        assertThat(store.deleteMessage(m.key())).isTrue();
        assertThat(store.listMessageJids()).isEmpty();
    }

    // ---- hostile input, one case per line of hostile-inputs.txt ----

    static Stream<Arguments> hostileIds() {
        return HostileInputs.ids(true);
    }

    static Stream<Arguments> invalidIds() {
        return HostileInputs.ids(false);
    }

    static Stream<Arguments> hostileValues() {
        return HostileInputs.values(true);
    }

    static Stream<Arguments> invalidValues() {
        return HostileInputs.values(false);
    }

    @Nested
    @DisplayName("M14: hostile input (hostile-inputs.txt)")
    class Hostile {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.zaileys.testkit.MessageStoreContract#hostileIds")
        @DisplayName("M14.1 the id is data as message id, jid, chat, contact, presence and job id")
        void idIsData(HostileInputs.Case c) {
            assertIdIsData(c.payload());
        }

        @Test
        @DisplayName("M14.2 all those ids as message ids of one chat stay distinct")
        void idsStayDistinct() {
            List<String> ids = hostileIds().map(a -> ((HostileInputs.Case) a.get()[0]).payload()).toList();
            store.saveMessages(ids.stream().map(id -> msg(DM, id, false, T0, id)).toList());
            assertThat(store.listMessages(DM, ListOptions.limit(1000)).stream().map(m -> m.key().id()))
                    .containsExactlyInAnyOrderElementsOf(ids);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.zaileys.testkit.MessageStoreContract#invalidIds")
        @DisplayName("M14.3 the id is refused as message id, jid, chat, contact, presence and job id; nothing changes")
        void idIsRefused(HostileInputs.Case c) {
            String id = c.payload();
            loadFixtures(store);
            Map<String, Object> before = snapshot(store);
            assertCode(() -> MessageKey.of(DM, false, id), Code.STORE_INVALID_INPUT);
            assertCode(() -> store.listMessages(id), Code.STORE_INVALID_INPUT);
            assertCode(() -> store.getChat(id), Code.STORE_INVALID_INPUT);
            assertCode(() -> store.saveChat(chat(id, false, "n")), Code.STORE_INVALID_INPUT);
            assertCode(() -> store.getContact(id), Code.STORE_INVALID_INPUT);
            assertCode(() -> store.savePresence(id, Presence.of(json("{}"))), Code.STORE_INVALID_INPUT);
            assertCode(() -> store.deleteScheduledJob(id), Code.STORE_INVALID_INPUT);
            assertThat(snapshot(store)).isEqualTo(before);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.zaileys.testkit.MessageStoreContract#hostileValues")
        @DisplayName("M14.4 the value round-trips JSON-equal as a message's content and a chat field")
        void valueRoundTrips(HostileInputs.Case c) {
            JsonNode value = BufferJson.decode(c.payload());
            WAMessage m = withField(msg(DM, "hostile", false, T0, "x"), "message", value);
            store.saveMessage(m);
            assertThat(store.getMessage(m.key()).orElseThrow()).isEqualTo(m);
            ObjectNode chat = chat(DM, false, "n").toJson();
            chat.set("hostile", value);
            store.saveChat(Chat.of(chat));
            assertThat(store.getChat(DM).orElseThrow().toJson().get("hostile")).isEqualTo(value);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.zaileys.testkit.MessageStoreContract#invalidValues")
        @DisplayName("M14.5 the value is refused in a message, a chat and a job; nothing changes")
        void valueIsRefused(HostileInputs.Case c) {
            JsonNode value = BufferJson.decode(c.payload());
            loadFixtures(store);
            Map<String, Object> before = snapshot(store);
            assertCode(() -> store.saveMessage(withField(msg(DM, "hostile", false, T0, "x"), "message", value)),
                    Code.STORE_INVALID_INPUT);
            ObjectNode chat = chat(DM, false, "n").toJson();
            chat.set("hostile", value);
            assertCode(() -> store.saveChat(Chat.of(chat)), Code.STORE_INVALID_INPUT);
            assertCode(() -> store.saveScheduledJob(ScheduledJob.create("hostile", Instant.ofEpochMilli(1), DM, value)),
                    Code.STORE_INVALID_INPUT);
            assertThat(snapshot(store)).isEqualTo(before);
        }
    }

}
