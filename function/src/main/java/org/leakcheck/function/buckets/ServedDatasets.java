package org.leakcheck.function.buckets;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.leakcheck.function.http.Problem;
import org.leakcheck.function.http.ProblemException;
import org.leakcheck.function.http.RequestLog;
import org.leakcheck.protocol.lookup.BucketBits;
import org.leakcheck.protocol.lookup.BucketItem;
import org.leakcheck.protocol.lookup.DatasetIds;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.lookup.Entry;
import org.leakcheck.protocol.lookup.Labels;
import org.leakcheck.store.BucketReader;
import org.leakcheck.store.DatasetManifest;

/**
 * The datasets this function lists and serves (docs/protocol.md §6.4): those with a manifest
 * (complete) written for protocol version 2, entries of 32 bytes and the deployment's key id, with
 * a well-formed load id, bucket bits and padded size, a disclosure policy, an end date and a
 * notice that is one JSON object. Any other manifest would make clients look in the wrong place,
 * misread entries or show a broken notice, so it is ignored (a notice that does not parse is
 * logged, once per load). A manifest names the one served load of its dataset; items of any other
 * load are never served, and neither is an item whose size is not its load's padded size (it
 * would tell its bucket apart from the others).
 *
 * <p>End dates are read on the configured wall clock at every request, not when the list is
 * cached: once {@code servedUntil} has come, the dataset is listed as ended and its buckets are
 * {@code 404 load.unknown}, whatever the cache holds.
 *
 * <p>The list comes from one manifests Query and is reused for the configured TTL (at most 60 s);
 * a burst of requests after expiry may query it more than once, which is harmless. A request for
 * a load the list does not know may be a reload this instance has not seen yet (a client that read
 * a fresher {@code /v2/info} elsewhere): the list is then read again, but at most once every
 * {@link #UNKNOWN_LOAD_REFRESH}, so that requests naming made-up loads cannot turn into one
 * DynamoDB Query each. Thread-safe.
 */
public final class ServedDatasets {

    /** The least age of the list before a request for an unknown load may have it read again. */
    public static final Duration UNKNOWN_LOAD_REFRESH = Duration.ofSeconds(5);

    private final BucketReader source;
    private final BucketsConfig config;
    private final RequestLog log;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private volatile Snapshot snapshot;

    private record Snapshot(List<ListedDataset> datasets, long fetchedAtNanos) {
    }

    /**
     * @param source the bucket table
     * @param config the key id to serve, the manifest cache settings and the wall clock
     * @param log    where a manifest that cannot be listed is reported
     */
    public ServedDatasets(BucketReader source, BucketsConfig config, RequestLog log) {
        this.source = source;
        this.config = config;
        this.log = log;
    }

    /** A list that reports nothing (tests). */
    public ServedDatasets(BucketReader source, BucketsConfig config) {
        this(source, config, RequestLog.discard());
    }

    /** Every listed dataset, served or ended, split at the wall clock's current instant. */
    public Listing listing() {
        return new Listing(config.clock().instant(), snapshot().datasets());
    }

    /** The served datasets (not ended), sorted by id. */
    public List<DatasetManifest> current() {
        Listing listing = listing();
        return listing.served().stream().map(ListedDataset::manifest).toList();
    }

    private Snapshot snapshot() {
        Snapshot current = snapshot;
        long now = config.nanoClock().getAsLong();
        if (current == null || now - current.fetchedAtNanos() >= config.manifestTtl().toNanos()) {
            current = new Snapshot(listable(source.manifests(this::reportUnreadable)), now);
            snapshot = current;
        }
        return current;
    }

    /** The served manifest of {@code datasetId} if its served load is {@code loadIdHex} and it has not ended. */
    public Optional<DatasetManifest> served(String datasetId, String loadIdHex) {
        Optional<DatasetManifest> found = find(current(), datasetId, loadIdHex);
        Snapshot current = snapshot;
        if (found.isEmpty() && current != null
                && config.nanoClock().getAsLong() - current.fetchedAtNanos() >= UNKNOWN_LOAD_REFRESH.toNanos()) {
            invalidate();
            found = find(current(), datasetId, loadIdHex);
        }
        return found;
    }

