package dev.zaileys.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.socket.BaileysEvents;
import dev.zaileys.socket.EventEmitter;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageStore;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A message store bound to a socket's events ({@code StoreBinding}): every Baileys event the
 * store follows lands after a flush and merges into what is stored, bad elements are reported
 * without losing the good ones, and rebinding or unbinding moves or stops the listening. Every
 * adapter runs it (see {@link NestedMessageContract} for how an adapter test adds it).
 */
public abstract class BindingContract<S extends MessageStore> extends NestedMessageContract<S> {

    /** @param adapter the enclosing adapter test, whose stores and hooks this group uses */
    protected BindingContract(StoreContract<S> adapter) {
        super(adapter);
    }

    @Nested
    @DisplayName("M7: binding to socket events")
    class Binding {

        @Test
        @DisplayName("M7.1 messages.upsert lands after flush; outcomes are the same as direct saves")
        void upsertLands() {
            bind();
            emit(BaileysEvents.MESSAGES_UPSERT, upsert(msg(DM, "U1", false, T0, "a"), msg(DM, "U2", true, T0 + 1, "b")));
            binding.flush();
            assertThat(ids(store.listMessages(DM))).containsExactly("U2", "U1");
            assertThat(errors).isEmpty();
        }

        @Test
        @DisplayName("M7.2 messaging-history.set lands chats, contacts and messages")
        void historySet() {
            bind();
            ObjectNode p = BufferJson.object();
            ArrayNode chats = p.putArray("chats");
            Fixtures.chats().forEach(c -> chats.add(c.toJson()));
            ArrayNode contacts = p.putArray("contacts");
            Fixtures.contacts().forEach(c -> contacts.add(c.toJson()));
            ArrayNode messages = p.putArray("messages");
            Fixtures.messages().forEach(m -> messages.add(m.toJson()));
            p.put("isLatest", true);
            emit(BaileysEvents.MESSAGING_HISTORY_SET, p);
            binding.flush();
            assertThat(store.listChats()).containsExactlyInAnyOrderElementsOf(Fixtures.chats());
            assertThat(store.listContacts()).containsExactlyInAnyOrderElementsOf(Fixtures.contacts());
            Fixtures.latestMessages().forEach((k, m) -> assertThat(store.getMessage(k)).as(k.id()).isPresent());
            assertThat(errors).isEmpty();
        }

        @Test
        @DisplayName("M7.3 chats.upsert/update/delete and contacts.upsert/update merge into stored documents")
        void chatAndContactEvents() {
            bind();
            emit(BaileysEvents.CHATS_UPSERT, "[{\"id\":\"" + DM + "\",\"name\":\"Andi\",\"unreadCount\":3},{\"id\":\"" + DM2 + "\"}]");
            emit(BaileysEvents.CHATS_UPDATE, "[{\"id\":\"" + DM + "\",\"unreadCount\":0,\"archived\":true}]");
            emit(BaileysEvents.CHATS_DELETE, "[\"" + DM2 + "\"]");
            emit(BaileysEvents.CONTACTS_UPSERT, "[{\"id\":\"" + DM + "\",\"name\":\"Andi Saputra\"}]");
            emit(BaileysEvents.CONTACTS_UPDATE, "[{\"id\":\"" + DM + "\",\"notify\":\"Andi\"}]");
            binding.flush();
            Chat c = store.getChat(DM).orElseThrow();
            assertThat(c.name()).contains("Andi");
            assertThat(c.unreadCount()).hasValue(0);
            assertThat(c.archived()).isTrue();
            assertThat(store.getChat(DM2)).isEmpty();
            Contact k = store.getContact(DM).orElseThrow();
            assertThat(k.name()).contains("Andi Saputra");
            assertThat(k.notifyName()).contains("Andi");
            assertThat(errors).isEmpty();
        }

        @Test
        @DisplayName("M7.4 presence.update stores each participant's presence by its jid")
        void presence() {
            bind();
            emit(BaileysEvents.PRESENCE_UPDATE, "{\"id\":\"" + GROUP + "\",\"presences\":{\"628579388796@s.whatsapp.net\":"
                    + "{\"lastKnownPresence\":\"composing\"},\"628577370552@s.whatsapp.net\":{\"lastKnownPresence\":\"paused\"}}}");
            binding.flush();
            assertThat(store.getPresence("628579388796@s.whatsapp.net").orElseThrow().lastKnownPresence()).contains("composing");
            assertThat(store.getPresence("628577370552@s.whatsapp.net").orElseThrow().lastKnownPresence()).contains("paused");
        }

