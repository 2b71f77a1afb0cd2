package dev.zaileys.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.WAMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The test vectors and fixture files of WORKLOAD.md: the data must match to the byte. */
class WorkloadTest {

    @Test
    void mulberry32FirstDraws() {
        Mulberry32 rng = new Mulberry32(1001);
        assertThat(new double[] {rng.draw(), rng.draw(), rng.draw(), rng.draw(), rng.draw()}).containsExactly(
                0.14117497857660055, 0.26740360795520246, 0.11109626526013017, 0.33289436250925064,
                0.6569510197732598);
    }

    @Test
    void w1Chats() {
        List<Workload.ChatSpec> chats = Workload.w1Chats();
        assertThat(chats).hasSize(1000);
        assertThat(chats.get(0).jid()).isEqualTo("628121213695@s.whatsapp.net");
        assertThat(chats.get(0).name()).isEqualTo("Sari");
        assertThat(chats.get(0).group()).isFalse();
        assertThat(chats.get(4).jid()).isEqualTo("120363402360936969@g.us");
        assertThat(chats.get(4).group()).isTrue();
        assertThat(chats.get(4).members()).hasSize(5);
        assertThat(chats.stream().map(Workload.ChatSpec::jid).distinct().count()).isEqualTo(1000);
    }

    @Test
    void w1MessagesHashFixturesAndSize() throws IOException {
        List<String> first20 = lines("w1-first-20.jsonl");
        List<String> last5 = lines("w1-last-5.jsonl");
        List<String> gotFirst = new ArrayList<>();
        Deque<String> gotLast = new ArrayDeque<>();
        java.security.MessageDigest md = sha256();
        long bytes = 0;
        int n = 0;
        for (Iterator<ObjectNode> it = Workload.w1Messages(); it.hasNext(); n++) {
            byte[] encoded = BufferJson.encode(it.next());
            md.update(encoded);
            md.update((byte) '\n');
            bytes += encoded.length;
            String line = new String(encoded, StandardCharsets.UTF_8);
            if (n < 20) {
                gotFirst.add(line);
            }
            gotLast.addLast(line);
            if (gotLast.size() > 5) {
                gotLast.removeFirst();
            }
        }
        assertThat(n).isEqualTo(100_000);
        assertThat(java.util.HexFormat.of().formatHex(md.digest()))
                .isEqualTo("1d25266ebadff72cf734dcd1c33bc1797eeecd1fe9b3e622e18ca6e7e395f346");
        assertThat(gotFirst).containsExactlyElementsOf(first20);
        assertThat(List.copyOf(gotLast)).containsExactlyElementsOf(last5);
        assertThat(bytes / 100_000.0).isBetween(660.0, 685.0);
    }

    @Test
    void prefixesAgreeWithTheFullRun() {
        List<ObjectNode> ten = Workload.w1Messages(10);
        Iterator<ObjectNode> all = Workload.w1Messages();
        for (ObjectNode m : ten) {
            assertThat(BufferJson.encode(all.next())).isEqualTo(BufferJson.encode(m));
        }
        WAMessage wrapped = Workload.asWAMessages(ten).get(0);
        assertThat(wrapped.key().id()).isEqualTo("667952E1D60D5530605D");
        assertThat(wrapped.timestamp()).isEqualTo(1_700_000_001L);
        assertThat(Workload.stream(Workload.messages(20, 4004, 50, 4005)).count()).isEqualTo(50);
    }

    @Test
    void w2() throws IOException {
        Workload.W2 w2 = Workload.w2();
        assertThat(w2.chat().jid()).isEqualTo("120363298298076195@g.us");
        assertThat(w2.chat().members()).hasSize(20);
        assertThat(w2.messages()).hasSize(10_000);
        assertThat(Workload.sha256Lines(w2.messages().iterator()))
                .isEqualTo("72ea931a2cbe3eeddf6f86a5b0aa7a9a86734d3e06936d49c1f1ad69bef239b9");
        assertThat(w2.messages().stream().map(m -> m.get("messageTimestamp").longValue()).distinct().count())
                .isEqualTo(4991);
        List<String> first20 = w2.messages().subList(0, 20).stream().map(BufferJson::encodeToString).toList();
        assertThat(first20).containsExactlyElementsOf(lines("w2-first-20.jsonl"));
    }

