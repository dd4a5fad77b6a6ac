package org.leakcheck.store;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a complete dataset is: the loader writes this item last, and only datasets that have one
 * are served. Stored at bucket {@value TableLayout#MANIFEST_PARTITION}, sort key = dataset id.
 *
 * @param datasetId        protocol dataset id, {@code [a-z0-9-]{3,40}}
 * @param title            short human title shown by /v1/info (may be empty)
 * @param description      longer human description (may be empty)
 * @param patients         distinct persons loaded
 * @param entries          real entries written (filler excluded)
 * @param entriesByKind    real entries per identity kind label ("nir", "name-dob"), sorted by kind
 * @param buckets          bucket items written for this dataset
 * @param entrySize        bytes per entry (32 in protocol version 1)
 * @param paddedBucketSize entries per bucket item after padding (P)
 * @param keyId            id of the OPRF key the entries were computed with
 * @param protocolVersion  protocol version of the entries (1)
 * @param bucketBits       B, the number of hash bits that pick a bucket (1..24)
 * @param loadedAt         when the load finished
 */
public record DatasetManifest(
        String datasetId,
        String title,
        String description,
        long patients,
        long entries,
        Map<String, Long> entriesByKind,
        long buckets,
        int entrySize,
        int paddedBucketSize,
        String keyId,
        int protocolVersion,
        int bucketBits,
        Instant loadedAt) {

    /** Checks every field; messages name the field and the rule. Copies the map, sorted by kind. */
    public DatasetManifest {
        Validation.datasetId(datasetId);
        Validation.notNull(title, "title");
        Validation.notNull(description, "description");
        Validation.notNegative(patients, "patients");
        Validation.notNegative(entries, "entries");
        Validation.notNull(entriesByKind, "entriesByKind");
        TreeMap<String, Long> byKind = new TreeMap<>();
        entriesByKind.forEach((kind, count) -> {
            if (kind == null || kind.isBlank()) {
                throw new IllegalArgumentException("entriesByKind: kinds must not be blank");
            }
            if (count == null || count < 0) {
                throw new IllegalArgumentException("entriesByKind: counts must not be negative");
            }
            byKind.put(kind, count);
        });
        entriesByKind = Collections.unmodifiableMap(byKind);
        Validation.notNegative(buckets, "buckets");
        if (entrySize < 1) {
            throw new IllegalArgumentException("entrySize: must be positive");
        }
        Validation.notNegative(paddedBucketSize, "paddedBucketSize");
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("keyId: must not be blank");
        }
        if (protocolVersion < 1) {
            throw new IllegalArgumentException("protocolVersion: must be positive");
        }
        if (bucketBits < 1 || bucketBits > TableLayout.MAX_BUCKET_BITS) {
            throw new IllegalArgumentException("bucketBits: must be in [1, " + TableLayout.MAX_BUCKET_BITS + "]");
        }
        Validation.notNull(loadedAt, "loadedAt");
    }
}
