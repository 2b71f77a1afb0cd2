package dev.zaileys.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.WAMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The standard workload of WORKLOAD.md: deterministic chats, messages and auth data, identical to
 * the byte across implementations (the test vectors pin it down).
 *
 * <p>Documents are fresh Jackson trees on every call (binary values are {@code BinaryNode}s);
 * serialize them with {@link BufferJson#encode}. Message sequences are generated lazily, so the
 * 100,000 W1 messages never need to be in memory at once.
 */
public final class Workload {

    public static final String ME_JID = "6281200000000@s.whatsapp.net";
    public static final String ME_NAME = "Bench Bot";
    public static final long T0 = 1_700_000_000L;

    public static final long W1_CHAT_SEED = 1001;
    public static final long W1_MESSAGE_SEED = 1002;
    public static final long W2_SEED = 2002;
    public static final long W3_SEED = 3003;
    public static final long WARMUP_SEED = 4004;
    public static final long AUTH_SEED = 5005;
    public static final long AUTH_READ_SEED = 5006;

    public static final int W1_CHATS = 1_000;
    public static final int W1_MESSAGES = 100_000;
    public static final int W2_MESSAGES = 10_000;
    public static final int W3_READS = 10_000;
    public static final int WARMUP_CHATS = 20;
    public static final int WARMUP_MESSAGES = 2_000;
    public static final int PRE_KEYS = 1_000;
    public static final int SESSIONS = 5_000;
    public static final int AUTH_READS = 10_000;

    static final String[] WORDS = {"halo", "apa", "kabar", "besok", "jadi", "rapat", "jam", "berapa", "oke", "siap",
        "nanti", "aku", "kirim", "filenya", "ya", "makasih", "banyak", "sudah", "sampai", "mana", "tolong", "cek",
        "lagi", "invoice", "bulan", "ini", "the", "meeting", "is", "moved", "to", "tomorrow", "please", "confirm",
        "order", "number", "shipped", "thanks", "see", "you", "at", "office", "lunch", "later", "bro", "mantap",
        "wkwk", "gas", "otw", "sebentar"};
    static final String[] FIRST = {"Andi", "Budi", "Citra", "Dewi", "Eka", "Fajar", "Gita", "Hadi", "Indah", "Joko",
        "Kartika", "Lukman", "Maya", "Nanda", "Oki", "Putri", "Rizky", "Sari", "Tono", "Wulan"};
    static final String[] LAST = {"Saputra", "Wijaya", "Pratama", "Lestari", "Nugroho", "Hidayat", "Kusuma", "Santoso"};

    private Workload() {}

    /** A group member: jid and display name. */
    public record Member(String jid, String name) {}

    /**
     * A generated chat.
     *
     * @param name the peer's name in a one-to-one chat; {@code null} for a group
     * @param members the group's members; empty for a one-to-one chat
     */
    public record ChatSpec(String jid, boolean group, String name, List<Member> members) {}

    /** The W2 data set: one group chat and its 10,000 messages, oldest first. */
    public record W2(ChatSpec chat, List<ObjectNode> messages) {}

    /** The warm-up data set: 20 chats and 2,000 messages. */
    public record Warmup(List<ChatSpec> chats, List<ObjectNode> messages) {}

    /**
     * The auth data set.
     *
     * @param preKeys ids {@code "1"} .. {@code "1000"} to {@code {private, public}}, in id order
     * @param sessions 5,000 session ids to 1,024-byte values, in generation order
     * @param creds the creds document
     */
    public record Auth(Map<String, ObjectNode> preKeys, Map<String, BinaryNode> sessions, ObjectNode creds) {
        /** Session ids in generation order (the auth read indices index this list). */
        public List<String> sessionIds() {
            return List.copyOf(sessions.keySet());
        }
    }

    /** SHA-256 (hex) of each data set, serialized as the test vectors say. */
    public record DatasetHashes(String w1, String w2, String authPreKeys, String authSessions, String creds) {}

    // ---------------------------------------------------------------- data sets

    /** The 1,000 W1 chats (seed 1001). */
    public static List<ChatSpec> w1Chats() {
        return chats(new Mulberry32(W1_CHAT_SEED), W1_CHATS);
    }

    /** The 100,000 W1 messages, generated lazily in order. */
    public static Iterator<ObjectNode> w1Messages() {
        return messages(W1_CHATS, W1_CHAT_SEED, W1_MESSAGES, W1_MESSAGE_SEED);
    }

    /** The first {@code n} W1 messages as a list (each document about 670 bytes encoded). */
    public static List<ObjectNode> w1Messages(int n) {
        if (n < 0 || n > W1_MESSAGES) {
            throw new IllegalArgumentException("n must be between 0 and " + W1_MESSAGES + ", got " + n);
        }
        return toList(messages(W1_CHATS, W1_CHAT_SEED, n, W1_MESSAGE_SEED));
    }

    /** The W1 messages as a sequential stream. */
    public static Stream<ObjectNode> w1Stream() {
        return stream(w1Messages());
    }

    /**
     * {@code messageCount} messages over {@code chatCount} chats: chats from one generator seeded
     * {@code chatSeed}, messages from a second seeded {@code messageSeed} (as W1 does), lazily.
     * The first n messages of a longer run are the same as a run of n.
     */
    public static Iterator<ObjectNode> messages(int chatCount, long chatSeed, int messageCount, long messageSeed) {
        if (chatCount < 1 || messageCount < 0) {
            throw new IllegalArgumentException("need at least one chat and a non-negative message count");
        }
        List<ChatSpec> chats = chats(new Mulberry32(chatSeed), chatCount);
        return new MessageGenerator(new Mulberry32(messageSeed), chats, messageCount);
    }

    /** The W2 chat and its 10,000 messages (seed 2002). */
    public static W2 w2() {
        Mulberry32 rng = new Mulberry32(W2_SEED);
        String jid = "120363" + rng.digits(12) + "@g.us";
        List<Member> members = new ArrayList<>(20);
        for (int i = 0; i < 20; i++) {
            String mjid = "62857" + rng.digits(7) + "@s.whatsapp.net";
            members.add(new Member(mjid, rng.pick(FIRST)));
        }
        ChatSpec chat = new ChatSpec(jid, true, null, List.copyOf(members));
        return new W2(chat, toList(new MessageGenerator(rng, List.of(chat), W2_MESSAGES)));
    }

    /** The warm-up set: 20 chats and 2,000 messages from one generator (seed 4004). */
    public static Warmup warmup() {
        Mulberry32 rng = new Mulberry32(WARMUP_SEED);
        List<ChatSpec> chats = chats(rng, WARMUP_CHATS);
        return new Warmup(chats, toList(new MessageGenerator(rng, chats, WARMUP_MESSAGES)));
    }

    /** The 10,000 W3 read indices into the W1 messages (seed 3003). */
    public static int[] w3Indices() {
        return indices(W3_SEED, W3_READS, W1_MESSAGES);
    }

    /** The 10,000 auth read indices into {@link Auth#sessionIds()} (seed 5006). */
    public static int[] authReadIndices() {
        return indices(AUTH_READ_SEED, AUTH_READS, SESSIONS);
    }

    /** The auth data set (seed 5005): pre-keys, sessions, creds. */
    public static Auth auth() {
        Mulberry32 rng = new Mulberry32(AUTH_SEED);
        Map<String, ObjectNode> preKeys = new LinkedHashMap<>();
        for (int i = 1; i <= PRE_KEYS; i++) {
            preKeys.put(Integer.toString(i), keyPair(rng));
        }
        Map<String, BinaryNode> sessions = new LinkedHashMap<>();
        while (sessions.size() < SESSIONS) {
            String id;
            do {
                id = "62812" + rng.digits(7) + "." + (rng.draw() < 0.8 ? 0 : 1 + rng.nextInt(20));
            } while (sessions.containsKey(id));
            sessions.put(id, BinaryNode.valueOf(rng.bytes(1024)));
        }
        ObjectNode creds = creds(rng);
        return new Auth(Collections.unmodifiableMap(preKeys), Collections.unmodifiableMap(sessions), creds);
    }

    // ---------------------------------------------------------------- helpers for stores and checks

    /** Wraps documents as {@link WAMessage}s, lazily. */
    public static Iterator<WAMessage> asWAMessages(Iterator<ObjectNode> documents) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return documents.hasNext();
            }

            @Override
            public WAMessage next() {
                return WAMessage.of(documents.next());
            }
        };
    }

    /** Wraps a list of documents as {@link WAMessage}s. */
    public static List<WAMessage> asWAMessages(List<ObjectNode> documents) {
        List<WAMessage> out = new ArrayList<>(documents.size());
        for (ObjectNode d : documents) {
            out.add(WAMessage.of(d));
        }
        return out;
    }

    /** A sequential stream over an iterator of documents. */
    public static <T> Stream<T> stream(Iterator<T> it) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false);
    }

    /** SHA-256 (hex) over each document serialized with {@link BufferJson#encode} and a {@code \n}. */
    public static String sha256Lines(Iterator<? extends JsonNode> documents) {
        MessageDigest md = sha256();
        while (documents.hasNext()) {
            md.update(BufferJson.encode(documents.next()));
            md.update((byte) '\n');
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** SHA-256 (hex) over lines {@code <id> <serialized value>\n} in map order. */
    public static String sha256Entries(Map<String, ? extends JsonNode> entries) {
        MessageDigest md = sha256();
        for (Map.Entry<String, ? extends JsonNode> e : entries.entrySet()) {
            md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            md.update((byte) ' ');
            md.update(BufferJson.encode(e.getValue()));
            md.update((byte) '\n');
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The hashes of the whole standard data set (generates W1 once: about a second). */
    public static DatasetHashes datasetHashes() {
        Auth auth = auth();
        return new DatasetHashes(sha256Lines(w1Messages()), sha256Lines(w2().messages().iterator()),
                sha256Entries(auth.preKeys()), sha256Entries(auth.sessions()),
                sha256Lines(List.of(auth.creds()).iterator()));
    }

    // ---------------------------------------------------------------- generation

    static List<ChatSpec> chats(Mulberry32 rng, int count) {
        List<ChatSpec> chats = new ArrayList<>(count);
        Set<String> used = new HashSet<>();
        for (int i = 0; i < count; i++) {
            if (i % 5 == 4) {
                String jid;
                do {
                    jid = "120363" + rng.digits(12) + "@g.us";
                } while (!used.add(jid));
                int m = 3 + rng.nextInt(18);
                List<Member> members = new ArrayList<>(m);
                for (int j = 0; j < m; j++) {
                    String mjid = "62857" + rng.digits(7) + "@s.whatsapp.net";
                    members.add(new Member(mjid, personName(rng)));
                }
                chats.add(new ChatSpec(jid, true, null, List.copyOf(members)));
            } else {
                String jid;
                do {
                    jid = "62812" + rng.digits(7) + "@s.whatsapp.net";
                } while (!used.add(jid));
                chats.add(new ChatSpec(jid, false, personName(rng), List.of()));
            }
        }
        return List.copyOf(chats);
    }

    private static String personName(Mulberry32 rng) {
        String first = rng.pick(FIRST);
        return rng.draw() < 0.5 ? first + " " + rng.pick(LAST) : first;
    }

    private static int[] indices(long seed, int count, int bound) {
        Mulberry32 rng = new Mulberry32(seed);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = rng.nextInt(bound);
        }
        return out;
    }

    private static ObjectNode keyPair(Mulberry32 rng) {
        ObjectNode kp = BufferJson.object();
        kp.put("private", rng.bytes(32));
        kp.put("public", rng.bytes(32));
        return kp;
    }

    private static ObjectNode creds(Mulberry32 rng) {
        // The identity key pair is drawn first, as Baileys' initAuthCreds makes it first; the
        // test vector (hash and fixture) fixes this order although the fields list it third.
        ObjectNode identityKey = keyPair(rng);
        ObjectNode c = BufferJson.object();
        c.set("noiseKey", keyPair(rng));
        c.set("pairingEphemeralKeyPair", keyPair(rng));
        c.set("signedIdentityKey", identityKey);
        ObjectNode spk = c.putObject("signedPreKey");
        spk.set("keyPair", keyPair(rng));
        spk.put("signature", rng.bytes(64));
        spk.put("keyId", 1);
        c.put("registrationId", 1 + rng.nextInt(16380));
        c.put("advSecretKey", Base64.getEncoder().encodeToString(rng.bytes(32)));
        ArrayNode processed = c.putArray("processedHistoryMessages");
        c.put("nextPreKeyId", 813);
        c.put("firstUnuploadedPreKeyId", 813);
        c.put("accountSyncCounter", 1);
        c.putObject("accountSettings").put("unarchiveChats", false);
        c.put("registered", true);
        c.put("pairingCode", rng.hex(8));
        c.put("lastPropHash", rng.hex(6));
        c.put("routingInfo", rng.bytes(24));
        ObjectNode me = c.putObject("me");
        me.put("id", "6281200000000:12@s.whatsapp.net");
        me.put("name", ME_NAME);
        me.put("lid", rng.digits(15) + ":12@lid");
        ObjectNode account = c.putObject("account");
        account.put("details", rng.bytes(92));
        account.put("accountSignatureKey", rng.bytes(32));
        account.put("accountSignature", rng.bytes(64));
        account.put("deviceSignature", rng.bytes(64));
        ObjectNode identity = c.putArray("signalIdentities").addObject();
        ObjectNode identifier = identity.putObject("identifier");
        identifier.put("name", "6281200000000:12@s.whatsapp.net");
        identifier.put("deviceId", 0);
        identity.put("identifierKey", rng.bytes(33));
        c.put("platform", "smba");
        c.put("myAppStateKeyId", rng.hex(8));
        c.put("lastAccountSyncTimestamp", T0);
        for (int i = 0; i < 20; i++) {
            ObjectNode h = processed.addObject();
            ObjectNode key = h.putObject("key");
            key.put("remoteJid", "62812" + rng.digits(7) + "@s.whatsapp.net");
            key.put("fromMe", rng.draw() < 0.5);
            key.put("id", rng.hex(20));
            h.put("messageTimestamp", T0 + i);
        }
        return c;
    }

    private static <T> List<T> toList(Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
