package dev.zaileys.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.Ids;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.Presence;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException;

/**
 * One write of a history batch: {@link MessageStore#apply} runs a list of them in order as one
 * atomic write (the way a socket binding writes a batch of events). Documents are immutable, so a
 * write never shares a tree with its caller.
 */
public sealed interface StoreWrite {

    /** Inserts or merges a message (see {@link MessageStore#saveMessage}). */
    record SaveMessage(WAMessage message) implements StoreWrite {
        public SaveMessage {
            require(message, "message");
        }
    }

    /**
     * Merges a partial update into a stored message ({@code messages.update}): each top-level
     * field of {@code update} replaces the stored one, a null removes it, the key is kept and the
     * delivery status only moves forward. Nothing happens when the message is not stored.
     */
    record UpdateMessage(MessageKey key, ObjectNode update) implements StoreWrite {
        public UpdateMessage {
            require(key, "key");
            update = require(update, "message update").deepCopy();
        }
    }

    record DeleteMessage(MessageKey key) implements StoreWrite {
        public DeleteMessage {
            require(key, "key");
        }
    }

    /** Deletes every message of one chat. */
    record ClearChat(String jid) implements StoreWrite {
        public ClearChat {
            Ids.require(jid, "cleared chat jid");
        }
    }

    /** Inserts or merges a chat by id (fields of {@code chat} win, a null removes a field). */
    record SaveChat(Chat chat) implements StoreWrite {
        public SaveChat {
            require(chat, "chat");
        }
    }

    record DeleteChat(String jid) implements StoreWrite {
        public DeleteChat {
            Ids.require(jid, "deleted chat jid");
        }
    }

    /** Inserts or merges a contact by id. */
    record SaveContact(Contact contact) implements StoreWrite {
        public SaveContact {
            require(contact, "contact");
        }
    }

    /** Replaces the presence of {@code jid}. */
    record SavePresence(String jid, Presence presence) implements StoreWrite {
        public SavePresence {
            Ids.require(jid, "presence jid");
            require(presence, "presence");
        }
    }

    private static <T> T require(T value, String what) {
        if (value == null) {
            throw ZaileysStoreException.invalid(what + " must not be null");
        }
        return value;
    }
}
