package dev.zaileys.store.redis;

import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Everything that touches Lettuce, so the public store classes load without it: the connection
 * (owned or provided), awaiting pipelined futures, scripts, SCAN, and mapping driver failures to
 * {@code STORE_CONNECTION_FAILED} (the retryable "Redis is not there right now").
 *
 * <p>The connection is made at first use, not when the store is built, as the SQL stores do: a
 * bot whose Redis is down can still start, its first call fails with the transient
 * {@code STORE_CONNECTION_FAILED}, and a later call connects once the server is back. Options are
 * still checked when built, so a bad URL is {@code STORE_INVALID_INPUT} at {@code build()}.
 */
final class RedisLink implements AutoCloseable {

    /** How long a command may take before it fails; calls while Redis is down fail this fast or faster. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final int SCAN_COUNT = 1000;

    // One set of event loops per process for every owned connection; released with the last one.
    private static ClientResources sharedResources;
    private static int resourceUsers;

    /** What the link needs to connect: a parsed URL (owned), or the caller's connection (provided). */
    private final RedisURI uri;
    private final StatefulRedisConnection<String, String> provided;
    private final String where;
    /** Told the persistence check's outcome once, at the first successful connect (the stores log it). */
    private final Consumer<Optional<String>> onFirstConnect;
    /** The namespace added to the session registry at connect (a store's), or null (a catalog's). */
    private final String registerAs;
    /** The blocking connection single calls take when it is free (owned plain-TCP links), or null. */
    private final SyncLane lane;

    // Set once by connect(), under this; volatile so the fast path needs no lock.
    private volatile Connected connected;
    private boolean closed;

    /** A live connection, and (owned only) the client that made it. */
    private record Connected(RedisClient owner, StatefulRedisConnection<String, String> connection,
            RedisAsyncCommands<String, String> async, Optional<String> persistenceProblem) {}

    private RedisLink(RedisURI uri, StatefulRedisConnection<String, String> provided, String where,
            Consumer<Optional<String>> onFirstConnect, String registerAs) {
        this.registerAs = registerAs;
        this.uri = uri;
        this.provided = provided;
        this.where = where;
        this.onFirstConnect = onFirstConnect;
        this.lane = uri == null ? null : SyncLane.of(uri, TIMEOUT);
    }

    /**
     * Checks the options named by {@code options} without touching the network; connecting is
     * left to the first call. {@code onFirstConnect} receives the persistence check's outcome
     * when the first connection succeeds.
     */
    @SuppressWarnings("unchecked")
    static RedisLink open(RedisOptions options, boolean register, Consumer<Optional<String>> onFirstConnect) {
        String registerAs = register ? options.namespace() : null;
        if (options.client() != null) {
            if (!(options.client() instanceof StatefulRedisConnection<?, ?> c)) {
                throw ZaileysStoreException.invalid("client must be a Lettuce StatefulRedisConnection<String, String>");
            }
            // Known without the network, so still reported at build(): the caller must connect it first.
            if (!c.isOpen()) {
                throw new ZaileysStoreException(Code.STORE_CONNECTION_FAILED,
                        "the provided Redis connection is not connected; connect it first (or pass url)");
            }
            return new RedisLink(null, (StatefulRedisConnection<String, String>) c, "the provided connection", onFirstConnect,
                    registerAs);
        }
        String where = options.maskedUrl();
        RedisURI uri;
        try {
            uri = RedisURI.create(options.url());
        } catch (RuntimeException e) {
            // Lettuce parses the URL only here, after the options' own checks: still a bad option, not an outage.
            throw ZaileysStoreException.invalid("bad Redis URL " + where + ": " + firstLine(e.getMessage()));
        }
        uri.setTimeout(TIMEOUT);
        return new RedisLink(uri, null, where, onFirstConnect, registerAs);
    }

    /** The live connection, made now if this is the first use (or every earlier attempt failed). */
    private Connected connected() {
        Connected c = connected;
        return c != null ? c : connect();
    }

