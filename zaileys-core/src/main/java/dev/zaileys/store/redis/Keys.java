package dev.zaileys.store.redis;

import dev.zaileys.model.MessageKey;

/**
 * The key layout of the Node original, so one namespace is readable and writable by both:
 * {@code <ns>:auth:creds}, {@code <ns>:auth:signal:<type>:<id>} with the index set
 * {@code <ns>:auth:signal-index:<type>}; {@code <ns>:msg:<jid>} (sorted set of
 * {@code <id>|<1|0>} by timestamp) with {@code <ns>:msg-data:<jid>} (member to document),
 * {@code <ns>:chats}, {@code <ns>:chats-archived}, {@code <ns>:contacts},
 * {@code <ns>:presence:<jid>}. Ours alone: {@code <ns>:jobs} (by fire time) and {@code <ns>:job-data},
 * the lease ({@code <ns>:lease}, {@code <ns>:lease-epoch}) and the key index (see {@link KeyIndex}):
 * {@code <ns>:index} (the marker "the index is complete") with the sets {@code <ns>:index:msg}
 * (chat jids), {@code <ns>:index:presence} (presence jids) and {@code <ns>:index:signal} (Signal
 * key types). None of ours is under {@code <ns>:auth:}, which the auth store's {@code clear()} empties.
 *
 * <p>{@code <ns>} is the namespace as given when it holds neither {@code :} nor {@code %} (so the
 * default {@code zaileys} and every namespace the Node original's docs show keep its layout);
 * otherwise it is written with {@code %} as {@code %25} and {@code :} as {@code %3A}. Why: the key
 * families are told apart by the first {@code :}, so a namespace holding one would share keys
 * with another ({@code p:auth}'s creds are {@code p:auth:auth:creds}, which {@code p}'s auth
 * {@code clear()} matches; {@code p-ns:msg}'s creds are {@code p-ns}'s message set of the chat
 * {@code auth:creds}). Encoded, the prefix up to the first {@code :} is the namespace, and the
 * encoding is one to one, so two namespaces never share a key.
 */
final class Keys {

    /**
     * The set of namespaces that stores have opened, for listing sessions without a SCAN. It has
     * no {@code :}, and every key of a namespace has one right after the namespace's encoded
     * prefix (which has none), so no namespace's key can be this one.
     */
    static final String REGISTRY = "zaileys-sessions";

    /** The namespace as the caller named it. */
    final String ns;

    /** The namespace as it is written in keys; see the class comment. */
    private final String prefix;

    Keys(String namespace) {
        this.ns = namespace;
        this.prefix = keyPrefix(namespace);
    }

    /** {@code namespace} as written in keys: unchanged unless it holds {@code :} or {@code %}. */
    static String keyPrefix(String namespace) {
        if (namespace.indexOf(':') < 0 && namespace.indexOf('%') < 0) {
            return namespace;
        }
        return namespace.replace("%", "%25").replace(":", "%3A");
    }

    String creds() {
        return prefix + ":auth:creds";
    }

    String signal(String type, String id) {
        return signalPrefix(type) + id;
    }

    String signalPrefix(String type) {
        return signalsPrefix() + type + ":";
    }

    /** What every Signal key's name starts with, whatever its type. */
    String signalsPrefix() {
        return prefix + ":auth:signal:";
    }

    String signalIndexPrefix() {
        return prefix + ":auth:signal-index:";
    }

    String signalIndex(String type) {
        return signalIndexPrefix() + type;
    }

    String authPattern() {
        return glob(prefix + ":auth:") + "*";
    }

    String messagesPrefix() {
        return prefix + ":msg:";
    }

    String messages(String jid) {
        return messagesPrefix() + jid;
    }

    String messageData(String jid) {
        return messageDataPrefix() + jid;
    }

    String messageDataPrefix() {
        return prefix + ":msg-data:";
    }

    String chats() {
        return prefix + ":chats";
    }

    String archivedChats() {
        return prefix + ":chats-archived";
    }

    String contacts() {
        return prefix + ":contacts";
    }

    String presencePrefix() {
        return prefix + ":presence:";
    }

    String presence(String jid) {
        return presencePrefix() + jid;
    }

    String jobs() {
        return prefix + ":jobs";
    }

    String jobData() {
        return prefix + ":job-data";
    }

    /** Ours alone: the session's lease, a hash that expires with its TTL. */
    String lease() {
        return prefix + ":lease";
    }

    /** Ours alone: the session's fencing epoch, kept when the lease expires or is released. */
    String leaseEpoch() {
        return prefix + ":lease-epoch";
    }

    /** Ours alone: present when the three index sets name every variable key of the namespace. */
    String indexMarker() {
        return prefix + ":index";
    }

    /** Ours alone: the jids that have (or had) {@code msg:<jid>} / {@code msg-data:<jid>} keys. */
    String indexedChats() {
        return prefix + ":index:msg";
    }

    /** Ours alone: the jids that have (or had) a {@code presence:<jid>} key. */
    String indexedPresences() {
        return prefix + ":index:presence";
    }

    /** Ours alone: the Signal key types that have (or had) a {@code signal-index:<type>} set. */
    String indexedSignalTypes() {
        return prefix + ":index:signal";
    }

    /**
     * The namespace's keys whose names are fixed (no jid, id or type in them), each family's
     * single key: what tells a namespace that holds something from a new one without a SCAN.
     */
    java.util.List<String> fixedKeys() {
        return java.util.List.of(creds(), chats(), archivedChats(), contacts(), jobs(), jobData(), lease(), leaseEpoch(),
                indexedChats(), indexedPresences(), indexedSignalTypes());
    }

    /** Whether {@code key} (of this namespace) is one the message store writes. */
    boolean isMessageStoreKey(String key) {
        return key.startsWith(messagesPrefix()) || key.startsWith(messageDataPrefix()) || key.equals(chats())
                || key.equals(archivedChats()) || key.equals(contacts()) || key.startsWith(presencePrefix())
                || key.equals(jobs()) || key.equals(jobData());
    }

    /** A SCAN pattern matching every key of the namespace. */
    String namespacePattern() {
        return glob(prefix + ":") + "*";
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
