package dev.zaileys.cli;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.SessionCatalog;
import dev.zaileys.store.convex.ConvexSessions;
import dev.zaileys.store.file.FileSessions;
import dev.zaileys.store.redis.RedisSessions;
import dev.zaileys.store.sqlite.SqliteSessions;
import dev.zaileys.store.convex.ConvexAuthStore;
import dev.zaileys.store.convex.ConvexMessageStore;
import dev.zaileys.store.file.FileAuthStore;
import dev.zaileys.store.memory.MemoryAuthStore;
import dev.zaileys.store.memory.MemoryMessageStore;
import dev.zaileys.store.postgres.PostgresAuthStore;
import dev.zaileys.store.postgres.PostgresMessageStore;
import dev.zaileys.store.postgres.PostgresSessions;
import dev.zaileys.store.redis.RedisAuthStore;
import dev.zaileys.store.redis.RedisMessageStore;
import dev.zaileys.store.sqlite.SqliteAuthStore;
import dev.zaileys.store.sqlite.SqliteMessageStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.postgresql.PGProperty;

/** Turns a store URI into the stores it names. The one place that knows the schemes. */
final class Stores {

    static final String EXAMPLES = "for example memory:, file:./auth, sqlite:./zaileys.db, postgres://user:pass@host/db, "
            + "redis://localhost:6379?namespace=wa or convex:https://x.convex.cloud?namespace=wa";

    /** Lettuce's own URI options, passed on; everything else but namespace is refused. */
    private static final List<String> REDIS_DRIVER_OPTIONS =
            List.of("timeout", "database", "db", "clientName", "sentinelMasterId", "verifyPeer");

    private Stores() {}

    /**
     * The backend a URI names. Nothing is opened yet: a {@link Backend} opens its stores on first
     * use. Bad or unsupported URIs are a {@link UsageException}.
     */
    static Backend open(String text) {
        StoreUri uri = StoreUri.parse(text);
        return switch (uri.scheme()) {
            case "memory" -> {
                if (!uri.rest().isEmpty()) {
                    throw new UsageException("memory: takes nothing after the colon, got '" + uri + "'");
                }
                yield new Backend(uri, MemoryAuthStore::new, MemoryMessageStore::new);
            }
            case "file" -> {
                Path path = filePath(uri);
                yield new Backend(uri, () -> FileAuthStore.builder().basePath(path).build(), null);
            }
            case "sqlite" -> sqlite(uri);
            case "redis", "rediss" -> {
                // Building a Redis store connects, so options are checked on first use; a mistake
                // in them is still a usage error, raised before anything connects.
                String url = redisUrl(uri);
                yield new Backend(uri, () -> usage(uri, () -> RedisAuthStore.builder().url(url).build()),
                        () -> usage(uri, () -> RedisMessageStore.builder().url(url).build()));
            }
            case "convex" -> convex(uri);
            case "postgres", "postgresql" -> postgres(uri);
            default -> throw new UsageException("unknown store URI scheme '" + uri.scheme() + ":' in '" + uri
                    + "' (" + EXAMPLES + ")");
        };
    }

