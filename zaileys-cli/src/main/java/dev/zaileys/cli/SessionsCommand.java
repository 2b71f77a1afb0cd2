package dev.zaileys.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.store.SessionCatalog;
import dev.zaileys.store.SessionSummary;
import dev.zaileys.stores.StoreUri;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code zaileys sessions list|drop URI}: the sessions of one backend (see {@link SessionCatalog}). */
@Command(name = "sessions", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, footer = Main.STORE_URIS,
        description = "List or drop the sessions of a backend: SQL sessions, Redis or Convex namespaces, File folders.",
        subcommands = {SessionsCommand.ListSessions.class, SessionsCommand.Drop.class})
final class SessionsCommand implements Runnable {

    @ParentCommand
    Main main;

    @Override
    public void run() {
        throw new UsageException("sessions needs list or drop, as in: zaileys sessions list sqlite:./zaileys.db");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Print each session with its record counts (creds, Signal keys, messages, chats, contacts, "
                    + "presence, jobs).")
    static final class ListSessions implements Callable<Integer> {
        @ParentCommand
        SessionsCommand parent;

        @Parameters(paramLabel = "URI", description = "the backend, e.g. sqlite:./zaileys.db, postgres://..., "
                + "redis://host:6379, file:./.zaileys/auth")
        String uri;

        @Option(names = "--json", description = "one JSON object per line")
        boolean json;

        @Option(names = "--names", description = "names only, no counts (a count reads each session)")
        boolean names;

        @Override
        public Integer call() {
            var out = parent.main.out;
            try (SessionCatalog catalog = Stores.catalog(uri)) {
                List<String> sessions = catalog.list();
                String row = "%-32s %-6s %8s %9s %7s %9s %9s %5s%n";
                if (!json && !names && !sessions.isEmpty()) {
                    out.printf(row, "SESSION", "CREDS", "KEYS", "MESSAGES", "CHATS", "CONTACTS", "PRESENCE", "JOBS");
                }
                for (String name : sessions) {
                    if (names) {
                        out.println(json ? JsonNodeFactory.instance.objectNode().put("session", name) : name);
                        continue;
                    }
                    // Dropped by another process since the list: not an error, just gone.
                    SessionSummary s = catalog.summary(name).orElse(null);
                    if (s == null) {
                        continue;
                    }
                    if (json) {
                        ObjectNode o = JsonNodeFactory.instance.objectNode().put("session", name).put("creds", s.creds())
                                .put("signalKeys", s.signalKeys()).put("messages", s.messages()).put("chats", s.chats())
                                .put("contacts", s.contacts()).put("presences", s.presences()).put("jobs", s.jobs());
                        out.println(o);
                    } else {
                        out.printf(row, name, s.creds() ? "yes" : "no", s.signalKeys(), s.messages(), s.chats(), s.contacts(),
                                s.presences(), s.jobs());
                    }
                }
                if (sessions.isEmpty() && !json) {
                    parent.main.err.println("zaileys: no sessions in " + StoreUri.parse(uri));
                }
            }
            Output.check(out, "stdout");
            return 0;
        }
    }

    @Command(name = "drop", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Delete every record of one session. Asks on the terminal first; without a terminal, "
                    + "only with --yes. A session in use (its lease held by a running bot) is refused, naming the process.")
    static final class Drop implements Callable<Integer> {
        @ParentCommand
        SessionsCommand parent;

        @Parameters(index = "0", paramLabel = "URI", description = "the backend")
        String uri;

        @Parameters(index = "1", paramLabel = "NAME", description = "the session (a Redis or Convex namespace, a folder name)")
        String name;

        @Option(names = {"-y", "--yes"}, description = "drop without asking")
        boolean yes;

        @Override
        public Integer call() {
            Main main = parent.main;
            try (SessionCatalog catalog = Stores.catalog(uri)) {
                SessionSummary s = catalog.summary(name).orElseThrow(() -> new DataException("no session '" + name
                        + "' in " + StoreUri.parse(uri) + " (it has: " + String.join(", ", catalog.list()) + ")"));
                if (!yes) {
                    confirm(main, s);
                }
                if (!catalog.drop(name)) {
                    throw new DataException("session '" + name + "' was dropped by someone else meanwhile");
                }
                main.out.println("dropped session " + name + " (" + describe(s) + ")");
            }
            Output.check(main.out, "stdout");
            return 0;
        }

        /** Asks on the terminal; refuses when there is none, so a script never drops by accident. */
        private void confirm(Main main, SessionSummary s) {
            Console console = System.console();
            if (console == null) {
                throw new UsageException("drop asks for confirmation on a terminal and there is none: pass --yes to drop "
                        + "session '" + name + "' without asking");
            }
            main.err.print("Drop session '" + name + "' of " + StoreUri.parse(uri) + " (" + describe(s) + ")? "
                    + "This cannot be undone. Type the session name to confirm: ");
            main.err.flush();
            String answer;
            try {
                answer = new BufferedReader(new InputStreamReader(main.in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new DataException("cannot read the answer: " + e.getMessage(), e);
            }
            if (answer == null || !answer.strip().equals(name)) {
                throw new DataException("not dropped: the answer was not '" + name + "'");
            }
        }

        private static String describe(SessionSummary s) {
            return (s.creds() ? "creds, " : "no creds, ") + s.signalKeys() + " keys, " + s.messages() + " messages, "
                    + s.chats() + " chats, " + s.contacts() + " contacts, " + s.jobs() + " jobs";
        }
    }
}
