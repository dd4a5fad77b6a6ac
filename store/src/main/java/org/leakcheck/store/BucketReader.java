package org.leakcheck.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.leakcheck.protocol.lookup.DatasetLoad;

/**
 * The read side of the bucket table, all the buckets function needs: the manifests and one
 * bucket item. A port of two methods, so that the function's handlers take storage as a tiny
 * interface and tests can serve from memory; {@link BucketTable} is the DynamoDB implementation.
 */
public interface BucketReader {

    /**
     * Every readable manifest in the table, servable or not, sorted by dataset id. A manifest item
     * that does not parse (an older layout, a hand edit) is skipped, and its dataset id is told to
     * {@code unreadable}: one bad item must not hide the other datasets.
     */
    List<DatasetManifest> manifests(Consumer<String> unreadable);

    /** {@link #manifests(Consumer)}, skipping unreadable manifest items silently. */
    default List<DatasetManifest> manifests() {
        return manifests(datasetId -> { });
    }

    /**
     * The {@code P × 32} bytes of bucket {@code bucket} of {@code load}; empty when there is no
     * such item.
     *
     * @throws IllegalArgumentException if {@code bucket} is outside [0, 2^B_D)
     */
    Optional<byte[]> bucketEntries(DatasetLoad load, int bucket);
}