    /**
     * The backend of a store that must already exist, for the commands that only read
     * ({@code inspect}, {@code verify}, {@code export}, the source of {@code migrate}): a missing
     * folder, file or session is a {@link DataException}, and nothing is created or migrated (SQLite
     * is opened read-only, PostgreSQL is checked for the session's tables first).
     */
    static Backend openExisting(String text) {
        StoreUri uri = StoreUri.parse(text);
        switch (uri.scheme()) {
            case "file" -> {
                Path path = filePath(uri);
                if (!Files.isDirectory(path)) {
                    throw missing(uri, "the folder " + path + " does not exist");
                }
            }
            case "sqlite" -> {
                return sqlite(uri, true);
            }
            case "postgres", "postgresql" -> {
                return postgres(uri, true);
            }
            case "redis", "rediss", "convex" -> {
                // A namespace is only its keys: one without any is a typo or a store never written.
                Backend b = open(text);
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
        return open(text);
    }

    private static DataException missing(StoreUri uri, String why) {
        return new DataException("no store at " + uri + ": " + why + " (a command that only reads never creates one)");
    }

    private static Backend sqlite(StoreUri uri) {
        return sqlite(uri, false);
    }

    /**
     * {@code sqlite:PATH} or {@code sqlite::memory:}, optionally {@code ?session=NAME&readonly=true}.
     * {@code existing}: the file must exist, and is opened read-only.
     */
    private static Backend sqlite(StoreUri uri, boolean existing) {
        String rest = uri.rest();
        String session = null;
        boolean readonly = false;
        int q = rest.indexOf('?');
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                switch (key) {
                    case "session" -> session = value;
                    case "readonly" -> {
                        if (!value.equals("true") && !value.equals("false")) {
                            throw new UsageException("readonly must be true or false in '" + uri + "'");
                        }
                        readonly = value.equals("true");
                    }
                    default -> throw new UsageException("unknown sqlite: option '" + key + "' in '" + uri
                            + "' (known: session, readonly)");
                }
            }
            rest = rest.substring(0, q);
        }
        if (rest.isEmpty()) {
            throw new UsageException("sqlite: needs a database file, as in sqlite:./zaileys.db (or sqlite::memory:)");
        }
        String database = rest.equals("~") || rest.startsWith("~/") ? System.getProperty("user.home") + rest.substring(1) : rest;
        if (existing && !Files.isRegularFile(Path.of(database))) {
            throw missing(uri, database.equals(":memory:") ? "sqlite::memory: starts empty" : "the file " + database + " does not exist");
        }
        String s = session;
        boolean ro = readonly || existing;
        // Built once here so bad options fail as a usage error before anything opens.
        try {
            SqliteAuthStore.builder().database(database).readonly(ro).session(s).build().close();
        } catch (dev.zaileys.model.ZaileysStoreException e) {
            throw new UsageException("'" + uri + "': " + e.getMessage());
        }
        if (existing) {
            requireSqliteSession(uri, database, session);
        }
        return new Backend(uri, () -> SqliteAuthStore.builder().database(database).readonly(ro).session(s).build(),
                () -> SqliteMessageStore.builder().database(database).readonly(ro).session(s).build());
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

    /** The URI for Lettuce: known options only, and a password's {@code @} or {@code /} encoded. */
    private static String redisUrl(StoreUri uri) {
        String raw = StoreUri.encodeUserInfo(uri.raw().strip());
        int q = raw.indexOf('?');
        if (q >= 0) {
            for (String pair : raw.substring(q + 1).split("&")) {
                String key = pair.indexOf('=') < 0 ? pair : pair.substring(0, pair.indexOf('='));
                if (!pair.isEmpty() && !key.equals("namespace") && !REDIS_DRIVER_OPTIONS.contains(key)) {
                    throw new UsageException("unknown redis: option '" + key + "' in '" + uri + "' (known: namespace, "
                            + String.join(", ", REDIS_DRIVER_OPTIONS) + "; a password goes in the user part before the host, "
                            + "not in the query)");
                }
            }
        }
        return raw;
    }

    /** {@code convex:https://<deployment>.convex.cloud?namespace=NAME}. */
    private static Backend convex(StoreUri uri) {
        String url = uri.rest().strip();
        // Built once here so bad options fail as a usage error before anything is sent.
        usage(uri, () -> ConvexAuthStore.builder().url(url).build()).close();
        return new Backend(uri, () -> ConvexAuthStore.builder().url(url).build(),
                () -> ConvexMessageStore.builder().url(url).build());
    }

    /**
     * {@code postgres://user:password@host:port/db} (or {@code postgresql://}), optionally
     * {@code ?session=NAME}; other query parameters go to the driver ({@code sslmode}, ...).
     */
    private static Backend postgres(StoreUri uri) {
        return postgres(uri, false);
    }

    /** As {@link #postgres(StoreUri)}; {@code existing}: the session's tables must exist. */
    private static Backend postgres(StoreUri uri, boolean existing) {
        String raw = StoreUri.encodeUserInfo(uri.raw().strip());
        String session = null;
        int q = raw.indexOf('?');
        String base = q < 0 ? raw : raw.substring(0, q);
        StringBuilder keep = new StringBuilder();
        if (q >= 0) {
            for (String pair : raw.substring(q + 1).split("&")) {
                String key = pair.indexOf('=') < 0 ? pair : pair.substring(0, pair.indexOf('='));
                if (pair.startsWith("session=")) {
                    session = pair.substring("session=".length());
                } else if (!pair.isEmpty()) {
                    if (!key.equals("user") && !key.equals("password") && PGProperty.forName(key) == null) {
                        throw new UsageException("unknown postgres: option '" + key + "' in '" + uri
                                + "' (known: session, and the driver's options such as sslmode, connectTimeout, "
                                + "socketTimeout, ApplicationName, currentSchema)");
                    }
                    keep.append(keep.length() == 0 ? "?" : "&").append(pair);
                }
            }
        }
        String connectionString = base + keep;
        String s = session;
        // Built once here so bad options fail as a usage error before anything connects.
        try {
            PostgresAuthStore.builder().connectionString(connectionString).session(s).build().close();
        } catch (dev.zaileys.model.ZaileysStoreException e) {
            throw new UsageException("'" + uri + "': " + StoreUri.redact(e.getMessage()));
        }
        if (existing) {
            String wanted = s == null ? "default" : s;
            List<String> sessions;
            try (PostgresSessions catalog = PostgresSessions.of(connectionString)) {
                sessions = catalog.list();
            }
            if (!sessions.contains(wanted)) {
                throw missing(uri, "the database has no session '" + wanted + "'"
                        + (sessions.isEmpty() ? " (no zaileys tables at all)" : " (it has: " + String.join(", ", sessions) + ")"));
            }
        }
        return new Backend(uri, () -> PostgresAuthStore.builder().connectionString(connectionString).session(s).build(),
                () -> PostgresMessageStore.builder().connectionString(connectionString).session(s).build());
    }

    /**
     * The session catalog of the backend a URI names: a File base folder, a SQLite file, a
     * PostgreSQL database, a Redis server, a Convex deployment. The URI names the backend, not one
     * session: a {@code session} or {@code namespace} in it is a usage error.
     */
    static SessionCatalog catalog(String text) {
        StoreUri uri = StoreUri.parse(text);
        String rest = uri.rest();
        String query = rest.indexOf('?') < 0 ? "" : rest.substring(rest.indexOf('?') + 1);
        for (String pair : query.split("&")) {
            String key = pair.indexOf('=') < 0 ? pair : pair.substring(0, pair.indexOf('='));
            if (key.equals("session") || key.equals("namespace")) {
                throw new UsageException("'" + uri + "' names one " + key + "; sessions takes the backend alone "
                        + "(the sessions are what it lists), as in " + uri.scheme() + ":" + rest.substring(0, rest.indexOf('?')));
            }
        }
        return switch (uri.scheme()) {
            case "file" -> FileSessions.of(filePath(uri));
            case "sqlite" -> {
                String database = rest.indexOf('?') < 0 ? rest : rest.substring(0, rest.indexOf('?'));
                if (database.isEmpty()) {
                    throw new UsageException("sqlite: needs a database file, as in sqlite:./zaileys.db");
                }
                if (!database.equals(":memory:") && !Files.isRegularFile(Path.of(database))) {
                    throw missing(uri, "the file " + database + " does not exist");
                }
                yield usage(uri, () -> SqliteSessions.of(database));
            }
            case "postgres", "postgresql" -> usage(uri, () -> PostgresSessions.of(StoreUri.encodeUserInfo(uri.raw().strip())));
            case "redis", "rediss" -> {
                String url = redisUrl(uri);
                yield usage(uri, () -> RedisSessions.of(url));
            }
            case "convex" -> usage(uri, () -> ConvexSessions.of(rest.strip()));
            case "memory" -> throw new UsageException("memory: holds one session, in one process; sessions lists those "
                    + "of a file:, sqlite:, postgres://, redis:// or convex: backend");
            default -> throw new UsageException("unknown store URI scheme '" + uri.scheme() + ":' in '" + uri + "' ("
                    + EXAMPLES + ")");
        };
    }

    private static Path filePath(StoreUri uri) {
        String p = uri.rest();
        if (p.startsWith("//")) {
            // file:///abs/path and file://localhost/abs/path
            String afterAuthority = p.substring(2);
            int slash = afterAuthority.indexOf('/');
            String host = slash < 0 ? afterAuthority : afterAuthority.substring(0, slash);
            if (!host.isEmpty() && !host.equals("localhost")) {
                throw new UsageException("file: URIs name a local folder, got host '" + host + "' in '" + uri + "'");
            }
            p = slash < 0 ? "" : afterAuthority.substring(slash);
        }
        if (p.isEmpty()) {
            throw new UsageException("file: needs a folder, as in file:./auth");
        }
        if (p.equals("~") || p.startsWith("~/")) {
            p = System.getProperty("user.home") + p.substring(1);
        }
        try {
            return Path.of(p);
        } catch (InvalidPathException e) {
            throw new UsageException("'" + uri + "' is not a valid folder: " + e.getReason());
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
