package dev.zaileys.bench;

import dev.zaileys.store.memory.MemoryAuthStore;
import dev.zaileys.store.memory.MemoryMessageStore;

/** Runs the full standard workload on the memory stores by hand: {@code [messages] [--json]}. */
public final class MemoryBenchMain {

    private MemoryBenchMain() {}

    public static void main(String[] args) {
        int n = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 100_000;
        boolean json = java.util.Arrays.asList(args).contains("--json");
        StandardBench.run("memory:", MemoryMessageStore::new, MemoryAuthStore::new,
                new StandardBench.Options(json, n, true), System.out);
    }
}
