package dev.zaileys.cli;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.SessionCatalog;
import dev.zaileys.store.postgres.PostgresSessions;
import dev.zaileys.store.redis.RedisAuthStore;
import dev.zaileys.store.redis.RedisMessageStore;
import dev.zaileys.store.sqlite.SqliteSessions;
import dev.zaileys.stores.StoreUri;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The stores a URI names, for the commands: the mapping itself is the library's
 * {@link StoreUri}; this adds the checks of commands that only read (nothing is created) and turns
 * a bad URI into a {@link UsageException}.
 */
final class Stores {

    static final String EXAMPLES = StoreUri.EXAMPLES;

    private Stores() {}

    /**
     * The backend a URI names. Nothing is opened yet: a {@link Backend} opens its stores on first
     * use. Bad or unsupported URIs are a {@link UsageException}.
     */
    static Backend open(String text) {
        return backend(parse(text));
    }

    private static StoreUri parse(String text) {
        try {
            StoreUri uri = StoreUri.parse(text);
            if (uri.onApplicationPool()) {
                throw new UsageException("'" + uri + "' names no server: write postgres://user:password@host:5432/db");
            }
            return uri;
        } catch (ZaileysStoreException e) {
            if (e.code() != ZaileysStoreException.Code.STORE_INVALID_INPUT) {
                throw e;
            }
            throw new UsageException(StoreUri.redact(detail(e)));
        }
    }