        @Test
        @DisplayName("M7.5 messages.delete with keys, and with {jid, all: true}")
        void deletes() {
            store.saveMessages(List.of(msg(DM, "K1", false, T0, "a"), msg(DM, "K2", false, T0, "b"),
                    msg(DM2, "K3", false, T0, "c"), msg(DM2, "K4", true, T0, "d")));
            bind();
            ObjectNode byKeys = BufferJson.object();
            byKeys.putArray("keys").add(keyJson(DM, false, "K1")).add(keyJson(DM, false, "nope"));
            emit(BaileysEvents.MESSAGES_DELETE, byKeys);
            emit(BaileysEvents.MESSAGES_DELETE, "{\"jid\":\"" + DM2 + "\",\"all\":true}");
            binding.flush();
            assertThat(ids(store.listMessages(DM))).containsExactly("K2");
            assertThat(store.listMessages(DM2)).isEmpty();
            assertThat(store.listMessageJids()).containsExactly(DM);
            emit(BaileysEvents.MESSAGES_UPSERT, upsert(msg(DM2, "K5", false, T0, "after clear")));
            binding.flush();
            assertThat(ids(store.listMessages(DM2))).containsExactly("K5");
        }

        @Test
        @DisplayName("M7.6 a malformed element of a batch is reported; the valid ones are stored")
        void malformedElement() {
            bind();
            ObjectNode p = upsert(msg(DM, "OK1", false, T0, "a"), msg(DM, "OK2", false, T0 + 1, "b"));
            ((ArrayNode) p.get("messages")).insert(1, json("{\"key\":{\"fromMe\":false},\"message\":{}}"));
            ((ArrayNode) p.get("messages")).add(BufferJson.mapper().getNodeFactory().textNode("not an object"));
            emit(BaileysEvents.MESSAGES_UPSERT, p);
            emit(BaileysEvents.CHATS_UPSERT, "[{\"name\":\"no id\"},{\"id\":\"" + DM + "\"}]");
            binding.flush();
            assertThat(ids(store.listMessages(DM))).containsExactly("OK2", "OK1");
            assertThat(store.getChat(DM)).isPresent();
            assertThat(errors).hasSizeGreaterThanOrEqualTo(3);
            assertThat(errors).allSatisfy(e -> assertThat(e.code()).isEqualTo(Code.STORE_INVALID_INPUT));
            // what the metrics publish: each refused element counted once, nothing left waiting
            assertThat(binding.failedWrites()).isEqualTo(errors.size());
            assertThat(binding.pending()).isZero();
        }

        @Test
        @DisplayName("M7.7 binding again moves the store to the new socket; unbind stops listening")
        void rebindAndUnbind() {
            bind();
            EventEmitter old = socket;
            socket = new EventEmitter();
            bind();
            old.emit(BaileysEvents.MESSAGES_UPSERT, upsert(msg(DM, "OLD", false, T0, "old")));
            emit(BaileysEvents.MESSAGES_UPSERT, upsert(msg(DM, "NEW", false, T0, "new")));
            binding.flush();
            assertThat(ids(store.listMessages(DM))).containsExactly("NEW");
            assertThat(old.listenerCount(BaileysEvents.MESSAGES_UPSERT)).isZero();
            binding.unbind();
            assertThat(socket.listenerCount(BaileysEvents.MESSAGES_UPSERT)).isZero();
            emit(BaileysEvents.MESSAGES_UPSERT, upsert(msg(DM, "AFTER", false, T0, "x")));
            binding.flush();
            assertThat(ids(store.listMessages(DM))).containsExactly("NEW");
            binding.unbind();
            bind();
            emit(BaileysEvents.MESSAGES_UPSERT, upsert(msg(DM, "AGAIN", false, T0, "x")));
            binding.flush();
            assertThat(ids(store.listMessages(DM))).containsExactly("NEW", "AGAIN");
        }

        @Test
        @DisplayName("M7.8 events from many threads all land after one flush, in order per key")
        void concurrentEvents() throws Exception {
            bind();
            int threads = 8;
            int perThread = Math.max(20, 200 / scale());
            inParallel(threads, thread -> {
                for (int i = 0; i < perThread; i++) {
                    WAMessage m = msg(DM, "E" + thread + "-" + i, false, T0 + i, "m");
                    emit(BaileysEvents.MESSAGES_UPSERT, upsert(m));
                    emit(BaileysEvents.MESSAGES_UPDATE, update(m.key(), json("{\"status\":3}")));
                }
                return null;
            });
            binding.flush();
            List<WAMessage> all = store.listMessages(DM, ListOptions.limit(ListOptions.MAX_LIMIT));
            assertThat(all).hasSize(threads * perThread);
            assertThat(all).allSatisfy(m -> assertThat(m.status()).hasValue(3));
            assertThat(errors).isEmpty();
        }

        @Test
        @DisplayName("M7.10 updates of unknown messages are ignored, not stored as fragments")
        void updateUnknown() {
            bind();
            emit(BaileysEvents.MESSAGES_UPDATE, update(MessageKey.of(DM, false, "ghost"), json("{\"status\":4}")));
            binding.flush();
            assertThat(store.getMessage(MessageKey.of(DM, false, "ghost"))).isEmpty();
            assertThat(errors).isEmpty();
        }
    }
}