    private synchronized Connected connect() {
        if (connected != null) {
            return connected;
        }
        if (closed) {
            throw new ZaileysStoreException(Code.STORE_CLOSED, "the Redis store is closed");
        }
        Connected c = provided != null ? adopt() : dial();
        connected = c;
        onFirstConnect.accept(c.persistenceProblem());
        return c;
    }

    private Connected adopt() {
        RedisAsyncCommands<String, String> async = provided.async();
        await(async.ping());
        register(async);
        return new Connected(null, provided, async, persistenceProblem(async));
    }

    private Connected dial() {
        RedisClient client = RedisClient.create(acquireResources(), uri);
        try {
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    // Fail while disconnected instead of queueing: what a call returned is what Redis holds.
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                    .build());
            StatefulRedisConnection<String, String> conn = handshake(client);
            try {
                RedisAsyncCommands<String, String> async = conn.async();
                await(async.ping());
                register(async);
                return new Connected(client, conn, async, persistenceProblem(async));
            } catch (RuntimeException e) {
                conn.close();
                throw e;
            }
        } catch (RuntimeException e) {
            shutdown(client);
            if (e instanceof ZaileysStoreException z) {
                throw z;
            }
            throw new ZaileysStoreException(Code.STORE_CONNECTION_FAILED, "cannot connect to Redis at " + where + ": "
                    + describe(rootCause(e)), e);
        }
    }

    /**
     * Connects, asking once more when the handshake ended in Lettuce's own "Connection closed
     * prematurely": when the server refuses the handshake (WRONGPASS, NOAUTH), Lettuce closes the
     * channel before it records the refusal, and on a busy machine the close can win that race and
     * hide the reason the user must act on. A second attempt almost always reports the refusal.
     */
    private static StatefulRedisConnection<String, String> handshake(RedisClient client) {
        try {
            return client.connect(StringCodec.UTF8);
        } catch (RuntimeException e) {
            if (!"Connection closed prematurely".equals(rootCause(e).getMessage())) {
                throw e;
            }
            return client.connect(StringCodec.UTF8);
        }
    }

    /**
     * Adds the store's namespace to the session registry, once per connection, so that listing
     * sessions is one SMEMBERS instead of a SCAN of the whole keyspace.
     */
    private void register(RedisAsyncCommands<String, String> async) {
        if (registerAs != null) {
            // The same script marks a new namespace's key index complete (see KeyIndex).
            eval(async, KeyIndex.REGISTER, ScriptOutputType.INTEGER,
                    KeyIndex.registerKeys(new Keys(registerAs)).toArray(String[]::new), new String[] {registerAs});
        }
    }

    private static synchronized ClientResources acquireResources() {
        if (sharedResources == null) {
            sharedResources = DefaultClientResources.builder()
                    .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                    .build();
        }
        resourceUsers++;
        return sharedResources;
    }

    private static void shutdown(RedisClient client) {
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } finally {
            synchronized (RedisLink.class) {
                if (--resourceUsers == 0) {
                    ClientResources r = sharedResources;
                    sharedResources = null;
                    r.shutdown(0, 2, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** The commands of the live connection; connects first when nothing is connected yet. */
    RedisAsyncCommands<String, String> async() {
        return connected().async();
    }

    /**
     * Why this server may lose acknowledged data, found at the first connect (connecting now if
     * nothing has yet, so it can fail with {@code STORE_CONNECTION_FAILED}); empty when it looks durable.
     */
    Optional<String> persistenceWarning() {
        return connected().persistenceProblem();
    }

    String where() {
        return where;
    }

    /** Waits for one command; driver failures become typed exceptions. */
    <T> T await(RedisFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw wrongType(future, e.getCause()).orElseGet(() -> translate(e.getCause() == null ? e : e.getCause()));
        } catch (TimeoutException e) {
            future.cancel(true);
            throw unreachable("no answer within " + TIMEOUT.multipliedBy(2).toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable("interrupted while waiting for Redis", e);
        } catch (RuntimeException e) {
            throw wrongType(future, e).orElseGet(() -> translate(e));
        }
    }

    /**
     * A command refused with WRONGTYPE as the damaged record it is: the key holds another kind of
     * value than the record it names (another program wrote it, or it was hand-edited). Retrying
     * cannot help, so it is {@code STORE_CORRUPTED} naming the key, the key being the command's
     * first (every single-key read the stores send; a script's refusal is {@link WrongTypeGuard}'s).
     */
    private static Optional<RuntimeException> wrongType(RedisFuture<?> future, Throwable t) {
        if (!(t instanceof RedisCommandExecutionException) || t.getMessage() == null
                || !t.getMessage().startsWith("WRONGTYPE")) {
            return Optional.empty();
        }
        String key = null;
        if (future instanceof RedisCommand<?, ?, ?> command && command.getArgs() != null) {
            java.nio.ByteBuffer encoded = command.getArgs().getFirstEncodedKey();
            if (encoded != null) {
                key = java.nio.charset.StandardCharsets.UTF_8.decode(encoded.duplicate()).toString();
            }
        }
        return Optional.of(wrongType(key == null ? "of this namespace" : key, "a value of another type", t));
    }

    /** {@code STORE_CORRUPTED}: {@code key} holds {@code what} where one of the stores' records belongs. */
    static ZaileysStoreException wrongType(String key, String what, Throwable cause) {
        return new ZaileysStoreException(Code.STORE_CORRUPTED, "Redis key " + key + " is damaged: it holds "
                + what + " where a record of this store belongs; delete or repair that key (another program may be using "
                + "this namespace)", cause);
    }

    /**
     * MGET of string records, with a key of another type reported as the damaged record it is:
     * MGET answers nil for it, which would pass for "not stored" (a Signal key skipped by export,
     * passed by verify). Only the nil answers are checked, with one pipelined TYPE each.
     */
    List<io.lettuce.core.KeyValue<String, String>> mget(List<String> names) {
        RedisAsyncCommands<String, String> async = async();
        List<io.lettuce.core.KeyValue<String, String>> values = directMget(names);
        if (values == null) {
            values = await(async.mget(names.toArray(String[]::new)));
        }
        List<String> missing = new ArrayList<>();
        for (io.lettuce.core.KeyValue<String, String> kv : values) {
            if (!kv.hasValue()) {
                missing.add(kv.getKey());
            }
        }
        if (!missing.isEmpty()) {
            List<RedisFuture<String>> types = new ArrayList<>(missing.size());
            for (String k : missing) {
                types.add(async.type(k));
            }
            List<String> found = awaitAll(types);
            for (int i = 0; i < missing.size(); i++) {
                if (!"none".equals(found.get(i)) && !"string".equals(found.get(i))) {
                    throw wrongType(missing.get(i), "a " + found.get(i) + ", not a string,", null);
                }
            }
        }
        return values;
    }

    /** MGET on the lane, as Lettuce's key-value pairs; null when the lane is busy. */
    private List<io.lettuce.core.KeyValue<String, String>> directMget(List<String> names) {
        Object direct = direct(names.isEmpty() ? null : names.get(0), command(new Object[] {"MGET"}, names));
        if (direct == SyncLane.BUSY) {
            return null;
        }
        List<?> raw = (List<?>) direct;
        List<io.lettuce.core.KeyValue<String, String>> values = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            values.add(io.lettuce.core.KeyValue.fromNullable(names.get(i),
                    raw.get(i) == null ? null : new String((byte[]) raw.get(i), java.nio.charset.StandardCharsets.UTF_8)));
        }
        return values;
    }

    /** Waits for pipelined commands, sent together; the first failure wins. */
    <T> List<T> awaitAll(List<RedisFuture<T>> futures) {
        List<T> out = new ArrayList<>(futures.size());
        for (RedisFuture<T> f : futures) {
            out.add(await(f));
        }
        return out;
    }

    /** Runs {@code script} by its digest, sending the body once when Redis lacks it (new or restarted server). */
    @SuppressWarnings("unchecked")
    <T> T eval(Script script, ScriptOutputType type, List<String> keys, List<String> args) {
        if (type == ScriptOutputType.INTEGER || type == ScriptOutputType.VALUE) {
            Object direct = directScript(script, keys, args);
            if (direct != SyncLane.BUSY) {
                return (T) strings(direct);
            }
        }
        return eval(async(), script, type, keys.toArray(String[]::new), args.toArray(String[]::new));
    }

    private <T> T eval(RedisAsyncCommands<String, String> async, Script script, ScriptOutputType type, String[] k, String[] a) {
        try {
            return await(async.<T>evalsha(script.sha(), type, k, a));
        } catch (RedisNoScriptException e) {
            return await(async.<T>eval(script.body(), type, k, a));
        }
    }

    /**
     * Runs {@code script} as {@link #eval} does, answering an integer; {@code args} are Strings or
     * byte arrays, the latter sent as they are (documents are UTF-8 already: no String between).
     */
    Long evalInteger(Script script, List<String> keys, List<Object> args) {
        Object direct = directScript(script, keys, args);
        if (direct != SyncLane.BUSY) {
            return (Long) direct;
        }
        try {
            return await(async().dispatch(CommandType.EVALSHA, new IntegerOutput<>(StringCodec.UTF8),
                    scriptArgs(script.sha(), keys, args)));
        } catch (RedisNoScriptException e) {
            return await(async().dispatch(CommandType.EVAL, new IntegerOutput<>(StringCodec.UTF8),
                    scriptArgs(script.body(), keys, args)));
        }
    }

    /** EVALSHA on the lane, EVAL when the server lacks the script; {@link SyncLane#BUSY} when the lane is. */
    private Object directScript(Script script, List<String> keys, List<?> args) {
        Object[] a = command(new Object[] {"EVALSHA", script.sha(), Integer.toString(keys.size())}, keys, args);
        String key = keys.isEmpty() ? null : keys.get(0);
        try {
            return direct(key, a);
        } catch (RedisNoScriptException e) {
            a[0] = "EVAL";
            a[1] = script.body();
            return direct(key, a);
        }
    }

    /** A command for {@link #arrays} or the lane: {@code head}, then every element of {@code tails}. */
    static Object[] command(Object[] head, List<?>... tails) {
        int n = head.length;
        for (List<?> t : tails) {
            n += t.size();
        }
        Object[] out = java.util.Arrays.copyOf(head, n);
        int at = head.length;
        for (List<?> t : tails) {
            for (Object o : t) {
                out[at++] = o;
            }
        }
        return out;
    }

    /**
     * Array-replying commands ({@code commands}: name first, then Strings and byte arrays), sent
     * together, their replies in order with bulk strings as bytes; {@code key} names the data a
     * WRONGTYPE refusal is about. On the lane one write and one read; else pipelined on Lettuce.
     */
    List<Object> arrays(String key, Object[]... commands) {
        Object direct = onLane(key, () -> lane.pipeline(commands));
        if (direct != SyncLane.BUSY) {
            return java.util.Arrays.asList((Object[]) direct);
        }
        RedisAsyncCommands<String, String> async = async();
        List<RedisFuture<List<Object>>> futures = new ArrayList<>(commands.length);
        for (Object[] c : commands) {
            CommandArgs<String, String> a = new CommandArgs<>(StringCodec.UTF8);
            for (int i = 1; i < c.length; i++) {
                if (c[i] instanceof byte[] b) {
                    a.add(b);
                } else {
                    a.add((String) c[i]);
                }
            }
            futures.add(async.dispatch(CommandType.valueOf((String) c[0]),
                    new io.lettuce.core.output.NestedMultiOutput<>(StringCodec.UTF8), a));
        }
        List<Object> out = new ArrayList<>(commands.length);
        for (List<Object> reply : awaitAll(futures)) {
            out.add(bytes(reply));
        }
        return out;
    }

    /** Lettuce's string-decoded reply back in bytes: what is stored is UTF-8 (writes check it), so nothing changes. */
    private static Object bytes(Object reply) {
        return mapLeaves(reply, o -> o instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8) : o);
    }

    /** A lane reply as Lettuce's string codec gives it: bulk strings decoded as UTF-8, all the way down. */
    private static Object strings(Object reply) {
        return mapLeaves(reply, o -> o instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : o);
    }

    /** {@code reply} with its lists rebuilt and every other value through {@code leaf}. */
    private static Object mapLeaves(Object reply, java.util.function.UnaryOperator<Object> leaf) {
        if (reply instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(mapLeaves(o, leaf));
            }
            return out;
        }
        return leaf.apply(reply);
    }

    private static CommandArgs<String, String> scriptArgs(String script, List<String> keys, List<Object> args) {
        CommandArgs<String, String> a = new CommandArgs<>(StringCodec.UTF8).add(script).add(keys.size());
        for (String k : keys) {
            a.addKey(k);
        }
        for (Object o : args) {
            if (o instanceof byte[] b) {
                a.add(b);
            } else {
                a.add((String) o);
            }
        }
        return a;
    }

    /** GET as bytes: a stored document is parsed from bytes, so a String between was two copies. */
    byte[] getBytes(String key) {
        Object direct = direct(key, "GET", key);
        if (direct != SyncLane.BUSY) {
            return (byte[]) direct;
        }
        return await(async().dispatch(CommandType.GET, new BytesOutput(), new CommandArgs<>(StringCodec.UTF8).addKey(key)));
    }

    /** HGET as bytes, for the reason of {@link #getBytes}. */
    byte[] hgetBytes(String key, String field) {
        Object direct = direct(key, "HGET", key, field);
        if (direct != SyncLane.BUSY) {
            return (byte[]) direct;
        }
        return await(async().dispatch(CommandType.HGET, new BytesOutput(),
                new CommandArgs<>(StringCodec.UTF8).addKey(key).add(field)));
    }

    /** SET of bytes as they are. */
    void setBytes(String key, byte[] value) {
        if (direct(key, "SET", key, value) != SyncLane.BUSY) {
            return;
        }
        await(async().dispatch(CommandType.SET, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).addKey(key).add(value)));
    }

    /**
     * One command on the {@link SyncLane} when it is free: its reply, or {@link SyncLane#BUSY} when
     * the caller must use Lettuce. The first connect is always Lettuce's (its checks, the registry).
     * A WRONGTYPE refusal names {@code key}, the command's key.
     */
    private Object direct(String key, Object... args) {
        return onLane(key, () -> lane.call(args));
    }

    /** {@code call} on the lane, failures translated as {@link #direct}'s; BUSY without a lane. */
    private Object onLane(String key, java.util.function.Supplier<Object> call) {
        connected();
        if (lane == null) {
            return SyncLane.BUSY;
        }
        try {
            return call.get();
        } catch (RedisCommandExecutionException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("WRONGTYPE")) {
                throw wrongType(key, "a value of another type", e);
            }
            throw e;
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /** A bulk reply's bytes, or null for nil. */
    private static final class BytesOutput extends CommandOutput<String, String, byte[]> {
        BytesOutput() {
            super(StringCodec.UTF8, null);
        }

        @Override
        public void set(java.nio.ByteBuffer bytes) {
            if (bytes != null) {
                byte[] b = new byte[bytes.remaining()];
                bytes.get(b);
                output = b;
            }
        }
    }

    /** Every key matching {@code pattern} (a SCAN glob), each once, in batches to {@code sink}. */
    void scan(String pattern, Consumer<List<String>> sink) {
        scan(pattern, SCAN_COUNT, sink);
    }

    /**
     * As {@link #scan(String, Consumer)}, examining {@code count} keys per round trip. A SCAN
     * walks the whole keyspace whatever the pattern, so a namespace's keys among many namespaces'
     * take keyspace/count round trips: callers that expect few matches in a large keyspace ask
     * for more per call.
     */
    void scan(String pattern, int count, Consumer<List<String>> sink) {
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(count);
        ScanCursor cursor = ScanCursor.INITIAL;
        Set<String> seen = new LinkedHashSet<>();
        while (true) {
            KeyScanCursor<String> page = await(async().scan(cursor, args));
            List<String> fresh = new ArrayList<>();
            for (String key : page.getKeys()) {
                if (seen.add(key)) {
                    fresh.add(key);
                }
            }
            if (!fresh.isEmpty()) {
                sink.accept(fresh);
            }
            if (page.isFinished()) {
                return;
            }
            cursor = page;
        }
    }

    List<String> scan(String pattern) {
        List<String> out = new ArrayList<>();
        scan(pattern, out::addAll);
        return out;
    }

    /** Deletes keys without blocking the server on big values; how many existed. */
    long unlink(List<String> keys) {
        return keys.isEmpty() ? 0 : await(async().unlink(keys.toArray(String[]::new)));
    }

    /**
     * Why this server may lose acknowledged data, or empty when it looks durable: persistence off
     * or RDB-only, or an eviction policy that can drop keys without a TTL.
     */
    private Optional<String> persistenceProblem(RedisAsyncCommands<String, String> async) {
        String aof;
        String save;
        String policy;
        try {
            aof = configValue(async, "appendonly");
            save = configValue(async, "save");
            policy = configValue(async, "maxmemory-policy");
        } catch (RuntimeException e) {
            return Optional.of("could not check the persistence of Redis at " + where + " (CONFIG GET failed: "
                    + describe(e) + "); make sure appendonly is yes and maxmemory-policy is noeviction");
        }
        List<String> problems = new ArrayList<>();
        if (!"yes".equalsIgnoreCase(aof)) {
            problems.add(save == null || save.isBlank()
                    ? "persistence is off (appendonly no, no save points): a restart of Redis loses every key"
                    : "only RDB snapshots (appendonly no): a crash of Redis loses what was written since the last snapshot");
        }
        if (policy != null && policy.startsWith("allkeys-")) {
            problems.add("maxmemory-policy is " + policy + ": Redis may evict any key when memory is full");
        }
        return problems.isEmpty() ? Optional.empty()
                : Optional.of("Redis at " + where + ": " + String.join("; ", problems));
    }

    private String configValue(RedisAsyncCommands<String, String> async, String name) {
        Map<String, String> m = await(async.configGet(name));
        return m.get(name);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (lane != null) {
            lane.close();
        }
        Connected c = connected;
        connected = null;
        if (c != null && c.owner() != null) {
            try {
                c.connection().close();
            } finally {
                shutdown(c.owner());
            }
        }
    }

    private RuntimeException translate(Throwable t) {
        if (t instanceof ZaileysStoreException z) {
            return z;
        }
        if (t instanceof RedisNoScriptException n) {
            return n;
        }
        if (t instanceof RedisConnectionException || t instanceof RedisCommandTimeoutException
                || t instanceof RedisCommandInterruptedException || t instanceof IOException
                || (t instanceof RedisException && isDisconnect(t.getMessage()))) {
            return unreachable(describe(t), t);
        }
        if (t instanceof RuntimeException r) {
            return r;
        }
        return new RedisException(describe(t), t);
    }

    private static boolean isDisconnect(String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase();
        return m.contains("not connected") || m.contains("connection closed") || m.contains("connection reset")
                || m.contains("closed channel") || m.contains("connection refused");
    }

    private ZaileysStoreException unreachable(String why, Throwable cause) {
        return new ZaileysStoreException(Code.STORE_CONNECTION_FAILED, "Redis at " + where + " is unreachable: " + why, cause);
    }

    /**
     * The innermost cause: Lettuce's "Unable to connect to host:port" hides why (WRONGPASS,
     * NOAUTH, connection refused), and that is what the user must act on.
     */
    private static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : withoutSyscall(firstLine(m));
    }

    /**
     * The operating system's words alone: Netty's native transport (epoll, which the CLI ships)
     * prefixes them with the failing call, "finishConnect(..) failed with error(-111): Connection
     * refused", where NIO says "Connection refused".
     */
    private static String withoutSyscall(String m) {
        int at = m.indexOf(" failed with error(");
        int colon = at < 0 ? -1 : m.indexOf("): ", at);
        return colon < 0 ? m : m.substring(colon + 3);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A Lua script and its SHA-1 digest. */
    record Script(String body, String sha) {
        static Script of(String body) {
            try {
                byte[] d = java.security.MessageDigest.getInstance("SHA-1").digest(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return new Script(body, java.util.HexFormat.of().formatHex(d));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
