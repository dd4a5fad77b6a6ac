package org.leakcheck.loader.verify;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.lookup.BucketBits;
import org.leakcheck.protocol.lookup.BucketItem;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.lookup.Details;
import org.leakcheck.protocol.lookup.Entry;
import org.leakcheck.protocol.lookup.EntryKeys;
import org.leakcheck.protocol.lookup.Labels;
import org.leakcheck.protocol.lookup.LookupException;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.DatasetManifest;
import org.leakcheck.store.StoredBucket;

/**
 * Reads a loaded dataset back and checks it against protocol v2 ({@code docs/protocol.md} §3, §6):
 * the manifest exists and is consistent (version 2, 32-byte entries, bucket bits by the rule,
 * padded size), the served load has exactly its 2^B_D bucket items, each once, of the padded size
 * and sorted; and, with known answers and the key, that each present sample's entry is found in
 * the bucket its OPRF output gives and opens, and that no absent sample is found.
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
        if (manifest.protocolVersion() != Labels.PROTOCOL_VERSION) {
            problems.add("manifest protocol version is " + manifest.protocolVersion() + ", expected " + Labels.PROTOCOL_VERSION);
        }
        if (manifest.entrySize() != Entry.SIZE) {
            problems.add("manifest entry size is " + manifest.entrySize() + ", expected " + Entry.SIZE);
        }
        int rule = BucketBits.forEntries(manifest.entries());
        if (manifest.bucketBits() != rule) {
            problems.add("manifest bucket bits are " + manifest.bucketBits() + ", but " + manifest.entries()
                    + " entries give " + rule + " (docs/protocol.md §3)");
        }
        int padded = manifest.paddedBucketSize();
        if (!BucketItem.isValidPaddedSize(padded)) {
            problems.add("manifest padded size " + padded + " is not a multiple of 16 of at least 16");
        }
        int expected = BucketBits.count(manifest.bucketBits());
        long capacity = (long) expected * padded;
        if (manifest.entries() > capacity) {
            problems.add("manifest counts " + manifest.entries() + " entries, more than the " + capacity + " slots of its items");
        }
        long byKind = manifest.entriesByKind().values().stream().mapToLong(Long::longValue).sum();
        if (byKind != manifest.entries()) {
            problems.add("manifest entries by kind add up to " + byKind + ", not " + manifest.entries());
        }
        DatasetLoad load = manifest.load();
        BitSet seen = new BitSet(expected);
        try (Stream<StoredBucket> items = table.scanLoad(load)) {
            items.forEach(item -> check(item, padded, expected, seen, problems));
        }
        if (seen.cardinality() != expected) {
            problems.add((expected - seen.cardinality()) + " of " + expected + " bucket items of load " + load.loadIdHex()
                    + " are missing (first: bucket " + seen.nextClearBit(0) + ")");
        }
        return problems;
    }

    private static void check(StoredBucket item, int padded, int expected, BitSet seen, List<String> problems) {
        int b = item.bucket();
        if (b >= expected) {
            problems.add("bucket item " + b + " is outside [0, " + expected + ")");
            return;
        }
        if (seen.get(b)) {
            problems.add("bucket " + b + " appears twice");
        }
        seen.set(b);
        byte[] entries = item.entries();
        if (entries.length != padded * Entry.SIZE) {
            problems.add("bucket " + b + " holds " + entries.length + " bytes, expected " + padded + " entries of " + Entry.SIZE);
        } else if (!BucketItem.isSorted(entries)) {
            problems.add("bucket " + b + " is not sorted: it was not written by this loader");
        }
    }

    /**
     * For each known answer, does what a client does after its evaluation (§5, §6.1), with the
     * OPRF output computed locally with the key (the operator has it): derives the bucket and the
     * fingerprint in the manifest's load, reads that bucket from the table, and searches and opens
     * the entry.
     *
     * @return one line per case that did not give the expected answer; cases are named by number
     *         and kind, never by value
     */
    public List<String> verifyKnownAnswers(String datasetId, KeyMaterial key, KnownAnswers answers) {
        DatasetManifest manifest = table.manifest(datasetId)
                .orElseThrow(() -> new IllegalStateException("dataset " + datasetId + " has no manifest"));
        if (!manifest.keyId().equals(key.keyId())) {
            return List.of("the manifest names key " + manifest.keyId() + ", not the key file's " + key.keyId()
                    + ": no identity can be found with this key");
        }
        DatasetLoad load = manifest.load();
        List<String> problems = new ArrayList<>();
        for (KnownAnswers.Case c : answers.cases()) {
            byte[] y = Oprf.VERIFIABLE.evaluate(key.key(), c.identity().canonicalBytes());
            EntryKeys keys = EntryKeys.derive(y, load);
            Optional<byte[]> item = table.bucketEntries(load, keys.bucket());
            if (item.isEmpty()) {
                problems.add(c + ": its bucket item is missing");
                continue;
            }
            try {
                Optional<Details> details = BucketItem.find(item.get(), keys, datasetId);
                if (details.isPresent() != c.shouldBeFound()) {
                    problems.add(c + ": " + (details.isPresent() ? "found" : "not found"));
                }
            } catch (LookupException | IllegalArgumentException e) {
                problems.add(c + ": its entry matches but does not open (corrupt bucket item)");
            }
        }
        return problems;
    }
}
