package org.leakcheck.loader.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.leakcheck.loader.load.spill.SpillReader;
import org.leakcheck.loader.load.spill.SpillWriter;
import org.leakcheck.loader.load.spill.WorkDir;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.lookup.Details;
import org.leakcheck.protocol.lookup.Entry;
import org.leakcheck.protocol.lookup.EntryKeys;
import org.leakcheck.protocol.lookup.ExposureKind;
import org.leakcheck.store.Progress;

/**
 * Phase <b>seal</b>, once the load {@code (D, L, B_D)} is known: for each evaluated entry,
 * {@code EntryKeys.derive(y, load)} gives its bucket and keys, and the entry is sealed
 * ({@code docs/protocol.md} §5) into the range of consecutive buckets that holds its bucket
 * ({@link Partitions#rangeBits}), counting the entries of every bucket on the way, so that the
 * largest item is known before anything is written. The evaluated partitions are sealed in
 * parallel, one per thread.
 * <pre>
 * sealed record   u32 bucket | sealed entry (32 bytes)
 * </pre>
 */
final class BucketSealing {
    static final String PREFIX = "sealed";
    /** Bytes a worker buffers for all the ranges together before appending to them. */
    private static final int LOCAL_BUFFERS = 1 << 20;

    private BucketSealing() {
    }

    /** The entries of every bucket. */
    static AtomicIntegerArray run(WorkDir dir, int partitions, DatasetLoad load, int rangeBits, Workers workers,
                                  long entries, Progress progress) throws IOException, InterruptedException {
        int ranges = 1 << rangeBits;
        SpillWriter[] writers = new SpillWriter[ranges];
        int buffer = Partitions.bufferSize(ranges);
        for (int r = 0; r < ranges; r++) {
            writers[r] = dir.writer(Partitions.name(PREFIX, r), buffer);
        }
        AtomicIntegerArray counts = new AtomicIntegerArray(load.bucketCount());
        int datasetTag = EntryKeys.datasetTag(load.datasetId());
        int shift = load.bucketBits() - rangeBits;
        progress.start("seal", "entries", entries);
        List<Future<Void>> parts = new ArrayList<>(partitions);
        for (int q = 0; q < partitions; q++) {
            int partition = q;
            parts.add(workers.submit(() -> {
                seal(dir, partition, load, datasetTag, shift, writers, counts, progress);
                return null;
            }));
        }
        for (Future<Void> part : parts) {
            Workers.get(part);
        }
        for (SpillWriter writer : writers) {
            writer.close();
        }
        progress.finish();
        return counts;
    }

    private static void seal(WorkDir dir, int q, DatasetLoad load, int datasetTag, int shift, SpillWriter[] writers,
                             AtomicIntegerArray counts, Progress progress) throws IOException {
        int flushAt = Math.max(512, LOCAL_BUFFERS / writers.length);
        ByteArrayOutputStream[] local = new ByteArrayOutputStream[writers.length];
        for (int r = 0; r < writers.length; r++) {
            local[r] = new ByteArrayOutputStream(flushAt + Partitions.SEALED_RECORD);
        }
        byte[] y = new byte[EntryEvaluation.OUTPUT_SIZE];
        int[] maskAndScope = new int[2];
        int done = 0;
        try (SpillReader in = dir.reader(Partitions.name(EntryEvaluation.PREFIX, q))) {
            while (!in.atEnd()) {
                EntryEvaluation.read(in, y, maskAndScope);
                EntryKeys keys = EntryKeys.derive(y, load);
                // §5: scope MEMBERSHIP (mask 0) for a plain identity under membership, KINDS otherwise.
                Details details = new Details(ExposureKind.fromMask(maskAndScope[0]), datasetTag, maskAndScope[1] == 1);
                int bucket = keys.bucket();
                counts.incrementAndGet(bucket);
                ByteArrayOutputStream out = local[bucket >>> shift];
                out.write(bucket >>> 24);
                out.write(bucket >>> 16);
                out.write(bucket >>> 8);
                out.write(bucket);
                out.write(Entry.seal(keys, details), 0, Entry.SIZE);
                if (out.size() >= flushAt) {
                    writers[bucket >>> shift].write(out.toByteArray());
                    out.reset();
                }
                if (++done == 1024) {
                    progress.advance(done);
                    done = 0;
                }
            }
        }
        for (int r = 0; r < writers.length; r++) {
            if (local[r].size() > 0) {
                writers[r].write(local[r].toByteArray());
            }
        }
        progress.advance(done);
    }

    /** The sealed entries of range {@code r}, by bucket: {@code result.get(b - first)} for bucket b. */
    static List<List<byte[]>> readRange(WorkDir dir, int r, int firstBucket, int buckets) throws IOException {
        List<List<byte[]>> out = new ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) {
            out.add(new ArrayList<>());
        }
        try (SpillReader in = dir.reader(Partitions.name(PREFIX, r))) {
            while (!in.atEnd()) {
                int bucket = in.readInt();
                out.get(bucket - firstBucket).add(in.readBytes(Entry.SIZE));
            }
        }
        return out;
    }
}
