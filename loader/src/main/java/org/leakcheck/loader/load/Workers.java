package org.leakcheck.loader.load;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The load's compute threads, one pool for every phase, and the two ways the phases use them:
 * tasks submitted one by one, and a list split into one contiguous slice per thread, each slice
 * building its own result for the caller to merge (no locking on the hot path).
 */
final class Workers implements AutoCloseable {
    private final ExecutorService pool;
    private final int threads;

    Workers(int threads) {
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "leakcheck-load");
            t.setDaemon(true);
            return t;
        });
    }

    int threads() {
        return threads;
    }

    <T> Future<T> submit(Callable<T> task) {
        return pool.submit(task);
    }

    /** The result of {@code work} on each slice of {@code items}, in slice order. */
    <T, R> List<R> map(List<T> items, Function<List<T>, R> work) throws InterruptedException {
        List<Future<R>> parts = new ArrayList<>(threads);
        int slice = Math.max(1, (items.size() + threads - 1) / threads);
        for (int from = 0; from < items.size(); from += slice) {
            List<T> part = items.subList(from, Math.min(items.size(), from + slice));
            parts.add(pool.submit(() -> work.apply(part)));
        }
        List<R> results = new ArrayList<>(parts.size());
        for (Future<R> part : parts) {
            results.add(get(part));
        }
        return results;
    }

    /**
     * The task's result. A failure of ours (an I/O error naming a temporary file, a limit named
     * in counts) keeps its message; any other keeps only its type: a library's message could
     * quote data.
     */
    static <T> T get(Future<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException || cause instanceof LoadLimitException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException("a load worker failed: " + cause.getClass().getSimpleName(), cause);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
