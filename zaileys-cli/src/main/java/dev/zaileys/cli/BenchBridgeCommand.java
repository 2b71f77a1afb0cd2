package dev.zaileys.cli;

import dev.zaileys.bench.BridgeBench;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zaileys bench-bridge}: what the Baileys bridge costs (see {@link BridgeBench}). */
@Command(name = "bench-bridge", mixinStandardHelpOptions = true,
        description = "Measures the Baileys bridge: Signal round trips/s with keys in SQLite through the bridge next to "
                + "the same loop inside one Node process (keys in memory), and key get+set round trips/s.")
public final class BenchBridgeCommand implements Callable<Integer> {

    @Option(names = "--rounds", description = "Signal round trips measured (default: ${DEFAULT-VALUE})")
    int rounds = 300;

    @Option(names = "--key-rounds", description = "key round trips measured (default: ${DEFAULT-VALUE})")
    int keyRounds = 2000;

    @Option(names = "--dir", description = "scratch folder for the SQLite files (default: a new temp folder)")
    Path dir;

    @Option(names = "--node", description = "the Node.js 20+ binary (default: $ZAILEYS_NODE, else node on the PATH)")
    Path node;

    @Option(names = "--cache-dir", description = "the driver cache root (default: $ZAILEYS_DRIVER_CACHE, else ~/.cache/zaileys/baileys-driver)")
    Path cacheDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || keyRounds < 1) {
            throw new UsageException("--rounds and --key-rounds must be positive");
        }
        Path scratch = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("zaileys-bench-bridge");
        BridgeBench.Result r = BridgeBench.run(ConnectCommand.driver(node, cacheDir), scratch, rounds, keyRounds);
        PrintWriter out = spec.commandLine().getOut();
        out.println(String.format(Locale.ROOT, "signal round trips (encrypt+decrypt both ways), %d rounds:", r.rounds()));
        out.println(String.format(Locale.ROOT, "  bridge, keys in SQLite     %10.1f /s", r.bridgeSignalPerSec()));
        out.println(String.format(Locale.ROOT, "  one Node process, memory   %10.1f /s   (lower bound on the work)", r.inProcessSignalPerSec()));
        out.println(String.format(Locale.ROOT, "  ratio                      %10.2f x", r.signalRatio()));
        out.println(String.format(Locale.ROOT, "  key calls per round trip   %10.1f", r.keyCallsPerRound()));
        out.println(String.format(Locale.ROOT, "key round trips (set + get of 1 KiB from the driver), %d rounds:", r.keyRounds()));
        out.println(String.format(Locale.ROOT, "  SQLite behind the bridge   %10.1f /s", r.keysSqlitePerSec()));
        out.println(String.format(Locale.ROOT, "  memory behind the bridge   %10.1f /s", r.keysMemoryPerSec()));
        return 0;
    }
}
