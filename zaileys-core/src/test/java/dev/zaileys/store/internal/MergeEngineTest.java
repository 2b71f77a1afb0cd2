package dev.zaileys.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Chat;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.Presence;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.store.SaveOutcome;
import dev.zaileys.store.StoreWrite;
import dev.zaileys.store.StoreWrite.ClearChat;
import dev.zaileys.store.StoreWrite.DeleteMessage;
import dev.zaileys.store.StoreWrite.SaveChat;
import dev.zaileys.store.StoreWrite.SaveMessage;
import dev.zaileys.store.StoreWrite.SavePresence;
import dev.zaileys.store.StoreWrite.UpdateMessage;
import dev.zaileys.store.internal.AbstractMessageStore.DocKind;
import dev.zaileys.store.internal.AbstractMessageStore.MessageRow;
import dev.zaileys.store.internal.AbstractMessageStore.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The merge rules on their own: documents in, documents and answers out, no backend. */
class MergeEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JID = "1@s.whatsapp.net";
    private static final MessageKey A = MessageKey.of(JID, true, "A");

    private static WAMessage msg(String id, String extra) {
        return WAMessage.parse("{\"key\":{\"remoteJid\":\"" + JID + "\",\"fromMe\":true,\"id\":\"" + id + "\"},"
                + "\"messageTimestamp\":100" + extra + "}");
    }

    private static ObjectNode tree(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** What a backend would hand the engine: the stored documents of the given messages. */
    private static MergeEngine.Prior stored(WAMessage... messages) {
        Map<MessageKey, ObjectNode> m = new HashMap<>();
        for (WAMessage w : messages) {
            m.put(w.key(), w.toJson());
        }
        return new MergeEngine.Prior(m, new EnumMap<>(DocKind.class));
    }

    private static MergeEngine.Result merge(MergeEngine.Prior prior, StoreWrite... writes) {
        return new MergeEngine(List.of(writes)).merge(prior);
    }

    private static JsonNode written(WriteBatch batch, MessageKey key) {
        MessageRow row = batch.messages().stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow();
        return BufferJson.decode(row.data());
    }

    @Test
    @DisplayName("reads: saved, updated and deleted messages, a revoke's target, merged chats; never a presence")
    void reads() {
        WAMessage revoke = msg("R", ",\"message\":{\"protocolMessage\":{\"type\":0,\"key\":{\"remoteJid\":\"" + JID
                + "\",\"fromMe\":true,\"id\":\"T\"}}}");
        MergeEngine engine = new MergeEngine(List.of(new SaveMessage(msg("A", "")), new SaveMessage(revoke),
                new UpdateMessage(MessageKey.of(JID, false, "U"), tree("{\"status\":3}")),
                new DeleteMessage(MessageKey.of(JID, true, "D")),
                new SaveChat(Chat.parse("{\"id\":\"" + JID + "\"}")),
                new SavePresence(JID, Presence.parse("{\"lastKnownPresence\":\"available\"}"))));
        assertThat(engine.reads().messages()).containsExactly(A, MessageKey.of(JID, true, "R"), MessageKey.of(JID, true, "T"),
                MessageKey.of(JID, false, "U"), MessageKey.of(JID, true, "D"));
        assertThat(engine.reads().docs()).containsOnlyKeys(DocKind.CHAT);
        assertThat(engine.reads().docs().get(DocKind.CHAT)).containsExactly(JID);
    }

    @Test
    @DisplayName("a message not stored is NEW and written as encoded; stored as it is, UNCHANGED and nothing written")
    void newThenUnchanged() {
        WAMessage m = msg("A", ",\"pushName\":\"x\"");
        MergeEngine.Result first = merge(stored(), new SaveMessage(m));
        assertThat(first.outcomes()).containsExactly(SaveOutcome.NEW);
        assertThat(first.batch().messages()).hasSize(1);
        assertThat(first.batch().messages().get(0).data()).isEqualTo(m.encode());
        assertThat(first.batch().messages().get(0).timestamp()).isEqualTo(100);

        MergeEngine.Result again = merge(stored(m), new SaveMessage(m));
        assertThat(again.outcomes()).containsExactly(SaveOutcome.UNCHANGED);
        assertThat(again.batch().isEmpty()).isTrue();
    }

    @Test
    @DisplayName("a merge keeps stored fields, replaces given ones whole and removes those given as null")
    void topLevelMerge() {
        WAMessage storedMsg = msg("A", ",\"pushName\":\"old\",\"keep\":1,\"message\":{\"conversation\":\"a\",\"x\":1}");
        MergeEngine.Result r = merge(stored(storedMsg),
                new SaveMessage(msg("A", ",\"pushName\":null,\"message\":{\"conversation\":\"b\"}")));
        assertThat(r.outcomes()).containsExactly(SaveOutcome.UPDATED);
        JsonNode out = written(r.batch(), A);
        assertThat(out.get("keep").asInt()).isEqualTo(1);
        assertThat(out.has("pushName")).isFalse();
        assertThat(out.get("message")).isEqualTo(tree("{\"conversation\":\"b\"}"));
    }

    @Test
    @DisplayName("delivery status only moves forward: a late lower status is UNCHANGED, a higher one UPDATED")
    void statusForward() {
        WAMessage read = msg("A", ",\"status\":4");
        MergeEngine.Result late = merge(stored(read), new SaveMessage(msg("A", ",\"status\":2")));
        assertThat(late.outcomes()).containsExactly(SaveOutcome.UNCHANGED);
        assertThat(late.batch().isEmpty()).isTrue();

        MergeEngine.Result named = merge(stored(read), new UpdateMessage(A, tree("{\"status\":\"SERVER_ACK\"}")));
        assertThat(named.batch().isEmpty()).as("a named lower status changes nothing either").isTrue();

        MergeEngine.Result played = merge(stored(read), new SaveMessage(msg("A", ",\"status\":5")));
        assertThat(played.outcomes()).containsExactly(SaveOutcome.UPDATED);
        assertThat(written(played.batch(), A).get("status").asInt()).isEqualTo(5);
    }

    @Test
    @DisplayName("writes of one batch see each other: NEW, then UPDATED on the document just written")
    void inBatchOrder() {
        MergeEngine.Result r = merge(stored(), new SaveMessage(msg("A", ",\"status\":2")),
                new SaveMessage(msg("A", ",\"status\":3")), new SaveMessage(msg("A", ",\"status\":1")));
        assertThat(r.outcomes()).containsExactly(SaveOutcome.NEW, SaveOutcome.UPDATED, SaveOutcome.UNCHANGED);
        assertThat(r.batch().messages()).hasSize(1);
        assertThat(written(r.batch(), A).get("status").asInt()).isEqualTo(3);
    }

    @Test
    @DisplayName("a revoke leaves a tombstone on a stored target and writes nothing for a missing one")
    void revoke() {
        WAMessage target = msg("T", ",\"message\":{\"conversation\":\"secret\"}");
        WAMessage revoke = msg("R", ",\"message\":{\"protocolMessage\":{\"type\":\"REVOKE\",\"key\":{\"remoteJid\":\"" + JID + "\",\"fromMe\":true,\"id\":\"T\"}}}");
        MergeEngine.Result r = merge(stored(target), new SaveMessage(revoke));
        assertThat(r.outcomes()).containsExactly(SaveOutcome.NEW);
        JsonNode tomb = written(r.batch(), target.key());
        assertThat(tomb.has("message")).isFalse();
        assertThat(tomb.get("messageStubType").asInt()).isEqualTo(1);
        assertThat(r.batch().messages()).extracting(MessageRow::key).containsExactly(target.key());

        assertThat(merge(stored(), new SaveMessage(revoke)).batch().isEmpty()).isTrue();
    }

    @Test
    @DisplayName("an edit replaces the stored content of its target")
    void edit() {
        WAMessage target = msg("T", ",\"message\":{\"conversation\":\"old\"}");
        WAMessage edit = msg("E", ",\"message\":{\"protocolMessage\":{\"type\":14,\"key\":{\"remoteJid\":\"" + JID + "\",\"fromMe\":true,\"id\":\"T\"},"
                + "\"editedMessage\":{\"conversation\":\"new\"}}}");
        JsonNode out = written(merge(stored(target), new SaveMessage(edit)).batch(), target.key());
        assertThat(out.get("message")).isEqualTo(tree("{\"conversation\":\"new\"}"));
    }

    @Test
    @DisplayName("an update of a missing message writes nothing; of a stored one it merges and keeps the key")
    void update() {
        assertThat(merge(stored(), new UpdateMessage(A, tree("{\"status\":3}"))).batch().isEmpty()).isTrue();
        MergeEngine.Result r = merge(stored(msg("A", "")),
                new UpdateMessage(A, tree("{\"status\":3,\"key\":{\"remoteJid\":\"other\",\"id\":\"Z\",\"fromMe\":false}}")));
        JsonNode out = written(r.batch(), A);
        assertThat(out.get("status").asInt()).isEqualTo(3);
        assertThat(MessageKey.fromJson(out.get("key"))).isEqualTo(A);
    }

    @Test
    @DisplayName("deletes answer whether the message was stored; a clear drops what came before it in the batch")
    void deleteAndClear() {
        MergeEngine.Result r = merge(stored(msg("A", "")), new DeleteMessage(A), new DeleteMessage(MessageKey.of(JID, true, "X")));
        assertThat(r.deleted()).containsExactly(true, false);
        assertThat(r.batch().deletedMessages()).contains(A);

        MergeEngine.Result cleared = merge(stored(msg("A", "")), new SaveMessage(msg("B", "")), new ClearChat(JID),
                new SaveMessage(msg("A", "")));
        assertThat(cleared.outcomes()).containsExactly(SaveOutcome.NEW, SaveOutcome.NEW);
        assertThat(cleared.batch().clearedChats()).containsExactly(JID);
        assertThat(cleared.batch().messages()).extracting(MessageRow::key).containsExactly(A);
    }

    @Test
    @DisplayName("chats merge into the stored one with their id; presence is replaced whole")
    void docs() {
        Map<DocKind, Map<String, ObjectNode>> docs = new EnumMap<>(DocKind.class);
        docs.put(DocKind.CHAT, Map.of(JID, tree("{\"id\":\"" + JID + "\",\"name\":\"n\",\"archived\":true}")));
        MergeEngine.Result r = new MergeEngine(List.of(new SaveChat(Chat.parse("{\"id\":\"" + JID + "\",\"unreadCount\":2}")),
                new SavePresence(JID, Presence.parse("{\"lastKnownPresence\":\"available\"}"))))
                .merge(new MergeEngine.Prior(Map.of(), docs));
        var chat = r.batch().docs().stream().filter(d -> d.kind() == DocKind.CHAT).findFirst().orElseThrow();
        assertThat(chat.archived()).isTrue();
        assertThat(BufferJson.decode(chat.data())).isEqualTo(
                tree("{\"id\":\"" + JID + "\",\"name\":\"n\",\"archived\":true,\"unreadCount\":2}"));
        var presence = r.batch().docs().stream().filter(d -> d.kind() == DocKind.PRESENCE).findFirst().orElseThrow();
        assertThat(BufferJson.decode(presence.data())).isEqualTo(tree("{\"lastKnownPresence\":\"available\"}"));
    }

    @Test
    @DisplayName("pure: merging again on the same documents gives the same result and changes neither input")
    void pure() {
        WAMessage storedMsg = msg("A", ",\"status\":2,\"message\":{\"conversation\":\"a\"}");
        MergeEngine.Prior prior = stored(storedMsg);
        String before = prior.messages().get(A).toString();
        MergeEngine engine = new MergeEngine(List.of(new SaveMessage(msg("A", ",\"status\":3,\"x\":1")),
                new UpdateMessage(A, tree("{\"y\":2}"))));
        MergeEngine.Result one = engine.merge(prior);
        MergeEngine.Result two = engine.merge(prior);
        assertThat(prior.messages().get(A).toString()).isEqualTo(before);
        assertThat(one.outcomes()).isEqualTo(two.outcomes());
        assertThat(one.batch().messages()).hasSameSizeAs(two.batch().messages());
        for (int i = 0; i < one.batch().messages().size(); i++) {
            assertThat(Arrays.equals(one.batch().messages().get(i).data(), two.batch().messages().get(i).data())).isTrue();
        }
        // A retry on newer documents (another writer's status 4 landed meanwhile) keeps that status.
        MergeEngine.Result retried = engine.merge(stored(msg("A", ",\"status\":4,\"z\":3")));
        JsonNode out = written(retried.batch(), A);
        assertThat(out.get("status").asInt()).isEqualTo(4);
        assertThat(out.get("z").asInt()).isEqualTo(3);
        assertThat(out.get("y").asInt()).isEqualTo(2);
    }

    @Test
    @DisplayName("bad input is refused before anything is read")
    void badInput() {
        assertThatThrownBy(() -> new MergeEngine(null)).isInstanceOfSatisfying(ZaileysStoreException.class,
                e -> assertThat(e.code()).isEqualTo(Code.STORE_INVALID_INPUT));
        List<StoreWrite> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> new MergeEngine(withNull)).isInstanceOfSatisfying(ZaileysStoreException.class,
                e -> assertThat(e.code()).isEqualTo(Code.STORE_INVALID_INPUT));
        String big = "x".repeat(BufferJson.MAX_DOCUMENT_BYTES);
        assertThatThrownBy(() -> new MergeEngine(List.of(new SaveMessage(msg("A", ",\"big\":\"" + big + "\"")))))
                .isInstanceOfSatisfying(ZaileysStoreException.class,
                        e -> assertThat(e.code()).isEqualTo(Code.STORE_INVALID_INPUT));
    }

    @Test
    @DisplayName("savesOnly: plain saves are live traffic a backend may bet on; a revoke, an edit or any other write is not")
    void savesOnly() {
        WAMessage revoke = msg("R", ",\"message\":{\"protocolMessage\":{\"type\":0,\"key\":{\"remoteJid\":\"" + JID
                + "\",\"fromMe\":true,\"id\":\"T\"}}}");
        assertThat(new MergeEngine(List.of(new SaveMessage(msg("A", "")), new SaveMessage(msg("B", "")))).reads().savesOnly())
                .isTrue();
        assertThat(new MergeEngine(List.of(new SaveMessage(msg("A", "")), new SaveMessage(revoke))).reads().savesOnly()).isFalse();
        assertThat(new MergeEngine(List.of(new SaveMessage(msg("A", "")),
                new UpdateMessage(A, tree("{\"status\":3}")))).reads().savesOnly()).isFalse();
        assertThat(new MergeEngine(List.of()).reads().savesOnly()).isFalse();
    }

    @Test
    @DisplayName("a written row's document is the merged document its bytes encode, new or updated")
    void rowDocument() {
        WAMessage fresh = msg("B", ",\"pushName\":\"x\"");
        MergeEngine.Result r = merge(stored(msg("A", ",\"status\":2")), new SaveMessage(msg("A", ",\"pushName\":\"y\"")),
                new SaveMessage(fresh));
        for (MessageRow row : r.batch().messages()) {
            assertThat(row.document().toJson()).isEqualTo(BufferJson.decode(row.data()));
            assertThat(row.document().key()).isEqualTo(row.key());
            assertThat(row.document().timestamp()).isEqualTo(row.timestamp());
        }
        assertThat(written(r.batch(), A).path("status").asInt()).isEqualTo(2);
        assertThat(r.batch().messages()).hasSize(2);
    }
}
