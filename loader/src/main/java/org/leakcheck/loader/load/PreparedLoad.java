package org.leakcheck.loader.load;

import java.util.List;
import org.leakcheck.store.BucketWrite;
import org.leakcheck.store.DatasetManifest;

/**
 * The outcome of the compute phases: every bucket item of the dataset, the manifest to write last,
 * and the report so far. Holds no identifier: items are pseudorandom bytes.
 */
public record PreparedLoad(List<BucketWrite> items, DatasetManifest manifest, LoadReport report) {
}
