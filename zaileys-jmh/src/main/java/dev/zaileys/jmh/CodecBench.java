package dev.zaileys.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.workload.Workload;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codec alone (no store, no I/O): the CPU every store pays per document, so a store's per-call
 * time can be split into codec, merge and backend. Documents are the standard workload's: a
 * W1 image message (the largest kind, binary fields), a W1 text message, the creds, a session.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBench {

    ObjectNode image;
    ObjectNode text;
    ObjectNode creds;
    JsonNode session;
    byte[] imageBytes;
    byte[] textBytes;
    byte[] credsBytes;
    byte[] sessionBytes;
    /** The first W2 page (50 messages of the group chat, newest first), encoded. */
    byte[][] w2Page;

    @Setup
    public void setup() {
        List<ObjectNode> docs = Workload.w1Messages(10);
        text = docs.get(0);
        image = docs.get(9); // k % 10 == 9: an image message
        Workload.Auth auth = Workload.auth();
        creds = auth.creds();
        session = auth.sessions().values().iterator().next();
        imageBytes = BufferJson.encode(image);
        textBytes = BufferJson.encode(text);
        credsBytes = BufferJson.encode(creds);
        sessionBytes = BufferJson.encode(session);
        List<ObjectNode> w2 = Workload.w2().messages();
        w2Page = new byte[50][];
        for (int i = 0; i < 50; i++) {
            w2Page[i] = BufferJson.encode(w2.get(w2.size() - 1 - i));
        }
    }

    /** What a W2 page costs the codec: the part of a page read the raw driver baseline does not pay. */
    @Benchmark
    public int decodeW2Page() {
        int n = 0;
        for (byte[] doc : w2Page) {
            n += BufferJson.decode(doc).size();
        }
        return n;
    }

    /** Jackson's own tree of the same page (Buffers left as objects): the floor of a tree decode. */
    @Benchmark
    public int readTreeW2Page() throws java.io.IOException {
        int n = 0;
        for (byte[] doc : w2Page) {
            n += BufferJson.mapper().readTree(doc).size();
        }
        return n;
    }

    /** The page's tokens read and dropped: what checking it is well-formed JSON costs without a tree. */
    @Benchmark
    public int tokensW2Page() throws java.io.IOException {
        int n = 0;
        for (byte[] doc : w2Page) {
            try (com.fasterxml.jackson.core.JsonParser p = BufferJson.mapper().getFactory().createParser(doc)) {
                while (p.nextToken() != null) {
                    n++;
                }
            }
        }
        return n;
    }

    @Benchmark
    public byte[] encodeImageMessage() {
        return BufferJson.encode(image);
    }

    @Benchmark
    public JsonNode decodeImageMessage() {
        return BufferJson.decode(imageBytes);
    }

    @Benchmark
    public byte[] encodeTextMessage() {
        return BufferJson.encode(text);
    }

    @Benchmark
    public JsonNode decodeTextMessage() {
        return BufferJson.decode(textBytes);
    }

    @Benchmark
    public byte[] encodeCreds() {
        return BufferJson.encode(creds);
    }

    @Benchmark
    public JsonNode decodeCreds() {
        return BufferJson.decode(credsBytes);
    }

    @Benchmark
    public JsonNode decodeSession() {
        return BufferJson.decode(sessionBytes);
    }
}