    /**
     * The session catalog of the backend a URI names: a File base folder, a SQLite file, a
     * PostgreSQL database, a Redis server, a Convex deployment. The URI names the backend, not one
     * session: a {@code session} or {@code namespace} in it is a usage error.
     */
    static SessionCatalog catalog(String text) {
        StoreUri uri = parse(text);
        String rest = text.strip();
        int q = rest.indexOf('?');
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                String key = pair.indexOf('=') < 0 ? pair : pair.substring(0, pair.indexOf('='));
                if (key.equals("session") || key.equals("namespace")) {
                    throw new UsageException("'" + uri + "' names one " + key + "; sessions takes the backend alone "
                            + "(the sessions are what it lists), as in " + StoreUri.redact(rest.substring(0, q)));
                }
            }
        }
        if (uri.scheme().equals("memory")) {
            throw new UsageException("memory: holds one session, in one process; sessions lists those "
                    + "of a file:, sqlite:, postgres://, redis:// or convex: backend");
        }
        requireLocalStore(uri);
        return usage(uri, uri::openCatalog);
    }

    /**
     * A {@code file:} folder or {@code sqlite:} file a reading command names must be there: a
     * typo is an error, never a new empty store. Other schemes are checked by their server.
     */
    private static void requireLocalStore(StoreUri uri) {
        if (uri.filePath().isPresent() && !Files.isDirectory(uri.filePath().get())) {
            throw missing(uri, "the folder " + uri.filePath().get() + " does not exist");
        }
        String database = uri.sqliteDatabase().orElse(null);
        if (database != null && !Files.isRegularFile(Path.of(database))) {
            throw missing(uri, database.equals(":memory:") ? "sqlite::memory: starts empty"
                    : "the file " + database + " does not exist");
        }
    }

    private static Backend backend(StoreUri uri) {
        // Building a Redis store connects, so its options are checked on first use; a mistake in
        // them is still a usage error, raised before anything connects.
        return new Backend(uri, () -> usage(uri, uri::openAuthStore),
                uri.holdsMessages() ? () -> usage(uri, uri::openMessageStore) : null);
    }

    /**
     * The backend of a store that must already exist, for the commands that only read
     * ({@code inspect}, {@code verify}, {@code export}, the source of {@code migrate}): a missing
     * folder, file or session is a {@link DataException}, and nothing is created or migrated (SQLite
     * is opened read-only, PostgreSQL is checked for the session's tables first).
     */
    static Backend openExisting(String text) {
        StoreUri uri = parse(text);
        switch (uri.scheme()) {
            case "file" -> requireLocalStore(uri);
            case "sqlite" -> {
                requireLocalStore(uri);
                String database = uri.sqliteDatabase().orElseThrow();
                requireSqliteSession(uri, database, uri.session().orElse(null));
                return backend(uri.readOnly());
            }
            case "postgres", "postgresql" -> {
                String wanted = uri.session().orElse("default");
                List<String> sessions;
                try (PostgresSessions catalog = PostgresSessions.of(uri.postgresConnectionString().orElseThrow())) {
                    sessions = catalog.list();
                }
                if (!sessions.contains(wanted)) {
                    throw missing(uri, "the database has no session '" + wanted + "'"
                            + (sessions.isEmpty() ? " (no zaileys tables at all)" : " (it has: " + String.join(", ", sessions) + ")"));
                }
            }
            case "redis", "rediss", "convex" -> {
                // A namespace is only its keys: one without any is a typo or a store never written.
                Backend b = backend(uri);
                try {
                    if (b.holdsNothing()) {
                        throw missing(uri, "nothing is stored under its namespace");
                    }
                } catch (RuntimeException e) {
                    b.close();
                    throw e;
                }
                return b;
            }
            default -> { }
        }
        return backend(uri);
    }

    private static DataException missing(StoreUri uri, String why) {
        return new DataException("no store at " + uri + ": " + why + " (a command that only reads never creates one)");
    }

    /** Builds a store, turning a configuration mistake (STORE_INVALID_INPUT) into a usage error. */
    private static <S> S usage(StoreUri uri, Supplier<S> build) {
        try {
            return build.get();
        } catch (ZaileysStoreException e) {
            if (e.code() != ZaileysStoreException.Code.STORE_INVALID_INPUT) {
                throw e;
            }
            throw new UsageException("'" + uri + "' is not a usable store URI: " + StoreUri.redact(e.getMessage()));
        }
    }

    private static String detail(ZaileysStoreException e) {
        String prefix = e.code() + ": ";
        return e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
    }

    /**
     * A session of an existing SQLite file must be there: a typo'd session is an error, not an
     * empty store. Asked of a read-only catalog, so nothing is created or moved.
     */
    private static void requireSqliteSession(StoreUri uri, String database, String session) {
        String wanted = session == null ? "default" : session;
        try (SqliteSessions sessions = SqliteSessions.of(database, true)) {
            if (!sessions.exists(wanted)) {
                List<String> present = sessions.list();
                throw missing(uri, "the file has no " + (wanted.equals("default") && present.isEmpty() ? "zaileys tables"
                        : "session '" + wanted + "'" + (present.isEmpty() ? "" : " (it has: " + String.join(", ", present) + ")")));
            }
        } catch (ZaileysStoreException e) {
            throw new DataException("cannot read " + uri + " as a SQLite database: " + e.getMessage(), e);
        }
    }

    /** The stores one URI names; opens each on first use and closes what it opened. */
    static final class Backend implements AutoCloseable {
        private final StoreUri uri;
        private final Supplier<? extends AuthStoreBundle> authFactory;
        private final Supplier<? extends MessageStore> messageFactory;
        private AuthStoreBundle auth;
        private MessageStore messages;

        Backend(StoreUri uri, Supplier<? extends AuthStoreBundle> authFactory, Supplier<? extends MessageStore> messageFactory) {
            this.uri = uri;
            this.authFactory = authFactory;
            this.messageFactory = messageFactory;
        }

        StoreUri uri() {
            return uri;
        }

        boolean hasAuth() {
            return authFactory != null;
        }

        boolean hasMessages() {
            return messageFactory != null;
        }

        /** Whether neither store holds a record; stops at the first kind that has one. */
        boolean holdsNothing() {
            if (hasAuth() && (auth().readCreds().isPresent() || !auth().listKeyIds().isEmpty())) {
                return false;
            }
            if (!hasMessages()) {
                return true;
            }
            MessageStore m = messages();
            return m.listMessageJids().isEmpty() && m.listChats().isEmpty() && m.listContacts().isEmpty()
                    && m.listPresences().isEmpty() && m.listScheduledJobs().isEmpty();
        }

        /** Whether the backend can store U+0000 in a document (PostgreSQL's jsonb cannot). */
        boolean holdsNul() {
            return !uri.scheme().startsWith("postgres");
        }

        AuthStoreBundle auth() {
            if (auth == null) {
                auth = newAuthStore();
            }
            return auth;
        }

        MessageStore messages() {
            if (messages == null) {
                messages = newMessageStore();
            }
            return messages;
        }

        /**
         * Opens the stores now: a connection problem surfaces before any output, and the
         * persistence warnings (Redis without persistence) print once per backend, before any
         * progress bar, however many stores the command opens later. The CLI's logging leaves them
         * to this method.
         */
        void open(PrintStream err) {
            Set<String> warnings = new LinkedHashSet<>();
            if (hasAuth() && auth() instanceof RedisAuthStore redis) {
                redis.persistenceWarning().ifPresent(warnings::add);
            }
            if (hasMessages() && messages() instanceof RedisMessageStore redis) {
                redis.persistenceWarning().ifPresent(warnings::add);
            }
            warnings.forEach(w -> err.println("zaileys: warning: " + uri + ": " + w));
        }

        /** A new instance each call (the bench opens one per procedure). */
        AuthStoreBundle newAuthStore() {
            if (authFactory == null) {
                throw new UsageException(uri.scheme() + ": holds no creds or Signal keys");
            }
            return authFactory.get();
        }

        /** A new instance each call. */
        MessageStore newMessageStore() {
            if (messageFactory == null) {
                throw new UsageException(uri.scheme() + ": holds no messages (a " + uri.scheme()
                        + ": store keeps creds and Signal keys only)");
            }
            return messageFactory.get();
        }

        @Override
        public void close() {
            try {
                if (messages != null) {
                    messages.close();
                }
            } finally {
                if (auth != null) {
                    auth.close();
                }
            }
        }

        @Override
        public String toString() {
            return uri.toString();
        }
    }
}