    /**
     * The item {@code path} names, if it may be served: its dataset has not ended, its load is the
     * served load of its dataset, its bucket is below 2^B_D, and it has the load's padded size.
     *
     * @throws ProblemException {@code load.unknown} for a load that is not served (also when a
     *                          reload replaced it since the manifests were cached, and once the
     *                          dataset's end date has come), or {@code bucket.range}
     * @throws IllegalStateException if the table lacks an item of a served load, or the item
     *                               does not have the load's padded size (a 500, never served)
     */
    public ServedBucket bucket(BucketPath path) throws ProblemException {
        DatasetManifest manifest = served(path.dataset(), path.load()).orElseThrow(Problem.LOAD_UNKNOWN::exception);
        if (path.bucket() >= BucketBits.count(manifest.bucketBits())) {
            throw Problem.BUCKET_RANGE.exception();
        }
        Optional<byte[]> item = source.bucketEntries(manifest.load(), path.bucket());
        if (item.isEmpty()) {
            // A load writes every item before its manifest, so a served load lacks none. Unless a
            // reload replaced it since the manifests were cached (and deleted its items): ask again.
            invalidate();
            if (served(path.dataset(), path.load()).isEmpty()) {
                throw Problem.LOAD_UNKNOWN.exception();
            }
            throw new IllegalStateException("the table lacks an item of a served load");
        }
        byte[] entries = item.get();
        if (entries.length != manifest.paddedBucketSize() * Entry.SIZE) {
            throw new IllegalStateException("an item of a served load does not have the load's padded size");
        }
        Instant now = config.clock().instant();
        return new ServedBucket(manifest, path.bucket(), entries, ListedDataset.secondsLeft(manifest.servedUntil(), now));
    }

    private static Optional<DatasetManifest> find(List<DatasetManifest> datasets, String datasetId, String loadIdHex) {
        return datasets.stream()
                .filter(m -> m.datasetId().equals(datasetId) && m.loadId().equals(loadIdHex))
                .findFirst();
    }

    /** Forgets the cached list: after a SnapStart restore, or when an item of a served load is missing. */
    public void invalidate() {
        snapshot = null;
    }

    /** A manifest item the store could not read: logged once per dataset, never a 500 for the others. */
    private void reportUnreadable(String datasetId) {
        if (reported.add(datasetId + "/unreadable")) {
            log.event("warn", "the manifest of dataset " + datasetId
                    + " cannot be read (an older layout, or a hand edit): the dataset is neither listed nor served", null);
        }
    }

    private List<ListedDataset> listable(List<DatasetManifest> manifests) {
        String keyId = config.publicKey().keyId();
        List<ListedDataset> listed = new ArrayList<>();
        manifests.stream()
                .filter(m -> DatasetIds.isValid(m.datasetId()))
                .filter(m -> m.protocolVersion() == Labels.PROTOCOL_VERSION)
                .filter(m -> m.entrySize() == Entry.SIZE)
                .filter(m -> keyId.equals(m.keyId()))
                .filter(m -> DatasetLoad.isValidLoadId(m.loadId()))
                .filter(m -> BucketBits.isValid(m.bucketBits()))
                .filter(m -> BucketItem.isValidPaddedSize(m.paddedBucketSize()))
                .filter(m -> m.disclosure() != null && m.servedUntil() != null)
                .filter(m -> m.disclosure().usesFactor() == (m.factor() != null))
                .sorted(Comparator.comparing(DatasetManifest::datasetId))
                .forEach(m -> {
                    Optional<String> notice = NoticeJson.compact(m.notice());
                    if (notice.isPresent()) {
                        listed.add(new ListedDataset(m, notice.get()));
                    } else if (reported.add(m.datasetId() + "/" + m.loadId())) {
                        // The operator's problem, not a visitor's: the dataset id is public (it is
                        // what /v2/info would list), the notice's text is not logged.
                        log.event("warn", "the notice of dataset " + m.datasetId()
                                + " is not one JSON object: the dataset is neither listed nor served", null);
                    }
                });
        return List.copyOf(listed);
    }
}
