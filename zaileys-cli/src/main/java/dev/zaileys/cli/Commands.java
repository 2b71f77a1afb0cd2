package dev.zaileys.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.bench.StandardBench;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.SessionCheck;
import dev.zaileys.workload.Workload;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The store tools. Each returns an exit code; failures are thrown and reported by {@link Main}. */
final class Commands {

    private Commands() {}

    @Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, footer = Main.STORE_URIS, description = "Show what a store holds: creds, Signal keys per type, history counts.")
    static final class Inspect implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Parameters(paramLabel = "URI", description = "the store, e.g. file:./.zaileys/auth/demo or memory:")
        String uri;

        @Override
        public Integer call() {
            try (Stores.Backend b = Stores.openExisting(uri)) {
                Exporter.Counts c = Exporter.count(b);
                String row = "%-24s %s%n";
                var out = main.out;
                out.printf(row, "store", b.uri());
                if (b.hasAuth()) {
                    out.printf(row, "creds", c.creds() ? "present" : "none");
                    out.printf(row, "signal keys", c.signalKeys());
                    c.signal().forEach((type, n) -> out.printf(row, "  " + type, n));
                }
                if (b.hasMessages()) {
                    out.printf(row, "chats", c.chats());
                    out.printf(row, "contacts", c.contacts());
                    out.printf(row, "messages", c.messages());
                    out.printf(row, "presence", c.presence());
                    out.printf(row, "jobs", c.jobs());
                } else {
                    out.printf(row, "history", "none (" + b.uri().scheme() + ": keeps creds and Signal keys only)");
                }
                Output.check(out, "stdout");
            }
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, footer = Main.STORE_URIS, description = "Read every record of a store and check the session's integrity: "
            + "nothing damaged, creds complete. Prints one line per problem; exit 1 when there is any.")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Parameters(paramLabel = "URI", description = "the store, e.g. file:./.zaileys/auth/demo or sqlite:./zaileys.db")
        String uri;

        @Override
        public Integer call() {
            try (Stores.Backend b = Stores.openExisting(uri)) {
                SessionCheck.Result r = SessionCheck.run(b.hasAuth() ? b.auth() : null, b.hasMessages() ? b.messages() : null);
                String row = "%-24s %s%n";
                var out = main.out;
                out.printf(row, "store", b.uri());
                r.counts().forEach((what, n) -> out.printf(row, what.startsWith("signal ") ? "  " + what.substring(7) : what, n));
                for (String p : r.problems()) {
                    out.println("problem: " + p);
                }
                out.println(r.healthy() ? "ok" : r.problems().size() + (r.problems().size() == 1 ? " problem" : " problems"));
                Output.check(out, "stdout");
                return r.healthy() ? 0 : 1;
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, footer = Main.STORE_URIS,
            description = "Write every record of a store to stdout as JSON lines, in a fixed order. A damaged record "
                    + "stops the export, naming it.")
    static final class Export implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Option(names = "--from", required = true, paramLabel = "URI", description = "the store to read")
        String from;

        @Option(names = "--skip-damaged", description = "export the readable records, list each damaged one on stderr "
                + "and exit 1")
        boolean skipDamaged;

        @Option(names = "--progress", negatable = true,
                description = "show a progress bar on stderr (default: when stderr is a terminal)")
        Boolean progress;

        @Override
        public Integer call() throws IOException {
            Writer w = new BufferedWriter(new OutputStreamWriter(main.out, StandardCharsets.UTF_8), 1 << 16);
            long[] skipped = {0};
            try (Stores.Backend b = Stores.openExisting(from)) {
                b.open(main.err);
                ProgressBar pb = ProgressBar.start(progress, main.err, "exporting", () -> {
                    try {
                        return Exporter.count(b).total();
                    } catch (ZaileysStoreException e) {
                        return 0; // a damaged record: the export itself reports it
                    }
                });
                Exporter.Damaged damaged = !skipDamaged ? Exporter.Damaged.STOP : (what, e) -> {
                    skipped[0]++;
                    ProgressBar.println(pb, main.err, "zaileys: skipped damaged " + what + ": " + e.getMessage());
                };
                long[] n = {0};
                Exporter.export(b, r -> {
                    try {
                        w.write(BufferJson.encodeToString(r));
                        w.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (++n[0] % 1000 == 0) {
                        Output.check(w, main.out, "stdout");
                    }
                    ProgressBar.step(pb);
                }, damaged);
                Output.check(w, main.out, "stdout");
                ProgressBar.finish(pb);
            }
            if (skipped[0] > 0) {
                main.err.println("zaileys: " + skipped[0] + " damaged record" + (skipped[0] == 1 ? " was" : "s were")
                        + " left out of the export");
                return 1;
            }
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, footer = Main.STORE_URIS,
            description = "Write JSON lines made by export into a store. The whole input is checked before anything is "
                    + "written: one bad line (named by its number) and nothing is written, unless --skip-invalid.")
    static final class Import implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Option(names = "--to", required = true, paramLabel = "URI", description = "the store to write into")
        String to;

        @Parameters(paramLabel = "FILE", arity = "0..1", description = "JSON lines (default: stdin; - is stdin too)")
        String file;

        @Option(names = "--force", description = "overwrite a target session that is newer or of another account")
        boolean force;

        @Option(names = "--skip-invalid", description = "write the valid records, list each invalid line on stderr and "
                + "exit 1")
        boolean skipInvalid;

        @Option(names = "--progress", negatable = true,
                description = "show a progress bar on stderr (default: when stderr is a terminal)")
        Boolean progress;

        @Override
        public Integer call() throws IOException {
            Path input;
            Path spooled = null;
            if (file == null || file.equals("-")) {
                // stdin is read twice (check, then write): keep it in an owner-only temp file meanwhile.
                spooled = spool(main.in);
                input = spooled;
            } else {
                input = Path.of(file);
                if (!Files.isRegularFile(input)) {
                    throw new UsageException("no such file: " + input);
                }
            }
            try (Stores.Backend b = Stores.open(to)) {
                b.open(main.err);
                Importer importer = new Importer(b, force);
                Set<Long> invalid = new HashSet<>();
                long[] valid = {0};
                JsonLines.read(input, (no, line, problem) -> {
                    ObjectNode r;
                    try {
                        if (problem != null) {
                            throw new DataException("line " + no + ": " + problem);
                        }
                        r = Importer.check(Importer.parse(line, no), "line " + no, b);
                    } catch (DataException e) {
                        if (!skipInvalid) {
                            throw new DataException(e.getMessage() + " (nothing was written; pass --skip-invalid to "
                                    + "import the other lines)", e);
                        }
                        invalid.add(no);
                        main.err.println("zaileys: skipped " + e.getMessage());
                        return;
                    }
                    importer.checkNotStale(r);
                    valid[0]++;
                });
                ProgressBar pb = ProgressBar.start(progress, main.err, "importing", () -> valid[0]);
                JsonLines.read(input, (no, line, problem) -> {
                    if (!invalid.contains(no)) {
                        importer.accept(Importer.parse(line, no), "line " + no);
                        ProgressBar.step(pb);
                    }
                });
                importer.finish();
                ProgressBar.finish(pb);
                main.err.println("imported " + importer.accepted() + " records into " + b.uri()
                        + (invalid.isEmpty() ? "" : "; skipped " + invalid.size() + " invalid line" + (invalid.size() == 1 ? "" : "s")));
                Output.check(main.err, "stderr");
                return invalid.isEmpty() ? 0 : 1;
            } finally {
                if (spooled != null) {
                    Files.deleteIfExists(spooled);
                }
            }
        }

        private static Path spool(InputStream in) throws IOException {
            Path tmp;
            try {
                tmp = Files.createTempFile("zaileys-import-", ".jsonl",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                tmp = Files.createTempFile("zaileys-import-", ".jsonl");
            }
            try (var out = Files.newOutputStream(tmp, StandardOpenOption.TRUNCATE_EXISTING)) {
                in.transferTo(out);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            return tmp;
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, footer = Main.STORE_URIS,
            description = "Copy every record of one store into another (export piped into import). Every record is "
                    + "checked before anything is written: one the target would refuse and nothing is written, unless "
                    + "--skip-invalid.")
    static final class Migrate implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Option(names = "--from", required = true, paramLabel = "URI", description = "the store to read")
        String from;

        @Option(names = "--to", required = true, paramLabel = "URI", description = "the store to write into")
        String to;

        @Option(names = "--progress", negatable = true,
                description = "show a progress bar on stderr (default: when stderr is a terminal)")
        Boolean progress;

        @Option(names = "--force", description = "overwrite a target session that is newer or of another account")
        boolean force;

        @Option(names = "--skip-invalid", description = "copy the records the target takes, list each other one on "
                + "stderr and exit 1")
        boolean skipInvalid;

        @Override
        public Integer call() {
            try (Stores.Backend source = Stores.openExisting(from); Stores.Backend target = Stores.open(to)) {
                source.open(main.err);
                target.open(main.err);
                if (source.hasMessages() && !target.hasMessages() && Exporter.count(source).history() > 0) {
                    throw new UsageException(target.uri().scheme() + ": holds no messages, and " + source.uri()
                            + " has history that would be lost");
                }
                Importer importer = new Importer(target, force);
                Set<Long> invalid = new HashSet<>();
                long[] no = {0};
                // Checked whole first (the source is read twice), so a refusal leaves the target as it was.
                Exporter.export(source, r -> {
                    no[0]++;
                    try {
                        Importer.check(r, "record " + no[0], target);
                    } catch (DataException e) {
                        if (!skipInvalid) {
                            throw new DataException(e.getMessage() + " (nothing was written; pass --skip-invalid to "
                                    + "migrate the other records)", e);
                        }
                        invalid.add(no[0]);
                        main.err.println("zaileys: skipped " + e.getMessage());
                        return;
                    }
                    importer.checkNotStale(r);
                });
                long total = no[0];
                ProgressBar pb = ProgressBar.start(progress, main.err, "migrating", () -> total - invalid.size());
                no[0] = 0;
                Exporter.export(source, r -> {
                    no[0]++;
                    if (!invalid.contains(no[0])) {
                        importer.accept(r, "record " + no[0]);
                        ProgressBar.step(pb);
                    }
                });
                importer.finish();
                ProgressBar.finish(pb);
                main.err.println("migrated " + importer.accepted() + " records from " + source.uri() + " to " + target.uri()
                        + (invalid.isEmpty() ? "" : "; skipped " + invalid.size() + " the target refused"));
                Output.check(main.err, "stderr");
                return invalid.isEmpty() ? 0 : 1;
            }
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, footer = Main.STORE_URIS, description = "Run the standard workload (WORKLOAD.md) against a store. The store is "
            + "cleared before each procedure: point it at a scratch location.")
    static final class Bench implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Option(names = "--store", required = true, paramLabel = "URI", description = "the store to measure")
        String uri;

        @Option(names = "--json", description = "print JSON lines (the first carries the dataset hashes)")
        boolean json;

        @Option(names = "--messages", paramLabel = "N", defaultValue = "100000",
                description = "W1 message count (default: ${DEFAULT-VALUE}, the standard workload)")
        int messages;

        @Option(names = "--raw", description = "also measure the driver's raw limit, where one exists")
        boolean raw;

        @Option(names = "--sessions", paramLabel = "N", description = "instead of the standard workload: open N "
                + "sessions on one shared pool, write creds + 20 keys + 50 messages each, read them back, list and drop "
                + "them (sqlite:FILE, postgres://..., redis://..., or, from the zaileys-bench module, postgres:embedded / redis:embedded to start a server)")
        Integer sessions;

        @Option(names = "--threads", paramLabel = "T", defaultValue = "4", description = "threads of --sessions (default: ${DEFAULT-VALUE})")
        int threads;

        @Option(names = "--legacy-sessions", paramLabel = "M", defaultValue = "0", description = "with --sessions on SQL: "
                + "also create M sessions in the per-session layout of before the shared one, for comparison")
        int legacySessions;

        @Override
        public Integer call() {
            if (sessions != null) {
                if (sessions < 1 || threads < 1 || legacySessions < 0) {
                    throw new UsageException("--sessions and --threads must be at least 1, --legacy-sessions at least 0");
                }
                try {
                    dev.zaileys.bench.SessionsBench.run(uri, new dev.zaileys.bench.SessionsBench.Options(sessions, threads,
                            legacySessions, json), main.out);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
                Output.check(main.out, "stdout");
                return 0;
            }
            if (messages < 1 || messages > Workload.W1_MESSAGES) {
                throw new UsageException("--messages must be between 1 and " + Workload.W1_MESSAGES + ", got " + messages);
            }
            Stores.Backend b = Stores.open(uri);
            b.open(main.err);
            Supplier<MessageStore> messageStores = !b.hasMessages() ? null : () -> {
                MessageStore s = b.newMessageStore();
                s.clear();
                return s;
            };
            Supplier<AuthStoreBundle> authStores = () -> {
                AuthStoreBundle s = b.newAuthStore();
                s.clear();
                return s;
            };
            try {
                StandardBench.run(uri, messageStores, authStores, new StandardBench.Options(json, messages, raw), main.out);
            } finally {
                b.close();
            }
            Output.check(main.out, "stdout");
            return 0;
        }
    }
}
