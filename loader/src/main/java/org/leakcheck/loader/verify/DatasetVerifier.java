package org.leakcheck.loader.verify;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.lookup.BucketItem;
import org.leakcheck.protocol.lookup.Buckets;
import org.leakcheck.protocol.lookup.Entry;
import org.leakcheck.protocol.lookup.LookupClient;
import org.leakcheck.protocol.lookup.LookupResult;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.ScalarSource;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.DatasetBucket;
import org.leakcheck.store.DatasetManifest;
import org.leakcheck.store.StoredBucket;

/**
 * Reads a loaded dataset back and checks it: the manifest exists and is consistent, every bucket
 * item exists exactly once, has the padded size, decodes and is sorted; and, with known answers and
 * the key, that the client side of the protocol finds every present sample and no absent one.
 */
public final class DatasetVerifier {
    private final BucketTable table;

    public DatasetVerifier(BucketTable table) {
        this.table = table;
    }

    /** The problems found; empty when the dataset is sound. Problems name buckets and counts, never entries. */
    public List<String> verifyItems(String datasetId) {
        List<String> problems = new ArrayList<>();
        Optional<DatasetManifest> found = table.manifest(datasetId);
        if (found.isEmpty()) {
            problems.add("dataset " + datasetId + " has no manifest: the load did not finish, so it is not served");
            return problems;
        }
        DatasetManifest manifest = found.get();
        int expected = Buckets.count(manifest.bucketBits());
        if (manifest.entrySize() != Entry.SIZE) {
            problems.add("manifest entry size is " + manifest.entrySize() + ", expected " + Entry.SIZE);
        }
        if (manifest.buckets() != expected) {
            problems.add("manifest counts " + manifest.buckets() + " bucket items, expected 2^" + manifest.bucketBits() + " = " + expected);
        }
        long capacity = (long) expected * manifest.paddedBucketSize();
        if (manifest.entries() > capacity) {
            problems.add("manifest counts " + manifest.entries() + " entries, more than the " + capacity + " slots of its items");
        }
        long byKind = manifest.entriesByKind().values().stream().mapToLong(Long::longValue).sum();
        if (byKind != manifest.entries()) {
            problems.add("manifest entries by kind add up to " + byKind + ", not " + manifest.entries());
        }
        BitSet seen = new BitSet(expected);
        try (Stream<DatasetBucket> items = table.scanDataset(datasetId)) {
            items.forEach(item -> check(item, manifest, expected, seen, problems));
        }
        if (seen.cardinality() != expected) {
            problems.add((expected - seen.cardinality()) + " of " + expected + " bucket items are missing (first: bucket "
                    + seen.nextClearBit(0) + ")");
        }
        return problems;
    }

    private static void check(DatasetBucket item, DatasetManifest manifest, int expected, BitSet seen,
                              List<String> problems) {
        int b = item.bucket();
        if (b < 0 || b >= expected) {
            problems.add("bucket item " + b + " is outside [0, " + expected + ")");
            return;
        }
        if (seen.get(b)) {
            problems.add("bucket " + b + " appears twice");
        }
        seen.set(b);
        byte[] entries = item.entries();
        if (entries.length != manifest.paddedBucketSize() * Entry.SIZE) {
            problems.add("bucket " + b + " holds " + entries.length + " bytes, expected " + manifest.paddedBucketSize() + " entries of " + Entry.SIZE);
        } else if (!BucketItem.isSorted(entries)) {
            problems.add("bucket " + b + " is not sorted: it was not written by this loader");
        }
    }

    /**
     * Runs the client side of the protocol for each known answer, evaluating with the key locally
     * (the operator has it) and reading the bucket from the table as the buckets function would.
     *
     * @return one line per case that did not give the expected answer
     */
    public List<String> verifyKnownAnswers(String datasetId, KeyMaterial key, KnownAnswers answers) {
        DatasetManifest manifest = table.manifest(datasetId)
                .orElseThrow(() -> new IllegalStateException("dataset " + datasetId + " has no manifest"));
        LookupClient client = new LookupClient(manifest.bucketBits(), ScalarSource.secure());
        List<String> problems = new ArrayList<>();
        for (KnownAnswers.Case c : answers.cases()) {
            LookupClient.PreparedLookup prepared = client.prepare(c.identity());
            byte[] evaluated = Oprf.blindEvaluate(key.key(), prepared.blindedElement());
            List<LookupClient.DatasetEntries> entries = new ArrayList<>();
            for (StoredBucket stored : table.queryBucket(prepared.bucket())) {
                if (stored.datasetId().equals(datasetId)) {
                    entries.add(new LookupClient.DatasetEntries(stored.datasetId(), stored.entries()));
                }
            }
            LookupResult result = client.complete(prepared, evaluated, entries);
            if (result.found() != c.shouldBeFound()) {
                problems.add(c + ": " + (result.found() ? "found" : "not found"));
            }
        }
        return problems;
    }
}
