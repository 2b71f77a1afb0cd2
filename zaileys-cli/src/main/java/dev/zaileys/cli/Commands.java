package dev.zaileys.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.bench.StandardBench;
import dev.zaileys.model.BufferJson;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.SessionCheck;
import dev.zaileys.workload.Workload;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The store tools. Each returns an exit code; failures are thrown and reported by {@link Main}. */
final class Commands {

    private Commands() {}

    @Command(name = "inspect", description = "Show what a store holds: creds, Signal keys per type, history counts.")
    static final class Inspect implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Parameters(paramLabel = "URI", description = "the store, e.g. file:./.zaileys/auth/default or memory:")
        String uri;

        @Override
        public Integer call() {
            try (Stores.Backend b = Stores.open(uri)) {
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
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "verify", description = "Read every record of a store and check the session's integrity: "
            + "nothing damaged, creds complete. Prints one line per problem; exit 1 when there is any.")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Parameters(paramLabel = "URI", description = "the store, e.g. file:./.zaileys/auth/default or sqlite:./zaileys.db")
        String uri;

        @Override
        public Integer call() {
            try (Stores.Backend b = Stores.open(uri)) {
                SessionCheck.Result r = SessionCheck.run(b.hasAuth() ? b.auth() : null, b.hasMessages() ? b.messages() : null);
                String row = "%-24s %s%n";
                var out = main.out;
                out.printf(row, "store", b.uri());
                r.counts().forEach((what, n) -> out.printf(row, what.startsWith("signal ") ? "  " + what.substring(7) : what, n));
                for (String p : r.problems()) {
                    out.println("problem: " + p);
                }
                out.println(r.healthy() ? "ok" : r.problems().size() + (r.problems().size() == 1 ? " problem" : " problems"));
                out.flush();
                return r.healthy() ? 0 : 1;
            }
        }
    }

    @Command(name = "export", description = "Write every record of a store to stdout as JSON lines, in a fixed order.")
    static final class Export implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Option(names = "--from", required = true, paramLabel = "URI", description = "the store to read")
        String from;

        @Override
        public Integer call() throws IOException {
            Writer w = new BufferedWriter(new OutputStreamWriter(main.out, StandardCharsets.UTF_8), 1 << 16);
            try (Stores.Backend b = Stores.open(from)) {
                Exporter.export(b, r -> {
                    try {
                        w.write(BufferJson.encodeToString(r));
                        w.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } finally {
                w.flush();
            }
            return 0;
        }
    }

    @Command(name = "import", description = "Write JSON lines made by export into a store. The whole input is checked "
            + "before anything is written.")
    static final class Import implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Option(names = "--to", required = true, paramLabel = "URI", description = "the store to write into")
        String to;

        @Parameters(paramLabel = "FILE", arity = "0..1", description = "JSON lines (default: stdin; - is stdin too)")
        String file;

        @Option(names = "--force", description = "overwrite a target session that is newer or of another account")
        boolean force;

        @Override
        public Integer call() throws IOException {
            try (Stores.Backend b = Stores.open(to)) {
                Path input;
                Path spooled = null;
                if (file == null || file.equals("-")) {
                    // stdin is read twice (check, then write): keep it in an owner-only temp file meanwhile.
                    spooled = spool(main.in);
                    input = spooled;
                } else {
                    input = Path.of(file);
                }
                try {
                    Importer importer = new Importer(b, force);
                    forEachLine(input, (line, no) -> importer.checkNotStale(Importer.validate(line, no, b)));
                    forEachLine(input, (line, no) -> importer.accept(Importer.validate(line, no, b)));
                    importer.finish();
                    main.err.println("imported " + importer.accepted() + " records into " + b.uri());
                } finally {
                    if (spooled != null) {
                        Files.deleteIfExists(spooled);
                    }
                }
            }
            return 0;
        }

        interface LineHandler {
            void accept(String line, long lineNo);
        }

        private static void forEachLine(Path input, LineHandler handler) throws IOException {
            var decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            long no = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(input), decoder), 1 << 16)) {
                for (String line; (line = r.readLine()) != null; ) {
                    no++;
                    if (!line.isBlank()) {
                        handler.accept(line, no);
                    }
                }
            } catch (NoSuchFileException e) {
                throw new UsageException("no such file: " + input);
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new DataException("line " + (no + 1) + ": not UTF-8 text");
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

    @Command(name = "migrate", description = "Copy every record of one store into another (export piped into import).")
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

        @Override
        public Integer call() {
            try (Stores.Backend source = Stores.open(from); Stores.Backend target = Stores.open(to)) {
                if (source.hasMessages() && !target.hasMessages() && Exporter.count(source).history() > 0) {
                    throw new UsageException(target.uri().scheme() + ": holds no messages, and " + source.uri()
                            + " has history that would be lost");
                }
                boolean bar = progress != null ? progress : System.console() != null;
                ProgressBar pb = bar ? new ProgressBar(main.err, "migrating", Exporter.count(source).total()) : null;
                Importer importer = new Importer(target, force);
                Exporter.export(source, r -> {
                    importer.accept(r);
                    if (pb != null) {
                        pb.step();
                    }
                });
                importer.finish();
                if (pb != null) {
                    pb.finish();
                }
                main.err.println("migrated " + importer.accepted() + " records from " + source.uri() + " to " + target.uri());
            }
            return 0;
        }
    }

    @Command(name = "bench", description = "Run the standard workload (WORKLOAD.md) against a store. The store is "
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

        @Override
        public Integer call() {
            if (messages < 1 || messages > Workload.W1_MESSAGES) {
                throw new UsageException("--messages must be between 1 and " + Workload.W1_MESSAGES + ", got " + messages);
            }
            Stores.Backend b = Stores.open(uri);
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
            StandardBench.run(uri, messageStores, authStores, new StandardBench.Options(json, messages, raw), main.out);
            main.out.flush();
            return 0;
        }
    }
}
