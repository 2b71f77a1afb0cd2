package dev.zaileys.store.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A second, blocking connection to the store's server for the one-command calls a bot makes on
 * every message (a point read, a creds read or write, a single save's script). Lettuce hands each
 * command to its event-loop thread and the answer back to the caller, two thread wake-ups per
 * round trip: on loopback a blocking socket's write-then-read does 27k GET/s where Lettuce's sync
 * API does 10k and Node's client 14k (issue 16). The caller that finds the lane idle uses it; one
 * that finds it busy answers {@link #BUSY} and goes to Lettuce's multiplexed connection, so
 * concurrent callers never queue here and batches keep Lettuce's pipelining.
 *
 * <p>Only plain TCP with credentials known up front: TLS, unix sockets, Sentinel and dynamic
 * credentials stay on Lettuce alone ({@link #of} answers null).
 */
final class SyncLane implements AutoCloseable {

    /** The answer when the lane is busy, closed or cannot connect now: the caller uses Lettuce. */
    static final Object BUSY = new Object();

    /** After a failed dial, calls go to Lettuce this long before the lane dials again (an outage must not cost a connect per call). */
    private static final long REDIAL_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String host;
    private final int port;
    private final int timeoutMillis;
    /** Who to log in as, asked at every dial as Lettuce does. */
    private final RedisCredentialsProvider credentials;
    /** The rest of the handshake: SELECT, CLIENT SETNAME as the URL asks. */
    private final List<Object[]> hello;

    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock.
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private long dialAfter = System.nanoTime();
    private boolean closed;
    private byte[] wbuf = new byte[512];
    private int wlen;
    private final byte[] rbuf = new byte[16 * 1024];
    private int rpos;
    private int rlim;
    private boolean replyStarted;

    private SyncLane(String host, int port, Duration timeout, RedisCredentialsProvider credentials, List<Object[]> hello) {
        this.host = host;
        this.credentials = credentials;
        this.port = port;
        this.timeoutMillis = (int) timeout.toMillis();
        this.hello = hello;
    }

    /** The lane for {@code uri}, or null when only Lettuce can reach it. */
    static SyncLane of(RedisURI uri, Duration timeout) {
        // A streaming provider rotates tokens on live connections, which only Lettuce follows.
        if (uri.isSsl() || uri.getSocket() != null || !uri.getSentinels().isEmpty() || uri.getHost() == null
                || uri.getCredentialsProvider().supportsStreaming()) {
            return null;
        }
        List<Object[]> hello = new ArrayList<>();
        if (uri.getDatabase() != 0) {
            hello.add(new Object[] {"SELECT", Integer.toString(uri.getDatabase())});
        }
        if (uri.getClientName() != null) {
            hello.add(new Object[] {"CLIENT", "SETNAME", uri.getClientName()});
        }
        return new SyncLane(uri.getHost(), uri.getPort(), timeout, uri.getCredentialsProvider(), List.copyOf(hello));
    }

    /**
     * Sends one command ({@code args}: Strings and byte arrays) and answers its reply: byte[] for
     * a bulk string, Long, String for a status, List for an array, null for nil; or {@link #BUSY}.
     *
     * @throws RedisCommandExecutionException the server's error reply (RedisNoScriptException for NOSCRIPT)
     * @throws RedisConnectionException the connection failed; RedisCommandTimeoutException no answer in time
     */
    Object call(Object... args) {
        Object replies = pipeline(new Object[][] {args});
        return replies == BUSY ? BUSY : ((Object[]) replies)[0];
    }

    /**
     * Sends {@code commands} in one write and answers their replies in order (as {@link #call}
     * does each), as an Object[]; or {@link #BUSY}. Every reply is read before an error reply is
     * thrown, so the connection stays in step.
     */
    Object pipeline(Object[][] commands) {
        if (!lock.tryLock()) {
            return BUSY;
        }
        try {
            if (closed) {
                return BUSY;
            }
            boolean fresh = socket == null;
            if (fresh && !dial()) {
                return BUSY;
            }
            encode(commands);
            try {
                return exchange(commands.length);
            } catch (IOException e) {
                boolean unread = !replyStarted && !(e instanceof SocketTimeoutException);
                drop();
                // An idle connection the server closed (a restart, its idle timeout) is only seen at the next
                // command, which it never read: that command goes once more on a new connection.
                if (fresh || !unread) {
                    throw failure(e);
                }
                if (!dial()) {
                    throw new RedisConnectionException("the connection was closed and Redis does not accept a new one");
                }
                encode(commands); // the handshake used the buffer
                try {
                    return exchange(commands.length);
                } catch (IOException again) {
                    drop();
                    throw failure(again);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private Object[] exchange(int replies) throws IOException {
        replyStarted = false;
        out.write(wbuf, 0, wlen);
        out.flush();
        Object[] got = new Object[replies];
        for (int i = 0; i < replies; i++) {
            got[i] = read();
        }
        for (Object reply : got) {
            if (reply instanceof ErrorReply e) {
                throw e.message.startsWith("NOSCRIPT") ? new RedisNoScriptException(e.message)
                        : new RedisCommandExecutionException(e.message);
            }
        }
        return got;
    }

    /** Connects and sends the handshake; false (and a pause before the next try) when that fails. */
    private boolean dial() {
        if (System.nanoTime() - dialAfter < 0) {
            return false;
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            socket = s;
            in = s.getInputStream();
            out = s.getOutputStream();
            rpos = rlim = 0;
            // One write: AUTH, SELECT and CLIENT SETNAME as the URL asks, then PING. A server that
            // accepted the socket may still refuse the client ("max number of clients reached",
            // then it hangs up): asked here, that sends this call to Lettuce instead of failing it.
            List<Object[]> handshake = new ArrayList<>(hello.size() + 2);
            Object[] auth = auth();
            if (auth != null) {
                handshake.add(auth);
            }
            handshake.addAll(hello);
            handshake.add(new Object[] {"PING"});
            encode(handshake.toArray(Object[][]::new));
            exchange(handshake.size());
            return true;
        } catch (IOException | RuntimeException e) {
            drop();
            dialAfter = System.nanoTime() + REDIAL_PAUSE_NANOS;
            return false;
        }
    }

    /** The AUTH command for the provider's credentials now, or null when there is no password. */
    private Object[] auth() {
        RedisCredentials c = credentials.resolveCredentials().block(Duration.ofMillis(timeoutMillis));
        if (c == null || !c.hasPassword()) {
            return null;
        }
        java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(c.getPassword()));
        byte[] password = new byte[encoded.remaining()];
        encoded.get(password);
        return c.hasUsername() ? new Object[] {"AUTH", c.getUsername(), password} : new Object[] {"AUTH", password};
    }

    private void drop() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already unusable, and about to be forgotten
            }
        }
        socket = null;
        in = null;
        out = null;
    }

    private RuntimeException failure(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return new RedisCommandTimeoutException("no answer within " + timeoutMillis / 1000 + " s");
        }
        return new RedisConnectionException(e instanceof EOFException ? "connection closed by the server"
                : String.valueOf(e.getMessage()), e);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            drop();
        } finally {
            lock.unlock();
        }
    }

    // ---- RESP2: requests are arrays of bulk strings; replies are read whole ----

    private void encode(Object[][] commands) {
        wlen = 0;
        for (Object[] args : commands) {
            put((byte) '*');
            putNumber(args.length);
            for (Object a : args) {
                byte[] b = a instanceof byte[] bytes ? bytes : ((String) a).getBytes(StandardCharsets.UTF_8);
                put((byte) '$');
                putNumber(b.length);
                put(b);
            }
        }
    }

    private void putNumber(int n) {
        put(Integer.toString(n).getBytes(StandardCharsets.US_ASCII));
    }

    private void put(byte b) {
        room(1);
        wbuf[wlen++] = b;
    }

    /** Appends {@code b} and CRLF. */
    private void put(byte[] b) {
        int len = b.length;
        room(len + 2);
        System.arraycopy(b, 0, wbuf, wlen, len);
        wlen += len;
        wbuf[wlen++] = '\r';
        wbuf[wlen++] = '\n';
    }

    private void room(int more) {
        if (wlen + more > wbuf.length) {
            wbuf = Arrays.copyOf(wbuf, Math.max(wbuf.length * 2, wlen + more));
        }
    }

    private Object read() throws IOException {
        int type = next();
        replyStarted = true;
        switch (type) {
            case '+':
                return line();
            case '-':
                return new ErrorReply(line());
            case ':':
                return number();
            case '$': {
                int len = (int) number();
                if (len < 0) {
                    return null;
                }
                byte[] b = new byte[len];
                readFully(b);
                expectCrlf();
                return b;
            }
            case '*': {
                int n = (int) number();
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("not a Redis reply (type byte " + type + ")");
        }
    }

    private int next() throws IOException {
        if (rpos == rlim) {
            fill();
        }
        return rbuf[rpos++] & 0xff;
    }

    private void fill() throws IOException {
        int n = in.read(rbuf, 0, rbuf.length);
        if (n < 0) {
            throw new EOFException();
        }
        rpos = 0;
        rlim = n;
    }

    /** The number a reply line holds, read from its bytes (a page's reply has a hundred such lines). */
    private long number() throws IOException {
        int c = next();
        boolean negative = c == '-';
        if (negative) {
            c = next();
        }
        long n = 0;
        while (c != '\r') {
            if (c < '0' || c > '9') {
                throw new IOException("not a number in a Redis reply (byte " + c + ")");
            }
            n = n * 10 + (c - '0');
            c = next();
        }
        if (next() != '\n') {
            throw new IOException("a Redis reply line without LF after CR");
        }
        return negative ? -n : n;
    }

    private String line() throws IOException {
        int start = rpos;
        // The common case: the whole line is in the buffer, decoded in place.
        for (int i = rpos; i + 1 < rlim; i++) {
            if (rbuf[i] == '\r' && rbuf[i + 1] == '\n') {
                rpos = i + 2;
                return new String(rbuf, start, i - start, StandardCharsets.UTF_8);
            }
        }
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        while (true) {
            int c = next();
            if (c == '\r') {
                if (next() != '\n') {
                    throw new IOException("a Redis reply line without LF after CR");
                }
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(c);
        }
    }

    private void readFully(byte[] b) throws IOException {
        int off = 0;
        int buffered = Math.min(rlim - rpos, b.length);
        System.arraycopy(rbuf, rpos, b, 0, buffered);
        rpos += buffered;
        off += buffered;
        while (off < b.length) {
            int n = in.read(b, off, b.length - off);
            if (n < 0) {
                throw new EOFException();
            }
            off += n;
        }
    }

    private void expectCrlf() throws IOException {
        if (next() != '\r' || next() != '\n') {
            throw new IOException("a Redis bulk reply not ended by CRLF");
        }
    }

    /** An error reply, kept as a value until the whole reply is read (it may sit inside an array). */
    private record ErrorReply(String message) {}
}
