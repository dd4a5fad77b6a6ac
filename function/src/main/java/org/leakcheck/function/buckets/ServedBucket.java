package org.leakcheck.function.buckets;

import org.leakcheck.store.DatasetManifest;

/**
 * One bucket item that may be served (see {@link ServedDatasets#bucket}).
 *
 * @param manifest    the served manifest of its dataset, which names its load
 * @param bucket      the bucket number, below 2^B_D
 * @param entries     the item's {@code P × 32} bytes, P being the load's padded size
 * @param secondsLeft whole seconds until the dataset's {@code servedUntil} when it was read: no
 *                    cache may keep the answer longer
 */
public record ServedBucket(DatasetManifest manifest, int bucket, byte[] entries, long secondsLeft) {
}
