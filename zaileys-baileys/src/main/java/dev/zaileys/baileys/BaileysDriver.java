package dev.zaileys.baileys;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The Node side of the Baileys transport: which Node binary runs it and where its npm packages
 * live. The jar carries only the driver script and its pinned {@code package.json} and
 * {@code package-lock.json}; {@link #install()} runs {@code npm ci} from that lock file into a
 * folder named after the pinned Baileys version and a hash of those files, so two versions of
 * this library never share (or break) one install. An install is built aside and moved into
 * place whole, so a crash mid-install leaves nothing half-usable.
 *
 * <p>Node.js 20 or later is required. The binary is, in order: {@link Builder#node}, the
 * {@code ZAILEYS_NODE} environment variable, {@code node} on the {@code PATH}; {@code npm} is
 * taken from the same folder as that binary, else from the {@code PATH}. The cache root is
 * {@link Builder#cacheDir}, else {@code ZAILEYS_DRIVER_CACHE}, else
 * {@code ~/.cache/zaileys/baileys-driver}.
 *
 * <p>Thread-safe; installing is idempotent.
 */
public final class BaileysDriver {

    /** The Baileys version the driver pins (the one the Node zaileys 4.8.5 uses). */
    public static final String BAILEYS_VERSION = "7.0.0-rc14";
    /** Environment variable naming the Node binary. */
    public static final String ENV_NODE = "ZAILEYS_NODE";
    /** Environment variable naming the cache root. */
    public static final String ENV_CACHE = "ZAILEYS_DRIVER_CACHE";

    static final String SCRIPT = "driver.mjs";
    private static final String RESOURCES = "/dev/zaileys/baileys/driver/";
    private static final List<String> FILES = List.of("package.json", "package-lock.json", ".npmrc", SCRIPT);
    private static final Duration INSTALL_LIMIT = Duration.ofMinutes(10);

    private final String node;
    private final Path cacheRoot;
    private final boolean testHooks;
    private volatile Path installed;

    private BaileysDriver(Builder b) {
        this.node = b.node != null ? b.node.toString() : envOr(ENV_NODE, "node");
        this.cacheRoot = b.cacheDir != null ? b.cacheDir
                : Path.of(envOr(ENV_CACHE, Path.of(System.getProperty("user.home"), ".cache", "zaileys", "baileys-driver").toString()));
        this.testHooks = false;
    }

    private BaileysDriver(BaileysDriver of, boolean testHooks) {
        this.node = of.node;
        this.cacheRoot = of.cacheRoot;
        this.testHooks = testHooks;
    }

    /** The same driver with the commands only this project's tests use switched on. */
    BaileysDriver withTestHooks() {
        return new BaileysDriver(this, true);
    }

    boolean testHooks() {
        return testHooks;
    }

    /** A driver with the defaults (environment variables, then {@code PATH} and the home cache). */
    public static BaileysDriver defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The Node binary this driver runs with. */
    public String node() {
        return node;
    }

    /** The folder this version installs into (whether or not it is installed yet). */
    public Path installDir() {
        return cacheRoot.resolve("baileys-" + BAILEYS_VERSION + "-" + contentHash());
    }

    /**
     * Checks that Node.js 20+ runs; throws {@link DriverException} with a one-line
     * explanation (naming {@code ZAILEYS_NODE} and {@link Builder#node}) when it does not.
     */
    public void checkNode() {
        NodeCommands.Result r;
        try {
            r = NodeCommands.run(Path.of("."), Duration.ofSeconds(30), node, "--version");
        } catch (IllegalStateException e) {
            throw new DriverException(missingNode("cannot run '" + node + "'"), -1);
        }
        int major = NodeCommands.major(r.output());
        if (r.exit() != 0 || major < 20) {
            throw new DriverException(missingNode("'" + node + " --version' said " + r.output().strip()), -1);
        }
    }

    private static String missingNode(String what) {
        return "the Baileys driver needs Node.js 20 or later with npm: " + what
                + "; install it or point " + ENV_NODE + " (or BaileysDriver.builder().node(path)) at a Node 20+ binary";
    }

    /**
     * Installs the pinned packages unless this version already is; returns the driver folder.
     * Runs {@code npm ci --ignore-scripts} (Baileys' only install script checks the Node version,
     * which {@link #checkNode()} does here).
     */
    public synchronized Path install() {
        Path dir = installDir();
        if (installed != null || isComplete(dir)) {
            installed = dir;
            return dir;
        }
        checkNode();
        Path staging = cacheRoot.resolve(".staging-" + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            for (String f : FILES) {
                Files.write(staging.resolve(f), resource(f));
            }
            NodeCommands.Result r = NodeCommands.run(staging, INSTALL_LIMIT, npm(), "ci", "--ignore-scripts", "--no-audit",
                    "--no-fund", "--loglevel=error");
            if (r.exit() != 0) {
                throw new DriverException("installing the Baileys driver: `npm ci` in " + staging + " failed (exit "
                        + r.exit() + "): " + lastLines(r.output()), -1);
            }
            try {
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                // another process installed the same version meanwhile: theirs is as good as ours
                deleteTree(staging);
            } catch (AtomicMoveNotSupportedException e) {
                throw new DriverException("the driver cache " + cacheRoot + " cannot move folders atomically", -1, e);
            }
        } catch (IOException e) {
            deleteTree(staging);
            throw new UncheckedIOException("installing the Baileys driver into " + dir + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
        if (!isComplete(dir)) {
            throw new DriverException("installing the Baileys driver: " + dir + " is incomplete after npm ci", -1);
        }
        installed = dir;
        return dir;
    }

    private static boolean isComplete(Path dir) {
        return Files.isRegularFile(dir.resolve(SCRIPT)) && Files.isRegularFile(dir.resolve("node_modules/baileys/package.json"));
    }

    String npm() {
        boolean windows = System.getProperty("os.name").toLowerCase().contains("win");
        String name = windows ? "npm.cmd" : "npm";
        Path nodePath = Path.of(node);
        if (nodePath.getParent() != null) {
            Path sibling = nodePath.getParent().resolve(name);
            if (Files.isExecutable(sibling)) {
                return sibling.toString();
            }
        }
        return name;
    }

    private static String contentHash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String f : FILES) {
                sha.update(f.getBytes(StandardCharsets.UTF_8));
                sha.update(resource(f));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = BaileysDriver.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the zaileys-baileys jar lacks its driver file " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String lastLines(String output) {
        String[] lines = output.strip().split("\n");
        return String.join(" | ", List.of(lines).subList(Math.max(0, lines.length - 5), lines.length));
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover staging folder is never used
        }
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Override
    public String toString() {
        return "BaileysDriver{baileys " + BAILEYS_VERSION + ", node=" + node + ", dir=" + installDir() + "}";
    }

    /** Options of a {@link BaileysDriver}. */
    public static final class Builder {
        private Path node;
        private Path cacheDir;

        private Builder() {}

        /** The Node.js 20+ binary (default: {@code ZAILEYS_NODE}, else {@code node} on the PATH). */
        public Builder node(Path node) {
            this.node = Objects.requireNonNull(node, "node");
            return this;
        }

        /** The cache root installs go under (default: {@code ZAILEYS_DRIVER_CACHE}, else {@code ~/.cache/zaileys/baileys-driver}). */
        public Builder cacheDir(Path cacheDir) {
            this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir").toAbsolutePath();
            return this;
        }

        public BaileysDriver build() {
            return new BaileysDriver(this);
        }
    }
}
