package dev.zaileys.store.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.WAMessage;
import dev.zaileys.store.StoreWrite;
import dev.zaileys.store.internal.AbstractMessageStore.DocKind;
import dev.zaileys.workload.Workload;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * The merge engine alone (no store, no I/O): what one {@code saveMessage} costs in CPU before the
 * backend is called (W1: a new message, nothing stored), what a batch of 50 costs (W1b), and
 * what a status update of a stored message costs. In the engine's package because the engine is
 * internal; JMH runs it on the class path, where the package is not sealed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MergeBench {

    List<WAMessage> messages;
    MergeEngine.Prior nothing;
    MergeEngine.Prior storedFirst;
    ObjectNode statusUpdate;

    @Setup
    public void setup() {
        messages = Workload.asWAMessages(Workload.w1Messages(50));
        nothing = new MergeEngine.Prior(Map.of(), new EnumMap<>(DocKind.class));
        Map<MessageKey, ObjectNode> one = new HashMap<>();
        one.put(messages.get(0).key(), messages.get(0).toJson());
        storedFirst = new MergeEngine.Prior(one, new EnumMap<>(DocKind.class));
        statusUpdate = dev.zaileys.model.BufferJson.object().put("status", 3);
    }

    /** W1's CPU per call: a new message into an empty prior, row encoded and checked. */
    @Benchmark
    public MergeEngine.Result saveNewMessage() {
        return new MergeEngine(List.of(new StoreWrite.SaveMessage(messages.get(0)))).merge(nothing);
    }

    /** W1b's CPU per batch: 50 new messages in one merge. */
    @Benchmark
    public MergeEngine.Result saveBatchOf50() {
        List<StoreWrite> writes = new ArrayList<>(messages.size());
        for (WAMessage m : messages) {
            writes.add(new StoreWrite.SaveMessage(m));
        }
        return new MergeEngine(writes).merge(nothing);
    }

    /** A receipt: a status update merged into the stored message and encoded again. */
    @Benchmark
    public MergeEngine.Result updateStoredMessage() {
        return new MergeEngine(List.of(new StoreWrite.UpdateMessage(messages.get(0).key(), statusUpdate))).merge(storedFirst);
    }
}
