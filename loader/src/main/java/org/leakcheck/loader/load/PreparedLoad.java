package org.leakcheck.loader.load;

import java.util.List;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.store.DatasetManifest;
import org.leakcheck.store.StoredBucket;

/**
 * The outcome of the compute phases: the load {@code (D, L, B_D)}, its 2^B_D bucket items, the
 * manifest to write after them, and the counts so far. Holds no identifier: items are
 * pseudorandom bytes.
 */
public final class PreparedLoad {
    private final DatasetLoad load;
    private final List<StoredBucket> items;
    private final DatasetManifest manifest;
    /** The pipeline's counts so far; the write phases add theirs before the report is built. */
    final LoadReport.Builder counts;

    PreparedLoad(DatasetLoad load, List<StoredBucket> items, DatasetManifest manifest, LoadReport.Builder counts) {
        this.load = load;
        this.items = items;
        this.manifest = manifest;
        this.counts = counts;
    }

    /** The load {@code (D, L, B_D)}. */
    public DatasetLoad load() {
        return load;
    }

    /** Its 2^B_D padded bucket items, by bucket number. */
    public List<StoredBucket> items() {
        return items;
    }

    /** The manifest that makes the load the served one, to write after every item. */
    public DatasetManifest manifest() {
        return manifest;
    }

    /** What a dry run reports: the read, compute and pad phases, nothing written. */
    public LoadReport report() {
        return counts.build(true);
    }
}
