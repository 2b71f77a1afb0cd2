package dev.zaileys.cli;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.convex.ConvexAuthStore;
import dev.zaileys.store.convex.ConvexMessageStore;
import dev.zaileys.store.file.FileAuthStore;
import dev.zaileys.store.memory.MemoryAuthStore;
import dev.zaileys.store.memory.MemoryMessageStore;
import dev.zaileys.store.postgres.PostgresAuthStore;
import dev.zaileys.store.postgres.PostgresMessageStore;
import dev.zaileys.store.redis.RedisAuthStore;
import dev.zaileys.store.redis.RedisMessageStore;
import dev.zaileys.store.sqlite.SqliteAuthStore;
import dev.zaileys.store.sqlite.SqliteMessageStore;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Turns a store URI into the stores it names. The one place that knows the schemes. */
final class Stores {

    static final String EXAMPLES = "for example memory:, file:./auth, sqlite:./zaileys.db, postgres://user:pass@host/db or redis://localhost:6379?namespace=wa";

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
                String url = uri.raw().strip();
                yield new Backend(uri, () -> usage(uri, () -> RedisAuthStore.builder().url(url).build()),
                        () -> usage(uri, () -> RedisMessageStore.builder().url(url).build()));
            }
            case "convex" -> convex(uri);
            case "postgres", "postgresql" -> postgres(uri);
            default -> throw new UsageException("unknown store URI scheme '" + uri.scheme() + ":' in '" + uri
                    + "' (" + EXAMPLES + ")");
        };
    }

    /** {@code sqlite:PATH} or {@code sqlite::memory:}, optionally {@code ?session=NAME&readonly=true}. */
    private static Backend sqlite(StoreUri uri) {
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
        String s = session;
        boolean ro = readonly;
        // Built once here so bad options fail as a usage error before anything opens.
        try {
            SqliteAuthStore.builder().database(database).readonly(ro).session(s).build().close();
        } catch (dev.zaileys.model.ZaileysStoreException e) {
            throw new UsageException("'" + uri + "': " + e.getMessage());
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
        String raw = uri.raw().strip();
        String session = null;
        int q = raw.indexOf('?');
        String base = q < 0 ? raw : raw.substring(0, q);
        StringBuilder keep = new StringBuilder();
        if (q >= 0) {
            for (String pair : raw.substring(q + 1).split("&")) {
                if (pair.startsWith("session=")) {
                    session = pair.substring("session=".length());
                } else if (!pair.isEmpty()) {
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
        return new Backend(uri, () -> PostgresAuthStore.builder().connectionString(connectionString).session(s).build(),
                () -> PostgresMessageStore.builder().connectionString(connectionString).session(s).build());
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
