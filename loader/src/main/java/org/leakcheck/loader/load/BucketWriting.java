package org.leakcheck.loader.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.leakcheck.loader.load.spill.WorkDir;
import org.leakcheck.protocol.lookup.BucketItem;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.lookup.PaddingFiller;
import org.leakcheck.store.Progress;
import org.leakcheck.store.StoredBucket;

/**
 * Phases <b>pad</b> and <b>write</b>, one range of buckets at a time: reads the range's sealed
 * entries, pads every bucket to {@code P} entries with the load's deterministic filler
 * ({@code docs/protocol.md} §6.1; the item is sorted, so it does not depend on the order entries
 * were sealed in), and hands the range's items to the sink, while the next range is padded. A range
 * the sink took gets a marker naming the table, so that a rerun against the same table skips it.
 */
final class BucketWriting {
    static final String PREFIX = "written";

    /** Where items go: the table, or nowhere in a dry run. */
    interface Sink {
        /** Writes the items of one range of {@code load}; returns when they are stored. */
        void write(DatasetLoad load, List<StoredBucket> items);

        /** What the markers name, so that a rerun against another table writes everything; null: leave no marker. */
        String target();
    }

    private BucketWriting() {
    }

    /** Writes every range not yet written to the sink's target; returns the ranges skipped. */
    static int run(WorkDir dir, DatasetLoad load, int rangeBits, int padded, byte[] paddingKey, Workers workers,
                   Sink sink, Progress progress) throws IOException, InterruptedException {
        int ranges = 1 << rangeBits;
        int perRange = load.bucketCount() >>> rangeBits;
        List<Integer> todo = new ArrayList<>();
        int skipped = 0;
        progress.start(sink.target() == null ? "pad" : "write", "items", load.bucketCount());
        for (int r = 0; r < ranges; r++) {
            String target = dir.marker(marker(r)).map(m -> m.path("target").asText()).orElse(null);
            if (sink.target() != null && sink.target().equals(target)) {
                skipped++;
                progress.advance(perRange);
            } else {
                todo.add(r);
            }
        }
        ExecutorService padder = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "leakcheck-pad");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<List<StoredBucket>> next = todo.isEmpty() ? null
                    : padder.submit(() -> pad(dir, todo.get(0), perRange, load, padded, paddingKey, workers));
            for (int i = 0; i < todo.size(); i++) {
                int r = todo.get(i);
                List<StoredBucket> items = Workers.get(next);
                int following = i + 1 < todo.size() ? todo.get(i + 1) : -1;
                next = following < 0 ? null
                        : padder.submit(() -> pad(dir, following, perRange, load, padded, paddingKey, workers));
                sink.write(load, items);
                if (sink.target() != null) {
                    var marker = dir.newMarker();
                    marker.put("target", sink.target());
                    marker.put("items", items.size());
                    dir.mark(marker(r), marker);
                }
            }
        } finally {
            padder.shutdownNow();
        }
        progress.finish();
        return skipped;
    }

    static String marker(int range) {
        return String.format("%s-%04d", PREFIX, range);
    }

    private static List<StoredBucket> pad(WorkDir dir, int r, int perRange, DatasetLoad load, int padded,
                                          byte[] paddingKey, Workers workers) throws IOException, InterruptedException {
        int first = r * perRange;
        List<List<byte[]>> buckets = BucketSealing.readRange(dir, r, first, perRange);
        List<Integer> numbers = new ArrayList<>(perRange);
        for (int i = 0; i < perRange; i++) {
            numbers.add(i);
        }
        List<List<StoredBucket>> parts = workers.map(numbers, slice -> {
            List<StoredBucket> items = new ArrayList<>(slice.size());
            for (int i : slice) {
                int b = first + i;
                items.add(new StoredBucket(b, BucketItem.encode(buckets.get(i), padded, new PaddingFiller(paddingKey, load, b))));
                buckets.set(i, null);
            }
            return items;
        });
        List<StoredBucket> items = new ArrayList<>(perRange);
        parts.forEach(items::addAll);
        return items;
    }
}
