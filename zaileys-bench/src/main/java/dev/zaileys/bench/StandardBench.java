package dev.zaileys.bench;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import java.io.PrintStream;
import java.util.function.Supplier;

/** Runs the standard workload (WORKLOAD.md) against one backend and prints a table or JSON lines. */
public final class StandardBench {

    /**
     * @param json print JSON lines (first line: dataset hashes) instead of a table
     * @param messages W1 message count (100,000 in the standard workload; lower only when said plainly)
     * @param raw also measure the driver's raw limit for this backend, when one exists
     */
    public record Options(boolean json, int messages, boolean raw) {}

    private StandardBench() {}

    /**
     * @param storeUri the URI the stores were opened from (names the adapter; picks the raw baseline)
     * @param messages opens a fresh, empty message store (called once per procedure)
     * @param auth opens a fresh, empty auth store
     */
    public static void run(String storeUri, Supplier<MessageStore> messages, Supplier<AuthStoreBundle> auth,
                           Options options, PrintStream out) {
        throw new UnsupportedOperationException("standard bench: not written yet");
    }
}
