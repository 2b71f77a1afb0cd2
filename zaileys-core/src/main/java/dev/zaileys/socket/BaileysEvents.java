package dev.zaileys.socket;

import java.util.List;

/** Names (and payload shapes) of the Baileys events the stores and the client consume. */
public final class BaileysEvents {

    /** {@code {messages: WAMessage[], type: "notify" | "append"}} */
    public static final String MESSAGES_UPSERT = "messages.upsert";
    /** {@code [{key: WAMessageKey, update: Partial<WAMessage>}]} */
    public static final String MESSAGES_UPDATE = "messages.update";
    /** {@code {keys: WAMessageKey[]}} or {@code {jid, all: true}} */
    public static final String MESSAGES_DELETE = "messages.delete";
    /** {@code Chat[]} */
    public static final String CHATS_UPSERT = "chats.upsert";
    /** {@code Partial<Chat>[]} (each with {@code id}) */
    public static final String CHATS_UPDATE = "chats.update";
    /** {@code string[]} of jids */
    public static final String CHATS_DELETE = "chats.delete";
    /** {@code Contact[]} */
    public static final String CONTACTS_UPSERT = "contacts.upsert";
    /** {@code Partial<Contact>[]} (each with {@code id}) */
    public static final String CONTACTS_UPDATE = "contacts.update";
    /** {@code {id: chatJid, presences: {participantJid: PresenceData}}} */
    public static final String PRESENCE_UPDATE = "presence.update";
    /** {@code {chats, contacts, messages, isLatest}}: the bulk history sync at login */
    public static final String MESSAGING_HISTORY_SET = "messaging-history.set";
    /** {@code Partial<AuthenticationCreds>} */
    public static final String CREDS_UPDATE = "creds.update";
    /** {@code {connection?: "connecting"|"open"|"close", qr?, lastDisconnect?: {error: {statusCode, message}}}} */
    public static final String CONNECTION_UPDATE = "connection.update";

    /** The events {@code MessageStore.bind} subscribes to. */
    public static final List<String> STORE_EVENTS = List.of(MESSAGES_UPSERT, MESSAGES_UPDATE, MESSAGES_DELETE,
            CHATS_UPSERT, CHATS_UPDATE, CHATS_DELETE, CONTACTS_UPSERT, CONTACTS_UPDATE, PRESENCE_UPDATE,
            MESSAGING_HISTORY_SET);

    private BaileysEvents() {}
}