    @Test
    void warmup() {
        Workload.Warmup w = Workload.warmup();
        assertThat(w.chats()).hasSize(20);
        assertThat(w.messages()).hasSize(2000);
        Set<String> jids = new HashSet<>();
        w.chats().forEach(c -> jids.add(c.jid()));
        assertThat(w.messages()).allSatisfy(m -> assertThat(jids).contains(m.path("key").path("remoteJid").asText()));
    }

    @Test
    void readIndices() {
        int[] w3 = Workload.w3Indices();
        assertThat(w3).hasSize(10_000).startsWith(44223, 16807, 96121, 60411, 11906);
        assertThat(java.util.Arrays.stream(w3).allMatch(i -> i >= 0 && i < 100_000)).isTrue();
        int[] auth = Workload.authReadIndices();
        assertThat(auth).hasSize(10_000).startsWith(300, 3303, 4991, 470, 4066);
        assertThat(java.util.Arrays.stream(auth).allMatch(i -> i >= 0 && i < 5000)).isTrue();
    }

    @Test
    void auth() throws IOException {
        Workload.Auth auth = Workload.auth();
        assertThat(auth.preKeys()).hasSize(1000);
        assertThat(Workload.sha256Entries(auth.preKeys()))
                .isEqualTo("97ab4983bfe4fea36217921571132ffc217e47435ccdcc0f62dcde9f31b3cc02");
        assertThat(auth.sessions()).hasSize(5000);
        assertThat(auth.sessionIds().get(0)).isEqualTo("628129652447.0");
        assertThat(Workload.sha256Entries(auth.sessions()))
                .isEqualTo("4008d88aa0d289254b59b0d6beab09029abd14257b2c587e0e30deb06f4dd5e7");
        String creds = BufferJson.encodeToString(auth.creds());
        assertThat(creds).hasSize(4638);
        assertThat(Workload.sha256Lines(List.of(auth.creds()).iterator()))
                .isEqualTo("b05421921af60397f1ed9ee6635ceb5272115365aabdb55b12dea203a94ce4ab");
        assertThat(creds + "\n").isEqualTo(resource("auth-creds.json"));

        List<String> preKeyLines = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, ObjectNode> e : auth.preKeys().entrySet()) {
            if (i++ == 5) {
                break;
            }
            preKeyLines.add(e.getKey() + " " + BufferJson.encodeToString(e.getValue()));
        }
        assertThat(preKeyLines).containsExactlyElementsOf(lines("auth-prekeys-first-5.jsonl"));
    }

    @Test
    void datasetHashes() {
        Workload.DatasetHashes h = Workload.datasetHashes();
        assertThat(h.w1()).isEqualTo("1d25266ebadff72cf734dcd1c33bc1797eeecd1fe9b3e622e18ca6e7e395f346");
        assertThat(h.w2()).isEqualTo("72ea931a2cbe3eeddf6f86a5b0aa7a9a86734d3e06936d49c1f1ad69bef239b9");
        assertThat(h.authPreKeys()).isEqualTo("97ab4983bfe4fea36217921571132ffc217e47435ccdcc0f62dcde9f31b3cc02");
        assertThat(h.authSessions()).isEqualTo("4008d88aa0d289254b59b0d6beab09029abd14257b2c587e0e30deb06f4dd5e7");
        assertThat(h.creds()).isEqualTo("b05421921af60397f1ed9ee6635ceb5272115365aabdb55b12dea203a94ce4ab");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = WorkloadTest.class.getResourceAsStream(name)) {
            assertThat(in).as("fixture " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> lines(String name) throws IOException {
        return resource(name).lines().toList();
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
