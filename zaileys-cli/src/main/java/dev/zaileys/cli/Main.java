package dev.zaileys.cli;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.stores.StoreUri;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/**
 * {@code zaileys}: store tools over store URIs (see {@link #STORE_URIS}). Exit codes: 0 ok, 1
 * failure, 2 usage error. Errors are one line on stderr; {@code --verbose} adds the stack trace.
 */
@Command(name = "zaileys", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Store tools for zaileys: inspect, verify, export, import and migrate WhatsApp sessions and history, "
                + "and benchmark a backend.",
        footer = Main.STORE_URIS,
        subcommands = {
                DemoCommand.class,
                Commands.Inspect.class,
                Commands.Verify.class,
                Commands.Export.class,
                Commands.Import.class,
                Commands.Migrate.class,
                Commands.Bench.class,
                SessionsCommand.class,
                ConnectCommand.class,
                InstallDriverCommand.class,
                BenchBridgeCommand.class,
                HelpCommand.class,
        })
public final class Main implements Runnable {

    /** Every scheme with an example; the footer of every command's help. */
    static final String STORE_URIS = "%nStore URIs:%n"
            + "  memory:                                        in this process only (empty at start)%n"
            + "  file:./.zaileys/auth/default                   creds and Signal keys in a folder (no history)%n"
            + "  sqlite:./zaileys.db[?session=NAME&readonly=true]%n"
            + "  postgres://user:password@host:5432/db[?session=NAME&sslmode=require]%n"
            + "  redis://:password@localhost:6379[?namespace=wa]  (rediss:// for TLS)%n"
            + "  convex:https://<deployment>.convex.cloud[?namespace=wa]%n"
            + "A password is never printed: output shows it as ***.";

    /** Held so the setting sticks: java.util.logging keeps loggers only weakly. */
    private static final java.util.logging.Logger PGJDBC_LOG = java.util.logging.Logger.getLogger("org.postgresql");

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "print the stack trace of an error")
    boolean verbose;

    final InputStream in;
    final PrintStream out;
    final PrintStream err;

    private Main(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int code = execute(System.in, System.out, System.err, args);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line with the given streams; returns the exit code. */
    public static int execute(InputStream in, PrintStream out, PrintStream err, String... args) {
        // pgjdbc's own log lines may quote the connection URL, password included; our errors say what failed.
        PGJDBC_LOG.setLevel(java.util.logging.Level.OFF);
        Main main = new Main(in, out, err);
        boolean verbose = wantsVerbose(args);
        CommandLine cl = new CommandLine(main);
        cl.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cl.setParameterExceptionHandler((ex, ignored) -> {
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.println("zaileys: " + firstLine(ex.getMessage()) + " (see: "
                    + ex.getCommandLine().getCommandName() + " --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.println("zaileys: " + describe(ex));
            return ex instanceof UsageException ? 2 : 1;
        });
        int code = cl.execute(args);
        // A lost line of output (full disk, closed pipe) is a failure, whatever the command returned.
        if (code == 0 && (out.checkError() || err.checkError())) {
            err.println("zaileys: cannot write the output (disk full or the reader went away): it is incomplete");
            return 1;
        }
        return code;
    }

    /** {@code zaileys} alone: the usage, as a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "no command given (inspect, verify, export, import, migrate, sessions, bench)");
    }

    private static String describe(Throwable ex) {
        if (ex instanceof UsageException || ex instanceof DataException || ex instanceof ZaileysStoreException
                || ex instanceof dev.zaileys.baileys.DriverException) {
            return StoreUri.redact(firstLine(ex.getMessage()));
        }
        if (ex instanceof UncheckedIOException && ex.getCause() != null) {
            ex = ex.getCause();
        }
        String msg = ex.getMessage();
        return ex.getClass().getSimpleName() + (msg == null ? "" : ": " + StoreUri.redact(firstLine(msg)));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    private static boolean wantsVerbose(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--verbose")) {
                return true;
            }
        }
        return false;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            try (var in = Main.class.getResourceAsStream("/META-INF/maven/dev.zaileys/zaileys-cli/pom.properties")) {
                if (in != null) {
                    var p = new java.util.Properties();
                    p.load(in);
                    v = p.getProperty("version", v);
                }
            } catch (java.io.IOException ignored) {
                // Fall back to the manifest.
            }
            return new String[] {"zaileys " + (v == null ? "(development build)" : v)};
        }
    }

}
