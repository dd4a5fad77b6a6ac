package org.leakcheck.loader.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.OprfKey;
import org.leakcheck.store.Progress;

/**
 * Runs RFC 9497 §3.3.1 Evaluate (mode 0x01, under the service's VOPRF key) for identities as soon
 * as the reader finds them, on worker threads, so the CPU-bound OPRF work overlaps reading the
 * file. The output {@code y} does not depend on the exposure mask, which is only known once the
 * whole file is read; the content digest, the load id and sealing wait for that.
 */
final class OprfEvaluator implements AutoCloseable {
    private static final int BATCH = 512;

    private final OprfKey key;
    private final ExecutorService pool;
    private final List<Future<?>> pending = new ArrayList<>();
    private List<IdentityIndex.Slot> batch = new ArrayList<>(BATCH);
    private final java.util.concurrent.atomic.AtomicLong completed = new java.util.concurrent.atomic.AtomicLong();
    private volatile Progress progress = Progress.NONE;

    OprfEvaluator(OprfKey key, int threads) {
        this.key = key;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "leakcheck-oprf");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues one identity (reader thread only). */
    void submit(IdentityIndex.Slot slot) {
        batch.add(slot);
        if (batch.size() == BATCH) {
            flush();
        }
    }

    /** Identities evaluated so far. */
    long completed() {
        return completed.get();
    }

    /** From now on, evaluations are reported to {@code progress}. */
    void reportTo(Progress progress) {
        this.progress = progress;
    }

    /** Waits until every queued identity has its output. */
    void awaitAll() throws InterruptedException {
        flush();
        try {
            for (Future<?> f : pending) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("OPRF evaluation failed: " + e.getCause().getClass().getSimpleName(), e.getCause());
        }
        pending.clear();
    }

    private void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<IdentityIndex.Slot> work = batch;
        batch = new ArrayList<>(BATCH);
        pending.add(pool.submit(() -> {
            for (IdentityIndex.Slot slot : work) {
                slot.output(Oprf.VERIFIABLE.evaluate(key, slot.canonical()));
            }
            completed.addAndGet(work.size());
            progress.advance(work.size());
        }));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
