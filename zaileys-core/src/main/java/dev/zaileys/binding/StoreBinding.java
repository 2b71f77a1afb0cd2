package dev.zaileys.binding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.Presence;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.socket.BaileysEvents;
import dev.zaileys.socket.EventStream;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.StoreErrorListener;
import dev.zaileys.store.StoreWrite.ClearChat;
import dev.zaileys.store.StoreWrite.DeleteChat;
import dev.zaileys.store.StoreWrite.DeleteMessage;
import dev.zaileys.store.StoreWrite.SaveChat;
import dev.zaileys.store.StoreWrite.SaveContact;
import dev.zaileys.store.StoreWrite.SaveMessage;
import dev.zaileys.store.StoreWrite.SavePresence;
import dev.zaileys.store.StoreWrite.UpdateMessage;
import dev.zaileys.store.StoreWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds a message store to a socket's events (the seed's {@code store.bind(sock)}):
 *
 * <pre>{@code
 * try (StoreBinding binding = StoreBinding.bind(store, socket.ev(), listener)) {
 *     ...                      // events are written in batches while the socket runs
 *     binding.flush();         // returns once everything accepted so far is durable
 * }                            // close: unbind, write what is queued, stop the writer
 * }</pre>
 *
 * <p>It turns a socket's events into store writes: a bounded queue (the producer blocks when it is
 * full), one writer thread that applies what is queued in batches (one transaction each), retries
 * transient failures with backoff, and reports every failure. Nothing accepted is dropped
 * silently.
 */
