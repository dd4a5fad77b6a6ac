package org.leakcheck.loader.load;

import java.util.List;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.store.DatasetManifest;
import org.leakcheck.store.StoredBucket;

/**
 * The outcome of the compute phases: the load {@code (D, L, B_D)}, its 2^B_D bucket items, the
 * manifest to write after them, and the report so far. Holds no identifier: items are
 * pseudorandom bytes.
 */
public record PreparedLoad(DatasetLoad load, List<StoredBucket> items, DatasetManifest manifest, LoadReport report) {
}
