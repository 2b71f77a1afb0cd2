package dev.zaileys.cli;

import dev.zaileys.baileys.BaileysDriver;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zaileys install-driver}: installs the Baileys driver ahead of its first use. */
@Command(name = "install-driver", mixinStandardHelpOptions = true,
        description = "Installs the Baileys driver (npm ci of the pinned baileys " + BaileysDriver.BAILEYS_VERSION
                + " and its dependencies) into its per-version cache folder, so `connect` starts at once.")
public final class InstallDriverCommand implements Callable<Integer> {

    @Option(names = "--node", description = "the Node.js 20+ binary (default: $ZAILEYS_NODE, else node on the PATH)")
    Path node;

    @Option(names = "--cache-dir", description = "the cache root (default: $ZAILEYS_DRIVER_CACHE, else ~/.cache/zaileys/baileys-driver)")
    Path cacheDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        BaileysDriver driver = ConnectCommand.driver(node, cacheDir);
        Path dir = driver.install();
        spec.commandLine().getOut().println("Baileys " + BaileysDriver.BAILEYS_VERSION + " driver installed in " + dir);
        return 0;
    }
}
