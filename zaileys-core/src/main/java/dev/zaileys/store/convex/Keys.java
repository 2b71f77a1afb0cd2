package dev.zaileys.store.convex;

import dev.zaileys.model.MessageKey;

/**
 * Row keys inside a namespace, in the Node original's layout: {@code creds},
 * {@code signal:<type>:<id>}, {@code msg:<remoteJid>:<id>|<1 or 0>}, {@code chat:<jid>},
 * {@code contact:<jid>}, {@code presence:<jid>}, {@code job:<id>}.
 *
 * <p>The original's message key is ambiguous when a jid holds {@code :} (its prefix then also
 * matches another chat's keys). Here a jid's {@code %} and {@code :} are percent-encoded, which
 * changes nothing for WhatsApp's chat jids (they hold neither); the message id needs no encoding
 * because the jid ends at the first {@code :} and the {@code |<0/1>} suffix has a fixed length.
 */
final class Keys {

    static final String CREDS = "creds";
    static final String SIGNAL = "signal:";
    static final String MSG = "msg:";
    static final String CHAT = "chat:";
    static final String CONTACT = "contact:";
    static final String PRESENCE = "presence:";
    static final String JOB = "job:";

    private Keys() {}

    static String signal(String type, String id) {
        return SIGNAL + type + ":" + id;
    }

    /** {type, id} of a {@code signal:} key, or null when it is not one. */
    static String[] parseSignal(String key) {
        if (!key.startsWith(SIGNAL)) {
            return null;
        }
        int colon = key.indexOf(':', SIGNAL.length());
        // The id may be empty (the original stores "" too); the type may not.
        if (colon <= SIGNAL.length()) {
            return null;
        }
        return new String[] {key.substring(SIGNAL.length(), colon), key.substring(colon + 1)};
    }

    static String message(MessageKey k) {
        return chatMessages(k.remoteJid()) + k.id() + (k.fromMe() ? "|1" : "|0");
    }

    /** The prefix of every message key of chat {@code jid}. */
    static String chatMessages(String jid) {
        return MSG + encodeJid(jid) + ":";
    }

    /** The message key a row key names, or null when it is not a message key. */
    static MessageKey parseMessage(String key) {
        if (!key.startsWith(MSG)) {
            return null;
        }
        int colon = key.indexOf(':', MSG.length());
        int bar = key.length() - 2;
        // Jid and id may be empty: the original stores both.
        if (colon < 0 || bar < colon + 1 || key.charAt(bar) != '|') {
            return null;
        }
        char flag = key.charAt(bar + 1);
        if (flag != '0' && flag != '1') {
            return null;
        }
        String jid = decodeJid(key.substring(MSG.length(), colon));
        return jid == null ? null : MessageKey.of(jid, flag == '1', key.substring(colon + 1, bar));
    }

    /** The chat jid of a message row key, or null. */
    static String messageJid(String key) {
        if (!key.startsWith(MSG)) {
            return null;
        }
        int colon = key.indexOf(':', MSG.length());
        return colon < 0 ? null : decodeJid(key.substring(MSG.length(), colon));
    }

    static String job(String id) {
        return JOB + id;
    }

    static String encodeJid(String jid) {
        if (jid.indexOf('%') < 0 && jid.indexOf(':') < 0) {
            return jid;
        }
        return jid.replace("%", "%25").replace(":", "%3A");
    }

    static String decodeJid(String encoded) {
        if (encoded.indexOf('%') < 0) {
            return encoded;
        }
        StringBuilder out = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c != '%') {
                out.append(c);
            } else if (encoded.startsWith("%25", i)) {
                out.append('%');
                i += 2;
            } else if (encoded.startsWith("%3A", i)) {
                out.append(':');
                i += 2;
            } else {
                return null;
            }
        }
        return out.toString();
    }
}
