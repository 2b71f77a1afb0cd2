package dev.zaileys.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What both contract suites share: a fresh store per test, stores a test opens besides it closed
 * afterwards, and the hooks an adapter test may override.
 */
public abstract class StoreContract<S extends AutoCloseable> {

    /** A fresh, empty store, isolated from every other store this method returned. */
    protected abstract S newStore();

    /**
     * A new instance on the same backend and scope as {@code store}, or {@code null} when the
     * backend keeps nothing beyond an instance (memory): the durability checks then do not apply.
     */
    protected S reopen(S store) {
        return null;
    }

    /** Called after each test with the store (closed or not) for backend cleanup. */
    protected void afterEach(S store) {}

    /**
     * Whether documents come back with their object keys in the order written. Backends that
     * normalize JSON (PostgreSQL jsonb, as the Node original) return false: their documents are
     * compared as JSON values instead.
     */
    protected boolean keepsKeyOrder() {
        return true;
    }

    /** Divides the sizes of the big loops; slow backends may return more than 1. */
    protected int scale() {
        return 1;
    }

    protected S store;
    private final List<S> extra = new ArrayList<>();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        for (S s : extra) {
            closeQuietly(s);
        }
        extra.clear();
        closeQuietly(store);
        afterEach(store);
    }

    /** Tracks a store opened by a test so it is closed afterwards. */
    protected S track(S s) {
        if (s != null) {
            extra.add(s);
        }
        return s;
    }

    /** What one of {@link #inParallel}'s threads does. */
    @FunctionalInterface
    protected interface ThreadBody<T> {
        T run(int thread) throws Exception;
    }

    /**
     * Runs {@code body} on {@code threads} threads released at once and returns their results in
     * thread order; any thread's failure fails the test.
     */
    protected static <T> List<T> inParallel(int threads, ThreadBody<T> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                running.add(pool.submit(() -> {
                    start.await();
                    return body.run(thread);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : running) {
                results.add(f.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void closeQuietly(AutoCloseable s) {
        try {
            s.close();
        } catch (Exception ignored) {
            // already closed or broken by the test
        }
    }
}
