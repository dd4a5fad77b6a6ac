package org.leakcheck.loader.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Splits a list into one contiguous slice per thread and runs {@code work} on each slice in
 * parallel. Each slice builds its own result, which the caller merges: no locking on the hot path.
 */
final class ParallelSlices {
    private ParallelSlices() {
    }

    /**
     * The result of {@code work} on each slice, in slice order.
     *
     * @param what names the work in the error message ("sealing entries")
     */
    static <T, R> List<R> map(List<T> items, int threads, String what, Function<List<T>, R> work)
            throws InterruptedException {
        int n = Math.max(1, threads);
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "leakcheck-compute");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> parts = new ArrayList<>(n);
            int slice = Math.max(1, (items.size() + n - 1) / n);
            for (int from = 0; from < items.size(); from += slice) {
                List<T> part = items.subList(from, Math.min(items.size(), from + slice));
                parts.add(pool.submit(() -> work.apply(part)));
            }
            List<R> results = new ArrayList<>(parts.size());
            for (Future<R> part : parts) {
                results.add(part.get());
            }
            return results;
        } catch (ExecutionException e) {
            // The cause's type only: a library's message could quote data.
            throw new IllegalStateException(what + " failed: " + e.getCause().getClass().getSimpleName(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
