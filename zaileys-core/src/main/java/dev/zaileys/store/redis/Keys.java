package dev.zaileys.store.redis;

import dev.zaileys.model.MessageKey;

/**
 * The key layout of the Node original, so one namespace is readable and writable by both:
 * {@code <ns>:auth:creds}, {@code <ns>:auth:signal:<type>:<id>} with the index set
 * {@code <ns>:auth:signal-index:<type>}; {@code <ns>:msg:<jid>} (sorted set of
 * {@code <id>|<1|0>} by timestamp) with {@code <ns>:msg-data:<jid>} (member to document),
 * {@code <ns>:chats}, {@code <ns>:chats-archived}, {@code <ns>:contacts},
 * {@code <ns>:presence:<jid>}. Ours alone: {@code <ns>:jobs} (by fire time) and {@code <ns>:job-data}.
 */
final class Keys {

    final String ns;

    Keys(String namespace) {
        this.ns = namespace;
    }

    String creds() {
        return ns + ":auth:creds";
    }

    String signal(String type, String id) {
        return signalPrefix(type) + id;
    }

    String signalPrefix(String type) {
        return ns + ":auth:signal:" + type + ":";
    }

    String signalIndexPrefix() {
        return ns + ":auth:signal-index:";
    }

    String signalIndex(String type) {
        return signalIndexPrefix() + type;
    }

    String authPattern() {
        return glob(ns + ":auth:") + "*";
    }

    String messagesPrefix() {
        return ns + ":msg:";
    }

    String messages(String jid) {
        return messagesPrefix() + jid;
    }

    String messageData(String jid) {
        return ns + ":msg-data:" + jid;
    }

    String chats() {
        return ns + ":chats";
    }

    String archivedChats() {
        return ns + ":chats-archived";
    }

    String contacts() {
        return ns + ":contacts";
    }

    String presencePrefix() {
        return ns + ":presence:";
    }

    String presence(String jid) {
        return presencePrefix() + jid;
    }

    String jobs() {
        return ns + ":jobs";
    }

    String jobData() {
        return ns + ":job-data";
    }

    /** Whether {@code key} (of this namespace) is one the message store writes. */
    boolean isMessageStoreKey(String key) {
        return key.startsWith(messagesPrefix()) || key.startsWith(ns + ":msg-data:") || key.equals(chats())
                || key.equals(archivedChats()) || key.equals(contacts()) || key.startsWith(presencePrefix())
                || key.equals(jobs()) || key.equals(jobData());
    }

    /** A SCAN pattern matching every key of the namespace. */
    String namespacePattern() {
        return glob(ns + ":") + "*";
    }

    static String member(MessageKey key) {
        return member(key.id(), key.fromMe());
    }

    static String member(String id, boolean fromMe) {
        return id + (fromMe ? "|1" : "|0");
    }

    /** The id of a member; ids may hold {@code |}, so the flag is after the last one. */
    static String memberId(String member) {
        int bar = member.lastIndexOf('|');
        return bar < 0 ? member : member.substring(0, bar);
    }

    static boolean memberFromMe(String member) {
        return member.endsWith("|1");
    }

    /** {@code s} with SCAN glob characters escaped, so a namespace matches only itself. */
    static String glob(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\' || c == '^') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
