package org.leakcheck.loader.verify;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.leakcheck.protocol.identity.FactorIdentity;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.IdentityKind;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.lookup.BucketBits;
import org.leakcheck.protocol.lookup.BucketItem;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.lookup.Details;
import org.leakcheck.protocol.lookup.DisclosurePolicy;
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
 * padded size, entry kinds as the disclosure policy writes them), the served load has exactly its
 * 2^B_D bucket items, each once, of the padded size, sorted and with a TTL no earlier than the
 * manifest's; and, with known answers and the key, that each sample gives what the policy says
 * ({@link #verifyKnownAnswers}).
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
        checkPolicy(manifest, problems);
        DatasetLoad load = manifest.load();
        BitSet seen = new BitSet(expected);
        long[] expiring = new long[1];
        try (Stream<StoredBucket> items = table.scanLoad(load)) {
            items.forEach(item -> {
                check(item, padded, expected, seen, problems);
                if (item.expiresAt() < manifest.expiresAt()) {
                    expiring[0]++;
                }
            });
        }
        if (expiring[0] > 0) {
            problems.add(expiring[0] + " bucket items of load " + load.loadIdHex() + " have no expiresAt or expire"
                    + " before the manifest (" + manifest.expiresAt() + ")");
        }
        if (seen.cardinality() != expected) {
            problems.add((expected - seen.cardinality()) + " of " + expected + " bucket items of load " + load.loadIdHex()
                    + " are missing (first: bucket " + seen.nextClearBit(0) + ")");
        }
        return problems;
    }

    /** The entry kinds the policy writes: no factor-bound kind under open, no plain kind under gated. */
    private static void checkPolicy(DatasetManifest manifest, List<String> problems) {
        DisclosurePolicy policy = manifest.disclosure();
        for (IdentityKind kind : IdentityKind.values()) {
            long count = manifest.entriesByKind().getOrDefault(kind.label(), 0L);
            boolean written = kind.factorBound() ? policy.usesFactor() : policy.writesPlainEntries();
            if (count > 0 && !written) {
                problems.add("manifest counts " + count + " " + kind.label() + " entries, which the " + policy.label()
                        + " policy does not write");
            }
        }
    }

    /** One line on the dataset's policy and end, for the command's output. */
    public static String describe(DatasetManifest manifest, java.time.Instant now) {
        return "disclosure " + manifest.disclosure().label() + ", served until " + manifest.servedUntil()
                + (manifest.servedAt(now) ? "" : " (ended: shown as ended, no bucket served)");
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
     * the entry; for the identity alone, with the person's factor and with a wrong factor. What
     * each must give depends on the policy ({@code docs/protocol.md} §3.1):
     * <pre>
     *                        identity alone          + right factor       + wrong factor
     * open         present   found, with kinds       not found            not found
     * membership   present   found, membership only  found, with kinds    not found
     * gated        present   not found               found, with kinds    not found
     * any          absent    not found               (not tried)          not found
     * </pre>
     * (No factor-bound entry exists under open; "with kinds" means scope KINDS and a non-empty mask.)
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
        DisclosurePolicy policy = manifest.disclosure();
        for (KnownAnswers.Case c : answers.cases()) {
            try {
                Optional<Details> plain = lookup(key, load, c.identity());
                if (!c.shouldBeFound()) {
                    expect(c, "the identity alone", plain, Expect.NOT_FOUND, problems);
                } else if (!policy.writesPlainEntries()) {
                    expect(c, "the identity alone", plain, Expect.NOT_FOUND, problems);
                } else {
                    expect(c, "the identity alone", plain,
                            policy.plainEntriesCarryKinds() ? Expect.KINDS : Expect.MEMBERSHIP, problems);
                }
                if (c.factor() != null && c.shouldBeFound()) {
                    expect(c, "the identity with its factor",
                            lookup(key, load, FactorIdentity.bind(c.identity(), c.factor())),
                            policy.usesFactor() ? Expect.KINDS : Expect.NOT_FOUND, problems);
                }
                if (c.wrongFactor() != null) {
                    expect(c, "the identity with a wrong factor",
                            lookup(key, load, FactorIdentity.bind(c.identity(), c.wrongFactor())), Expect.NOT_FOUND,
                            problems);
                }
            } catch (MissingItem e) {
                problems.add(c + ": its bucket item is missing");
            } catch (LookupException | IllegalArgumentException e) {
                problems.add(c + ": its entry matches but does not open (corrupt bucket item)");
            }
        }
        return problems;
    }

    private enum Expect { NOT_FOUND, MEMBERSHIP, KINDS }

    /** A bucket item the load should have is not in the table. */
    private static final class MissingItem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingItem() {
            super(null, null, false, false);
        }
    }

    private Optional<Details> lookup(KeyMaterial key, DatasetLoad load, Identity identity) {
        byte[] y = Oprf.VERIFIABLE.evaluate(key.key(), identity.canonicalBytes());
        EntryKeys keys = EntryKeys.derive(y, load);
        byte[] item = table.bucketEntries(load, keys.bucket()).orElseThrow(MissingItem::new);
        return BucketItem.find(item, keys, load.datasetId());
    }

    private static void expect(KnownAnswers.Case c, String what, Optional<Details> found, Expect expected,
                               List<String> problems) {
        Expect actual = found.isEmpty() ? Expect.NOT_FOUND
                : found.get().membershipOnly() ? Expect.MEMBERSHIP
                : found.get().kinds().isEmpty() ? null : Expect.KINDS;
        if (actual != expected) {
            problems.add(c + ": " + what + " gives " + name(actual) + ", expected " + name(expected));
        }
    }

    private static String name(Expect e) {
        if (e == null) {
            return "found without any kind";
        }
        return switch (e) {
            case NOT_FOUND -> "not found";
            case MEMBERSHIP -> "found, membership only";
            case KINDS -> "found, with kinds";
        };
    }
}