public final class StoreBinding implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreBinding.class);

    /** The default bound of the queue of accepted writes. */
    public static final int QUEUE_CAPACITY = 10_000;
    static final int MAX_BATCH = 5_000;
    private static final long CLOSE_WAIT_MS = 30_000;

    private final MessageStore store;
    private final BlockingQueue<StoreWrite> queue;
    private final AtomicLong failed = new AtomicLong();
    private final Object progress = new Object();
    private long accepted;
    private long done;
    private ZaileysStoreException lastFailure;
    private final List<EventStream.Subscription> subscriptions = new ArrayList<>();
    private volatile StoreErrorListener listener;
    private Thread writer;
    private volatile boolean stopping;

    private StoreBinding(MessageStore store, StoreErrorListener listener, int queueCapacity) {
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.store = store;
        this.listener = listener;
    }

    /**
     * Subscribes {@code store} to {@code events} (see {@link BaileysEvents#STORE_EVENTS});
     * failures go to {@code listener} (null: they are logged) and transient ones are retried.
     */
    public static StoreBinding bind(MessageStore store, EventStream events, StoreErrorListener listener) {
        return bind(store, events, listener, QUEUE_CAPACITY);
    }

    /**
     * As {@link #bind(MessageStore, EventStream, StoreErrorListener)} with a queue of
     * {@code queueCapacity} writes (the producer blocks beyond it; default {@value #QUEUE_CAPACITY}).
     */
    public static StoreBinding bind(MessageStore store, EventStream events, StoreErrorListener listener, int queueCapacity) {
        if (store == null || events == null) {
            throw ZaileysStoreException.invalid((store == null ? "store" : "events") + " must not be null");
        }
        if (queueCapacity < 1) {
            throw ZaileysStoreException.invalid("the bind queue size must be at least 1, got " + queueCapacity);
        }
        StoreBinding binding = new StoreBinding(store, listener, queueCapacity);
        binding.rebind(events);
        return binding;
    }

    /** {@link #bind(MessageStore, EventStream, StoreErrorListener)} that logs failures. */
    public static StoreBinding bind(MessageStore store, EventStream events) {
        return bind(store, events, null);
    }

    /** Moves the binding to another socket's events (after a reconnect); what is queued is kept. */
    public synchronized void rebind(EventStream events) {
        if (events == null) {
            throw ZaileysStoreException.invalid("events must not be null");
        }
        if (stopping) {
            throw new ZaileysStoreException(Code.STORE_CLOSED, "this binding is closed");
        }
        unbind();
        for (String event : BaileysEvents.STORE_EVENTS) {
            subscriptions.add(events.on(event, payload -> accept(event, payload)));
        }
        if (writer == null) {
            writer = new Thread(this::run, "zaileys-store-writer-" + store.getClass().getSimpleName());
            writer.setDaemon(true);
            writer.start();
        }
    }

    /** Stops listening; what was accepted is still written. */
    public synchronized void unbind() {
        subscriptions.forEach(EventStream.Subscription::close);
        subscriptions.clear();
    }

    /** Operations accepted and not yet written (queued or in the batch being written). */
    public long pending() {
        synchronized (progress) {
            return accepted - done;
        }
    }

    /**
     * Operations given up on since the binding was made: refused by the store, unreadable in an
     * event, or still queued when the store closed. Each was reported to the listener.
     */
    public long failedWrites() {
        return failed.get();
    }

    /** Waits until every operation accepted before the call is written (or refused and reported). */
    public void flush() {
        flush(Long.MAX_VALUE);
    }

    private void flush(long timeoutMs) {
        long deadline = timeoutMs == Long.MAX_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMs;
        synchronized (progress) {
            long target = accepted;
            while (done < target) {
                long wait = deadline == Long.MAX_VALUE ? 1_000 : deadline - System.currentTimeMillis();
                if (wait <= 0) {
                    throw new ZaileysStoreException(Code.STORE_WRITE_FAILED, (target - done)
                            + " bound operations are not written yet"
                            + (lastFailure == null ? "" : "; last failure: " + lastFailure.getMessage()), lastFailure);
                }
                try {
                    progress.wait(Math.min(wait, 1_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ZaileysStoreException(Code.STORE_WRITE_FAILED, "interrupted while flushing", e);
                }
            }
        }
    }

    /** Idempotent. Unbinds, writes what is queued (waiting at most 30 s for a failing backend), stops the writer. */
    @Override
    public void close() {
        unbind();
        Thread w;
        synchronized (this) {
            w = writer;
        }
        if (w == null) {
            return;
        }
        try {
            flush(CLOSE_WAIT_MS);
        } finally {
            stopping = true;
            w.interrupt();
        }
    }

    private void accept(String event, JsonNode payload) {
        List<StoreWrite> ops = toOps(event, payload, bad -> report(new ZaileysStoreException(bad.code(),
                "skipped a malformed part of " + event + ": " + bad.getMessage(), bad), 0, false));
        if (ops.isEmpty()) {
            return;
        }
        // Counted once per event, not per op: the monitor is shared with the writer, and an
        // upsert of 50 took it 50 times. Accepted before queued, so flush() waits for them.
        synchronized (progress) {
            accepted += ops.size();
        }
        for (int i = 0; i < ops.size(); i++) {
            try {
                queue.put(ops.get(i));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                synchronized (progress) {
                    done += ops.size() - i;
                    progress.notifyAll();
                }
                report(new ZaileysStoreException(Code.STORE_WRITE_FAILED,
                        "interrupted while queueing " + event + "; the rest of it was not accepted", e), 0, false);
                return;
            }
        }
    }

    private void run() {
        List<StoreWrite> batch = new ArrayList<>(MAX_BATCH);
        while (!stopping) {
            try {
                StoreWrite first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                if (stopping) {
                    return;
                }
            } finally {
                if (!batch.isEmpty()) {
                    synchronized (progress) {
                        done += batch.size();
                        progress.notifyAll();
                    }
                    batch.clear();
                }
            }
        }
    }

    /** Writes a batch, retrying transient failures; a refused batch is retried op by op to keep the good ones. */
    private void write(List<StoreWrite> batch) throws InterruptedException {
        long backoff = 50;
        while (true) {
            try {
                store.apply(batch);
                lastFailure = null;
                return;
            } catch (ZaileysStoreException e) {
                if (e.code() == Code.STORE_CLOSED) {
                    report(e, batch.size(), false);
                    return;
                }
                if (!e.code().transientFailure()) {
                    if (batch.size() > 1) {
                        for (StoreWrite op : batch) {
                            write(List.of(op));
                        }
                    } else {
                        report(new ZaileysStoreException(e.code(), "dropped a refused " + describe(batch.get(0)) + ": "
                                + e.getMessage(), e), 1, false);
                    }
                    return;
                }
                lastFailure = e;
                report(e, batch.size() + queue.size(), true);
                if (stopping) {
                    throw new InterruptedException("closing");
                }
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private void report(ZaileysStoreException e, int pending, boolean willRetry) {
        if (!willRetry) {
            failed.addAndGet(Math.max(1, pending));
        }
        StoreErrorListener l = listener;
        if (l != null) {
            try {
                l.onError(e, pending, willRetry);
            } catch (RuntimeException listenerFailure) {
                log.warn("store error listener failed", listenerFailure);
            }
        } else {
            log.warn("bound write failed ({} pending, {}): {}", pending, willRetry ? "retrying" : "not retried", e.getMessage());
        }
    }

    private static String describe(StoreWrite op) {
        if (op instanceof SaveMessage p) {
            return "message " + p.message().key().id();
        }
        if (op instanceof UpdateMessage u) {
            return "update of message " + u.key().id();
        }
        return op.getClass().getSimpleName();
    }

    // ---- event payloads to operations ----

    /** The operations of one event; a malformed element goes to {@code rejected}, the rest is kept. */
    static List<StoreWrite> toOps(String event, JsonNode p, Consumer<ZaileysStoreException> rejected) {
        List<StoreWrite> ops = new ArrayList<>();
        Consumer<Runnable> guard = part -> {
            try {
                part.run();
            } catch (ZaileysStoreException e) {
                rejected.accept(e);
            } catch (RuntimeException e) {
                rejected.accept(ZaileysStoreException.invalid(String.valueOf(e.getMessage())));
            }
        };
        switch (event) {
            case BaileysEvents.MESSAGES_UPSERT -> each(p.path("messages"), m -> guard.accept(() ->
                    ops.add(message(m))));
            case BaileysEvents.MESSAGES_UPDATE -> each(p, u -> guard.accept(() -> ops.add(new UpdateMessage(
                    MessageKey.fromJson(u.get("key")), object(u.get("update"), "message update")))));
            case BaileysEvents.MESSAGES_DELETE -> {
                if (p.path("all").asBoolean(false)) {
                    guard.accept(() -> ops.add(new ClearChat(p.path("jid").textValue())));
                } else {
                    each(p.path("keys"), k -> guard.accept(() -> ops.add(new DeleteMessage(MessageKey.fromJson(k)))));
                }
            }
            case BaileysEvents.CHATS_UPSERT, BaileysEvents.CHATS_UPDATE -> each(p, c -> guard.accept(() -> ops.add(new SaveChat(Chat.of(object(c, "chat"))))));
            case BaileysEvents.CHATS_DELETE -> each(p, j -> guard.accept(() ->
                    ops.add(new DeleteChat(j.textValue()))));
            case BaileysEvents.CONTACTS_UPSERT, BaileysEvents.CONTACTS_UPDATE -> each(p, c -> guard.accept(() ->
                    ops.add(new SaveContact(Contact.of(object(c, "contact"))))));
            case BaileysEvents.PRESENCE_UPDATE -> p.path("presences").fields().forEachRemaining(e -> guard.accept(() -> ops.add(
                    new SavePresence(e.getKey(), Presence.of(object(e.getValue(), "presence"))))));
            case BaileysEvents.MESSAGING_HISTORY_SET -> {
                each(p.path("chats"), c -> guard.accept(() -> ops.add(new SaveChat(Chat.of(object(c, "chat"))))));
                each(p.path("contacts"), c -> guard.accept(() -> ops.add(new SaveContact(Contact.of(object(c, "contact"))))));
                each(p.path("messages"), m -> guard.accept(() -> ops.add(message(m))));
            }
            default -> { }
        }
        return ops;
    }

    /** A message to save, encoded here (on the socket's thread, sharing the work with the writer) and size-checked. */
    private static SaveMessage message(JsonNode node) {
        WAMessage m = WAMessage.of(object(node, "message"));
        int size = m.encode().length;
        if (size > BufferJson.MAX_DOCUMENT_BYTES) {
            throw ZaileysStoreException.invalid("message " + m.key().id() + " is " + size
                    + " bytes encoded; the limit is " + BufferJson.MAX_DOCUMENT_BYTES);
        }
        return new SaveMessage(m);
    }

    private static void each(JsonNode array, Consumer<JsonNode> action) {
        if (array.isArray()) {
            array.forEach(action);
        }
    }

    private static ObjectNode object(JsonNode n, String what) {
        if (n == null || !n.isObject()) {
            throw ZaileysStoreException.invalid(what + " is not a JSON object");
        }
        return (ObjectNode) n;
    }
}
