package org.leakcheck.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import org.leakcheck.protocol.keys.KeyIds;
import org.leakcheck.protocol.lookup.BucketBits;
import org.leakcheck.protocol.lookup.DatasetIds;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.lookup.DisclosurePolicy;

/**
 * What makes a dataset complete and names its served load ({@code docs/protocol.md} §6.4, §8):
 * the loader writes this item after every bucket item of the load, and only datasets that have
 * one are served. Stored at bucket {@value TableLayout#MANIFEST_PARTITION}, sort key = dataset id.
 *
 * <p>The record checks the forms the protocol defines (dataset id, bucket bits, load id, key id)
 * with the protocol's own rules, but accepts any positive protocol version and entry size: which
 * versions, entry sizes and keys are served is the reader's decision (§6.4).
 *
 * @param datasetId        the dataset id {@code D} ({@link DatasetIds})
 * @param title            short human title shown by {@code /v2/info} (may be empty)
 * @param description      longer human description (may be empty)
 * @param patients         distinct persons loaded
 * @param entries          real entries written (filler excluded)
 * @param entriesByKind    real entries per identity kind label ({@code nir}, {@code name-dob},
 *                         {@code nir+factor}, {@code name-dob+factor}), sorted by kind
 * @param bucketBits       {@code B_D}, in [0, 24] ({@link BucketBits}); the load has 2^B_D bucket items
 * @param paddedBucketSize entries per bucket item after padding ({@code P}, spec §6.1)
 * @param entrySize        bytes per entry (32 in protocol version 2)
 * @param keyId            id of the key the entries were computed with ({@link KeyIds})
 * @param protocolVersion  protocol version of the entries (2)
 * @param loadId           the served load {@code L}, 32 lower-case hex characters
 * @param loadedAt         when this content was first loaded (kept by reloads of the same content)
 * @param disclosure       what an identity alone reveals ({@link DisclosurePolicy}, {@code docs/protocol.md} §3.1)
 * @param exposedMask      the union of every person's exposure mask: what the leak contained, at the
 *                         level of the dataset (u16, {@code ExposureKind} bits)
 * @param factor           the factor's label and hint; null exactly when {@code disclosure} is OPEN
 * @param servedUntil      the end of the communication: served while now &lt; servedUntil, then
 *                         shown as ended; the items expire {@link TableLayout#TTL_GRACE} later
 * @param notice           the Art. 34(2) notice as compact JSON, validated by the loader, served as-is;
 *                         at most {@value #MAX_NOTICE_BYTES} bytes in UTF-8 so that the item fits
 */
public record DatasetManifest(
        String datasetId,
        String title,
        String description,
        long patients,
        long entries,
        Map<String, Long> entriesByKind,
        int bucketBits,
        int paddedBucketSize,
        int entrySize,
        String keyId,
        int protocolVersion,
        String loadId,
        Instant loadedAt,
        DisclosurePolicy disclosure,
        int exposedMask,
        FactorLabel factor,
        Instant servedUntil,
        String notice) {

    /**
     * Largest notice, in UTF-8 bytes: with the other attributes (a few KB at most) the manifest
     * item stays under DynamoDB's 400 KB.
     */
    public static final int MAX_NOTICE_BYTES = 300_000;
    /** Largest exposure mask: the details carry it as a u16 ({@code docs/protocol.md} §5). */
    public static final int MAX_MASK = 0xFFFF;

    /** Checks every field; messages name the field and the rule, never the value. Copies the map, sorted by kind. */
    public DatasetManifest {
        if (!DatasetIds.isValid(datasetId)) {
            throw new IllegalArgumentException("datasetId: must be 3 to 40 characters of a-z, 0-9 and '-',"
                    + " not starting or ending with '-'");
        }
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
        if (!BucketBits.isValid(bucketBits)) {
            throw new IllegalArgumentException("bucketBits: must be in [" + BucketBits.MIN + ", " + BucketBits.MAX + "]");
        }
        if (paddedBucketSize < 1) {
            throw new IllegalArgumentException("paddedBucketSize: must be positive");
        }
        if (entrySize < 1) {
            throw new IllegalArgumentException("entrySize: must be positive");
        }
        if (!KeyIds.isValid(keyId)) {
            throw new IllegalArgumentException("keyId: must be 16 lower-case hex characters");
        }
        if (protocolVersion < 1) {
            throw new IllegalArgumentException("protocolVersion: must be positive");
        }
        if (!DatasetLoad.isValidLoadId(loadId)) {
            throw new IllegalArgumentException("loadId: must be 32 lower-case hex characters");
        }
        Validation.notNull(loadedAt, "loadedAt");
        Validation.notNull(disclosure, "disclosure");
        if (exposedMask < 0 || exposedMask > MAX_MASK) {
            throw new IllegalArgumentException("exposedMask: must be in [0, " + MAX_MASK + "]");
        }
        if (disclosure.usesFactor() && factor == null) {
            throw new IllegalArgumentException("factor: is required when disclosure is " + disclosure.label());
        }
        if (!disclosure.usesFactor() && factor != null) {
            throw new IllegalArgumentException("factor: must be absent when disclosure is " + disclosure.label());
        }
        Validation.notNull(servedUntil, "servedUntil");
        Validation.notNull(notice, "notice");
        if (notice.isBlank()) {
            throw new IllegalArgumentException("notice: must not be blank");
        }
        if (notice.getBytes(StandardCharsets.UTF_8).length > MAX_NOTICE_BYTES) {
            throw new IllegalArgumentException("notice: must be at most " + MAX_NOTICE_BYTES + " bytes in UTF-8");
        }
    }

    /**
     * When DynamoDB's TTL may delete the manifest (and the items of its load): {@code servedUntil}
     * plus {@link TableLayout#TTL_GRACE}, in epoch seconds, the {@value TableLayout#TTL_ATTRIBUTE} attribute.
     */
    public long expiresAt() {
        return TableLayout.expiresAt(servedUntil);
    }

    /** True while the dataset is served: {@code now} is before {@code servedUntil}. */
    public boolean servedAt(Instant now) {
        return now.isBefore(servedUntil);
    }

    /**
     * This manifest ending at {@code end}: the same dataset and load with {@code servedUntil = end}
     * (for {@code end-dataset}, which rewrites the manifest with the end set to now).
     */
    public DatasetManifest endingAt(Instant end) {
        return new DatasetManifest(datasetId, title, description, patients, entries, entriesByKind, bucketBits,
                paddedBucketSize, entrySize, keyId, protocolVersion, loadId, loadedAt, disclosure, exposedMask,
                factor, end, notice);
    }

    /** The served load: {@code (datasetId, loadId, bucketBits)}, as every derivation of §5 takes it. */
    public DatasetLoad load() {
        return DatasetLoad.of(datasetId, loadId, bucketBits);
    }

    /** The number of bucket items of the load: 2^bucketBits. */
    public long bucketItems() {
        return BucketBits.count(bucketBits);
    }
}
