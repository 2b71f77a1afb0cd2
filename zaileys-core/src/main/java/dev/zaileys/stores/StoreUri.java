package dev.zaileys.stores;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.SessionCatalog;
import dev.zaileys.store.convex.ConvexAuthStore;
import dev.zaileys.store.convex.ConvexMessageStore;
import dev.zaileys.store.convex.ConvexSessions;
import dev.zaileys.store.file.FileAuthStore;
import dev.zaileys.store.file.FileSessions;
import dev.zaileys.store.memory.MemoryAuthStore;
import dev.zaileys.store.memory.MemoryMessageStore;
import dev.zaileys.store.postgres.PostgresAuthStore;
import dev.zaileys.store.postgres.PostgresMessageStore;
import dev.zaileys.store.postgres.PostgresSessions;
import dev.zaileys.store.redis.RedisAuthStore;
import dev.zaileys.store.redis.RedisMessageStore;
import dev.zaileys.store.redis.RedisSessions;
import dev.zaileys.store.sqlite.SqliteAuthStore;
import dev.zaileys.store.sqlite.SqliteMessageStore;
import dev.zaileys.store.sqlite.SqliteSessions;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A store named by a URI, the one mapping from URIs to stores that the command-line tool and the
 * Spring Boot starter share: {@code memory:}, {@code file:./dir}, {@code sqlite:./x.db[?session=NAME&readonly=true]},
 * {@code postgres://user:password@host:5432/db[?session=NAME&sslmode=...]},
 * {@code redis://:password@host:6379[?namespace=wa]} (or {@code rediss://}) and
 * {@code convex:https://<deployment>.convex.cloud[?namespace=wa]}.
 *
 * <p>{@code postgres:} without a host ({@code postgres:?session=NAME} too) names a PostgreSQL
 * database reached through a {@link DataSource} the application already has: open it with
 * {@link #openAuthStore(DataSource)} and {@link #openMessageStore(DataSource)}. Likewise
 * {@code redis:} without a host ({@code redis:?namespace=wa}) names the Redis the application is
 * connected to: build its stores with the builders' {@code client(connection)} and
 * {@link #redisNamespace()}.
 *
 * <p>{@link #parse} checks everything it can without connecting and opens nothing; a mistake is
 * {@code STORE_INVALID_INPUT} with a message that quotes the URI with its password masked
 * ({@link #toString()} masks it too). Each {@code open...} call builds a new store, which the caller
 * owns and closes.
 */
public final class StoreUri {

    /** Examples of every scheme, for error messages. */
    public static final String EXAMPLES = "for example memory:, file:./auth, sqlite:./zaileys.db, postgres://user:pass@host/db, "
            + "redis://localhost:6379?namespace=wa or convex:https://x.convex.cloud?namespace=wa";

    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):(.*)", Pattern.DOTALL);
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&](?:ssl)?password=)[^&#\\s'\"]*");

    /** Lettuce's own URI options, passed on; everything else but namespace is refused. */
    private static final List<String> REDIS_DRIVER_OPTIONS =
            List.of("timeout", "database", "db", "clientName", "sentinelMasterId", "verifyPeer");

    private final String raw;
    private final String scheme;
    private final String rest;
    private final Path filePath;
    private final String sqliteDatabase;
    private final boolean readonly;
    private final String session;
    // the driver's URL or connection string; null for postgres: on the application's pool
    private final String target;

    private StoreUri(String raw, String scheme, String rest, Path filePath, String sqliteDatabase, boolean readonly,
                     String session, String target) {
        this.raw = raw;
        this.scheme = scheme;
        this.rest = rest;
        this.filePath = filePath;
        this.sqliteDatabase = sqliteDatabase;
        this.readonly = readonly;
        this.session = session;
        this.target = target;
    }

    /**
     * Parses and checks a store URI; opens nothing.
     *
     * @throws ZaileysStoreException {@code STORE_INVALID_INPUT} for an unknown scheme, an unknown
     *     option or a value a store would refuse
     */
    public static StoreUri parse(String text) {
        if (text == null || text.isBlank()) {
            throw ZaileysStoreException.invalid("a store URI is required (" + EXAMPLES + ")");
        }
        Matcher m = SCHEME.matcher(text.strip());
        // One letter before the colon is a Windows drive (C:\...), not a scheme.
        if (!m.matches() || m.group(1).length() == 1) {
            throw ZaileysStoreException.invalid("'" + redact(text) + "' is not a store URI (" + EXAMPLES + ")");
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String rest = m.group(2);
        return switch (scheme) {
            case "memory" -> {
                if (!rest.isEmpty()) {
                    throw ZaileysStoreException.invalid("memory: takes nothing after the colon, got '" + redact(text) + "'");
                }
                yield new StoreUri(text, scheme, rest, null, null, false, null, null);
            }
            case "file" -> new StoreUri(text, scheme, rest, filePath(text, rest), null, false, null, null);
            case "sqlite" -> sqlite(text, rest, false);
            case "redis", "rediss" -> rest.startsWith("//")
                    ? new StoreUri(text, scheme, rest, null, null, false, null, redisUrl(text))
                    : redisOnApplicationConnection(text, scheme, rest);
            case "convex" -> convex(text, scheme, rest);
            case "postgres", "postgresql" -> postgres(text, scheme, rest);
            default -> throw ZaileysStoreException.invalid("unknown store URI scheme '" + scheme + ":' in '" + redact(text)
                    + "' (" + EXAMPLES + ")");
        };
    }

    /** Lower-cased, without the colon. */
    public String scheme() {
        return scheme;
    }

    /** Whether the URI names an auth store (every scheme does). */
    public boolean holdsAuth() {
        return true;
    }

    /** Whether the URI names a message store ({@code file:} holds creds and Signal keys only). */
    public boolean holdsMessages() {
        return !scheme.equals("file");
    }

    /**
     * Whether the application supplies the connection: {@code postgres:} or {@code redis:} without
     * a host.
     */
    public boolean onApplicationPool() {
        return (scheme.startsWith("postgres") || scheme.startsWith("redis")) && target == null;
    }

    /** The {@code namespace} of {@code redis:} on the application's connection, when given. */
    public Optional<String> redisNamespace() {
        return scheme.startsWith("redis") && target == null ? Optional.ofNullable(session) : Optional.empty();
    }

    /** The {@code session} option of SQLite and PostgreSQL, when given. */
    public Optional<String> session() {
        return Optional.ofNullable(session);
    }

    /** The folder of a {@code file:} URI. */
    public Optional<Path> filePath() {
        return Optional.ofNullable(filePath);
    }

    /** The database file of a {@code sqlite:} URI ({@code :memory:} included). */
    public Optional<String> sqliteDatabase() {
        return Optional.ofNullable(sqliteDatabase);
    }

    /**
     * The connection string of a {@code postgres://} URI, as the driver needs it. It carries the
     * password: never log it.
     */
    public Optional<String> postgresConnectionString() {
        return scheme.startsWith("postgres") ? Optional.ofNullable(target) : Optional.empty();
    }

    /** This URI with SQLite opened read-only ({@code readonly=true}); other schemes are returned as they are. */
    public StoreUri readOnly() {
        return scheme.equals("sqlite")
                ? new StoreUri(raw, scheme, rest, filePath, sqliteDatabase, true, session, target) : this;
    }

    /**
     * The sessions of the backend this URI names (a File base folder, a SQLite file, a PostgreSQL
     * database, a Redis server, a Convex deployment); the caller closes it.
     *
     * @throws ZaileysStoreException {@code STORE_INVALID_INPUT} for {@code memory:} (one session,
     *     one process) and for the application's connection ({@code postgres:}, {@code redis:})
     */
    public SessionCatalog openCatalog() {
        return switch (scheme) {
            case "memory" -> throw ZaileysStoreException.invalid("memory: holds one session in one process; it has no catalog");
            case "file" -> FileSessions.of(filePath);
            case "sqlite" -> SqliteSessions.of(sqliteDatabase, readonly);
            case "redis", "rediss" -> RedisSessions.of(requireTarget());
            case "convex" -> ConvexSessions.of(target);
            default -> PostgresSessions.of(requireTarget());
        };
    }

    /** A new auth store; the caller closes it. */
    public AuthStoreBundle openAuthStore() {
        return switch (scheme) {
            case "memory" -> new MemoryAuthStore();
            case "file" -> FileAuthStore.builder().basePath(filePath).build();
            case "sqlite" -> SqliteAuthStore.builder().database(sqliteDatabase).readonly(readonly).session(session).build();
            case "redis", "rediss" -> RedisAuthStore.builder().url(requireTarget()).build();
            case "convex" -> ConvexAuthStore.builder().url(target).build();
            default -> PostgresAuthStore.builder().connectionString(requireTarget()).session(session).build();
        };
    }

    /** A new message store; the caller closes it. {@code STORE_INVALID_INPUT} for {@code file:}. */
    public MessageStore openMessageStore() {
        return switch (scheme) {
            case "memory" -> new MemoryMessageStore();
            case "file" -> throw ZaileysStoreException.invalid("file: holds no messages (a file: store keeps creds and "
                    + "Signal keys only); name a history store such as sqlite:./history.db");
            case "sqlite" -> SqliteMessageStore.builder().database(sqliteDatabase).readonly(readonly).session(session).build();
            case "redis", "rediss" -> RedisMessageStore.builder().url(requireTarget()).build();
            case "convex" -> ConvexMessageStore.builder().url(target).build();
            default -> PostgresMessageStore.builder().connectionString(requireTarget()).session(session).build();
        };
    }

    /**
     * The PostgreSQL auth store of this URI on {@code pool}, which stays the caller's (the store
     * never closes it). For {@code postgres:} without a host, and for a {@code postgres://} URI whose
     * database the pool reaches.
     */
    public AuthStoreBundle openAuthStore(DataSource pool) {
        requirePostgres();
        return PostgresAuthStore.builder().pool(pool).session(session).build();
    }

    /** As {@link #openAuthStore(DataSource)}, for the message store. */
    public MessageStore openMessageStore(DataSource pool) {
        requirePostgres();
        return PostgresMessageStore.builder().pool(pool).session(session).build();
    }

    private void requirePostgres() {
        if (!scheme.startsWith("postgres")) {
            throw ZaileysStoreException.invalid("'" + this + "' is not a PostgreSQL store; only postgres: stores use a DataSource");
        }
    }

    private String requireTarget() {
        if (target == null) {
            throw ZaileysStoreException.invalid("'" + this + "' names the application's "
                    + (scheme.startsWith("redis") ? "Redis connection (no host given); supply one, or write the server: "
                    + "redis://host:6379" : "DataSource (no host given); supply one, or write the server: "
                    + "postgres://user:password@host:5432/db"));
        }
        return target;
    }

    /** {@code redis:} or {@code redis:?namespace=NAME}: the application's connection. */
    private static StoreUri redisOnApplicationConnection(String text, String scheme, String rest) {
        String namespace = null;
        if (rest.startsWith("?")) {
            for (String pair : rest.substring(1).split("&")) {
                if (pair.startsWith("namespace=")) {
                    namespace = pair.substring("namespace=".length());
                } else if (!pair.isEmpty()) {
                    throw ZaileysStoreException.invalid("'" + redact(text) + "' uses the application's Redis connection: "
                            + "only namespace goes here (connection options belong to that connection)");
                }
            }
        } else if (!rest.isEmpty()) {
            throw ZaileysStoreException.invalid("'" + redact(text) + "' is not a Redis URI: write redis://host:6379"
                    + "[?namespace=wa], or redis: alone for the application's connection");
        }
        // the namespace is checked by the store's builder, which needs the connection
        return new StoreUri(text, scheme, rest, null, null, false, namespace, null);
    }

    /**
     * {@code sqlite:PATH} or {@code sqlite::memory:}, optionally {@code ?session=NAME&readonly=true}.
     */
    private static StoreUri sqlite(String text, String rest, boolean readonlyDefault) {
        String uri = redact(text);
        String session = null;
        boolean readonly = readonlyDefault;
        int q = rest.indexOf('?');
        String path = rest;
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                switch (key) {
                    case "session" -> session = value;
                    case "readonly" -> {
                        if (!value.equals("true") && !value.equals("false")) {
                            throw ZaileysStoreException.invalid("readonly must be true or false in '" + uri + "'");
                        }
                        readonly = value.equals("true");
                    }
                    default -> throw ZaileysStoreException.invalid("unknown sqlite: option '" + key + "' in '" + uri
                            + "' (known: session, readonly)");
                }
            }
            path = rest.substring(0, q);
        }
        if (path.isEmpty()) {
            throw ZaileysStoreException.invalid("sqlite: needs a database file, as in sqlite:./zaileys.db (or sqlite::memory:)");
        }
        String database = path.equals("~") || path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
        String s = session;
        boolean ro = readonly;
        // Built once so bad options fail here; building opens nothing.
        check(uri, () -> SqliteAuthStore.builder().database(database).readonly(ro).session(s).build());
        return new StoreUri(text, "sqlite", rest, null, database, readonly, session, null);
    }

    /** The URI for Lettuce: known options only, and a password's {@code @} or {@code /} encoded. */
    private static String redisUrl(String text) {
        String raw = encodeUserInfo(text.strip());
        int q = raw.indexOf('?');
        if (q >= 0) {
            for (String pair : raw.substring(q + 1).split("&")) {
                String key = pair.indexOf('=') < 0 ? pair : pair.substring(0, pair.indexOf('='));
                if (!pair.isEmpty() && !key.equals("namespace") && !REDIS_DRIVER_OPTIONS.contains(key)) {
                    throw ZaileysStoreException.invalid("unknown redis: option '" + key + "' in '" + redact(text)
                            + "' (known: namespace, " + String.join(", ", REDIS_DRIVER_OPTIONS)
                            + "; a password goes in the user part before the host, not in the query)");
                }
            }
        }
        return raw;
    }

    /** {@code convex:https://<deployment>.convex.cloud?namespace=NAME}. */
    private static StoreUri convex(String text, String scheme, String rest) {
        String url = rest.strip();
        try {
            ConvexAuthStore.builder().url(url).build().close();
        } catch (ZaileysStoreException e) {
            if (e.code() != ZaileysStoreException.Code.STORE_INVALID_INPUT) {
                throw e;
            }
            throw ZaileysStoreException.invalid("'" + redact(text) + "' is not a usable store URI: " + redact(detail(e)));
        }
        return new StoreUri(text, scheme, rest, null, null, false, null, url);
    }

    /**
     * {@code postgres://user:password@host:port/db} (or {@code postgresql://}), optionally
     * {@code ?session=NAME}; other query parameters go to the driver ({@code sslmode}, ...).
     * Without {@code //host}: the application's pool.
     */
    private static StoreUri postgres(String text, String scheme, String rest) {
        String raw = encodeUserInfo(text.strip());
        boolean onPool = !rest.startsWith("//");
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
                    if (onPool) {
                        throw ZaileysStoreException.invalid("'" + redact(text) + "' uses the application's DataSource: "
                                + "driver option '" + key + "' belongs in that DataSource (known here: session)");
                    }
                    if (!key.equals("user") && !key.equals("password") && !PgDriverOptions.known(key)) {
                        throw ZaileysStoreException.invalid("unknown postgres: option '" + key + "' in '" + redact(text)
                                + "' (known: session, and the driver's options such as sslmode, connectTimeout, "
                                + "socketTimeout, ApplicationName, currentSchema)");
                    }
                    keep.append(keep.length() == 0 ? "?" : "&").append(pair);
                }
            }
        }
        if (onPool) {
            if (!base.equals(scheme + ":")) {
                throw ZaileysStoreException.invalid("'" + redact(text) + "' is not a PostgreSQL URI: write "
                        + "postgres://user:password@host:5432/db, or postgres: alone for the application's DataSource");
            }
            return new StoreUri(text, scheme, rest, null, null, false, session, null);
        }
        String connectionString = base + keep;
        String s = session;
        // Built once so bad options fail here; building connects to nothing.
        check(redact(text), () -> PostgresAuthStore.builder().connectionString(connectionString).session(s).build());
        return new StoreUri(text, scheme, rest, null, null, false, session, connectionString);
    }

    private static void check(String uri, Supplier<? extends AutoCloseable> build) {
        try (AutoCloseable ignored = build.get()) {
            // only the checks of build()
        } catch (ZaileysStoreException e) {
            throw new ZaileysStoreException(e.code(), "'" + uri + "': " + redact(detail(e)), e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The message without the code in front, for a message that quotes another. */
    static String detail(ZaileysStoreException e) {
        String prefix = e.code() + ": ";
        String m = e.getMessage();
        return m != null && m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private static Path filePath(String text, String rest) {
        String p = rest;
        if (p.startsWith("//")) {
            // file:///abs/path and file://localhost/abs/path
            String afterAuthority = p.substring(2);
            int slash = afterAuthority.indexOf('/');
            String host = slash < 0 ? afterAuthority : afterAuthority.substring(0, slash);
            if (!host.isEmpty() && !host.equals("localhost")) {
                throw ZaileysStoreException.invalid("file: URIs name a local folder, got host '" + host + "' in '"
                        + redact(text) + "'");
            }
            p = slash < 0 ? "" : afterAuthority.substring(slash);
        }
        if (p.isEmpty()) {
            throw ZaileysStoreException.invalid("file: needs a folder, as in file:./auth");
        }
        if (p.equals("~") || p.startsWith("~/")) {
            p = System.getProperty("user.home") + p.substring(1);
        }
        try {
            return Path.of(p);
        } catch (InvalidPathException e) {
            throw ZaileysStoreException.invalid("'" + redact(text) + "' is not a valid folder: " + e.getReason());
        }
    }

    /**
     * {@code text} with any password replaced by {@code ***}, for messages: the userinfo password
     * (which may itself hold {@code @}, {@code /} and {@code :}, typed unencoded) and a
     * {@code password=} parameter. Also applied to whole messages that may quote a URI.
     */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (int scheme = text.indexOf("://"); scheme >= 0; scheme = text.indexOf("://", from)) {
            int start = scheme + 3;
            int[] pw = password(text, start);
            if (pw == null) {
                out.append(text, from, start);
                from = start;
                continue;
            }
            out.append(text, from, pw[0]).append("***");
            from = pw[1];
        }
        out.append(text, from, text.length());
        return PASSWORD_PARAM.matcher(out).replaceAll("$1***");
    }

    /**
     * {@code text} with {@code @} and {@code /} in its password percent-encoded, so drivers parse
     * what a user typed unencoded ({@code postgres://bot:p@ss/w0rd@db/wa}) instead of cutting it.
     */
    public static String encodeUserInfo(String text) {
        int scheme = text.indexOf("://");
        int[] pw = scheme < 0 ? null : password(text, scheme + 3);
        if (pw == null) {
            return text;
        }
        String password = text.substring(pw[0], pw[1]).replace("@", "%40").replace("/", "%2F");
        return text.substring(0, pw[0]) + password + text.substring(pw[1]);
    }

    /**
     * Where the password of the authority starting at {@code start} is: from after the first
     * {@code :} of the userinfo to the last {@code @} before the query (a password cannot hold an
     * unencoded {@code ?}, {@code #} or space). Null when there is none.
     */
    private static int[] password(String text, int start) {
        int end = text.length();
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '?' || c == '#' || Character.isWhitespace(c)) {
                end = i;
                break;
            }
        }
        int at = text.lastIndexOf('@', end - 1);
        if (at < start) {
            return null;
        }
        int colon = text.indexOf(':', start);
        if (colon < 0 || colon > at) {
            return null;
        }
        return new int[] {colon + 1, at};
    }

    /** The URI as given, its password masked. */
    @Override
    public String toString() {
        return redact(raw);
    }
}
