package org.leakcheck.function.buckets;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.leakcheck.protocol.lookup.DatasetIds;
import org.leakcheck.protocol.lookup.Entry;
import org.leakcheck.protocol.lookup.Labels;
import org.leakcheck.store.DatasetManifest;

/**
 * The datasets this function serves: those with a manifest (complete) that were loaded for this
 * protocol version, entry size and bucket bits. Any other manifest would make clients look in the
 * wrong bucket or misread entries, so it is ignored.
 *
 * <p>The list comes from one manifests Query and is reused for the configured TTL; a burst of
 * requests after expiry may query it more than once, which is harmless. Thread-safe.
 */
public final class ServedDatasets {

    private final BucketSource source;
    private final BucketsConfig config;
    private volatile Snapshot snapshot;

    private record Snapshot(List<DatasetManifest> datasets, long fetchedAtNanos) {
    }

    public ServedDatasets(BucketSource source, BucketsConfig config) {
        this.source = source;
        this.config = config;
    }

    /** The served datasets, sorted by id. */
    public List<DatasetManifest> current() {
        Snapshot current = snapshot;
        long now = config.nanoClock().getAsLong();
        if (current == null || now - current.fetchedAtNanos() >= config.manifestTtl().toNanos()) {
            current = new Snapshot(servable(source.manifests()), now);
            snapshot = current;
        }
        return current.datasets();
    }

    /** Forgets the cached list (after a SnapStart restore, the snapshot's list may be old). */
    public void invalidate() {
        snapshot = null;
    }

    /** The key id to announce: configured, else the newest served dataset's. */
    public Optional<String> keyId() {
        if (config.keyId().isPresent()) {
            return config.keyId();
        }
        return current().stream().max(Comparator.comparing(DatasetManifest::loadedAt)).map(DatasetManifest::keyId);
    }

    private List<DatasetManifest> servable(List<DatasetManifest> manifests) {
        return manifests.stream()
                .filter(m -> DatasetIds.isValid(m.datasetId()))
                .filter(m -> m.protocolVersion() == Labels.PROTOCOL_VERSION)
                .filter(m -> m.entrySize() == Entry.SIZE)
                .filter(m -> m.bucketBits() == config.bucketBits())
                .sorted(Comparator.comparing(DatasetManifest::datasetId))
                .toList();
    }
}
