package org.leakcheck.store;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.lookup.DisclosurePolicy;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The bucket table's layout ({@code docs/protocol.md} §6.4) and a hand-written mapper between
 * items and our types (no reflection, no bean schema: each class loaded costs a Lambda cold start).
 *
 * <pre>
 * item          bucket (N, partition key)   dataset (S, sort key)   other attributes
 * bucket item   0 .. 2^B_D - 1              D#L  (L in hex)         entries (B): P × 32 bytes,
 *                                                                   expiresAt (N, epoch seconds)
 * manifest      -1                          D                       title, description (S, absent
 *                                                                   when empty), patients, entryCount,
 *                                                                   entriesByKind (M of N), bucketItems,
 *                                                                   entrySize, paddedBucketSize, keyId,
 *                                                                   protocolVersion, bucketBits,
 *                                                                   load (S), loadedAt (S, ISO-8601),
 *                                                                   disclosure (S), exposedMask (N),
 *                                                                   factorLabelFr, factorLabelEn,
 *                                                                   factorHintFr, factorHintEn (S, absent
 *                                                                   when open), servedUntil (S, ISO-8601),
 *                                                                   notice (S, compact JSON),
 *                                                                   expiresAt (N, epoch seconds)
 * </pre>
 * Every item carries {@value #TTL_ATTRIBUTE}: the dataset's {@code servedUntil} plus
 * {@link #TTL_GRACE}, the table's TTL attribute, so that a leak's data deletes itself after its
 * communication ends. DynamoDB deletes expired items within days, not at once: readers decide
 * what is served from {@code servedUntil}, never from the TTL.
 * A bucket read is one GetItem of {@code (b, D#L)}; one Query on -1 lists the manifests. Putting
 * the load in the sort key lets two loads of a dataset coexist while a reload runs, so the served
 * one is never overwritten in place. {@code #} is outside the dataset-id alphabet, so the prefix
 * {@code D#} names the items of exactly one dataset.
 */
public final class TableLayout {

    /** Partition key (N): the bucket number, or {@link #MANIFEST_PARTITION}. */
    public static final String BUCKET = "bucket";
    /** Sort key (S): {@code D#L} for a bucket item, {@code D} for a manifest. */
    public static final String DATASET = "dataset";
    /** Binary attribute of a bucket item: the padded entries. */
    public static final String ENTRIES = "entries";

    /** Number attribute of every item: when DynamoDB's TTL may delete it, in epoch seconds. */
    public static final String TTL_ATTRIBUTE = "expiresAt";
    /**
     * How long after {@code servedUntil} the items expire: time for the operator to extend a
     * dataset ended by mistake (reload it with a later date) before its data is gone.
     */
    public static final Duration TTL_GRACE = Duration.ofDays(30);

    /** Partition holding one manifest item per complete dataset. */
    public static final int MANIFEST_PARTITION = -1;
    /** Between the dataset id and the load id in a bucket item's sort key. */
    public static final char LOAD_SEPARATOR = '#';
    /**
     * Largest entries attribute we write. A DynamoDB item is at most 400 KB (409,600 bytes),
     * attribute names and key values included; 128 bytes cover the three attribute names (20
     * bytes), the bucket number (at most 21) and the longest sort key (40 + 1 + 32).
     */
    public static final int MAX_ENTRIES_BYTES = 400 * 1024 - 128;

    // Manifest attributes. Counts are not named "entries", which is the bucket items' binary attribute.
    static final String TITLE = "title";
    static final String DESCRIPTION = "description";
    static final String PATIENTS = "patients";
    static final String ENTRY_COUNT = "entryCount";
    static final String ENTRIES_BY_KIND = "entriesByKind";
    static final String BUCKET_ITEMS = "bucketItems";
    static final String ENTRY_SIZE = "entrySize";
    static final String PADDED_BUCKET_SIZE = "paddedBucketSize";
    static final String KEY_ID = "keyId";
    static final String PROTOCOL_VERSION = "protocolVersion";
    static final String BUCKET_BITS = "bucketBits";
    static final String LOAD = "load";
    static final String LOADED_AT = "loadedAt";
    static final String DISCLOSURE = "disclosure";
    static final String EXPOSED_MASK = "exposedMask";
    static final String FACTOR_LABEL_FR = "factorLabelFr";
    static final String FACTOR_LABEL_EN = "factorLabelEn";
    static final String FACTOR_HINT_FR = "factorHintFr";
    static final String FACTOR_HINT_EN = "factorHintEn";
    static final String SERVED_UNTIL = "servedUntil";
    static final String NOTICE = "notice";

    private TableLayout() {
    }

    /** The sort key of the bucket items of {@code load}: {@code D#L}. */
    public static String sortKey(DatasetLoad load) {
        return load.datasetId() + LOAD_SEPARATOR + load.loadIdHex();
    }

    /** The prefix every bucket item's sort key of {@code datasetId} starts with: {@code D#}. */
    public static String datasetPrefix(String datasetId) {
        return datasetId + LOAD_SEPARATOR;
    }

    /**
     * The {@value #TTL_ATTRIBUTE} of the items of a dataset served until {@code servedUntil}:
     * {@code servedUntil} plus {@link #TTL_GRACE}, in epoch seconds.
     */
    public static long expiresAt(Instant servedUntil) {
        return servedUntil.plus(TTL_GRACE).getEpochSecond();
    }

    /** The primary key of bucket {@code bucket} of {@code load}. */
    public static Map<String, AttributeValue> bucketKey(DatasetLoad load, int bucket) {
        return key(bucket, sortKey(load));
    }

    /** The key of a dataset's manifest item. */
    public static Map<String, AttributeValue> manifestKey(String datasetId) {
        return key(MANIFEST_PARTITION, datasetId);
    }

    /**
     * A bucket item of {@code load} that expires at {@code expiresAt} (epoch seconds, see
     * {@link #expiresAt(Instant)}; the bucket's own {@link StoredBucket#expiresAt()} is not used).
     * The entries are copied, so the caller may reuse its array.
     */
    public static Map<String, AttributeValue> bucketItem(DatasetLoad load, StoredBucket bucket, long expiresAt) {
        if (expiresAt <= 0) {
            throw new IllegalArgumentException("expiresAt: must be positive");
        }
        Map<String, AttributeValue> item = bucketKey(load, bucket.bucket());
        item.put(ENTRIES, AttributeValue.fromB(SdkBytes.fromByteArray(bucket.entries())));
        item.put(TTL_ATTRIBUTE, number(expiresAt));
        return item;
    }

    /**
     * Reads a bucket item (as returned by GetItem or Scan) into bucket number, entries and
     * expiry (0 when the item has no {@value #TTL_ATTRIBUTE}).
     */
    public static StoredBucket storedBucket(Map<String, AttributeValue> item) {
        String sortKey = string(item, DATASET, "bucket item");
        String where = "bucket item " + sortKey;
        int bucket = intNumber(item, BUCKET, where);
        if (bucket < 0) {
            throw malformed(where, BUCKET, "at least 0");
        }
        long expiresAt = item.containsKey(TTL_ATTRIBUTE) ? longNumber(item, TTL_ATTRIBUTE, where) : 0;
        if (expiresAt < 0) {
            throw malformed(where, TTL_ATTRIBUTE, "at least 0");
        }
        return new StoredBucket(bucket, entries(item, where), expiresAt);
    }

    /** The entries of a bucket item. */
    static byte[] entries(Map<String, AttributeValue> item, String where) {
        AttributeValue value = item.get(ENTRIES);
        if (value == null || value.b() == null) {
            throw malformed(where, ENTRIES, "binary");
        }
        // The response is ours alone, so no defensive copy.
        return value.b().asByteArrayUnsafe();
    }

    /** The manifest item of {@code manifest}. */
    public static Map<String, AttributeValue> manifestItem(DatasetManifest manifest) {
        Map<String, AttributeValue> item = manifestKey(manifest.datasetId());
        if (!manifest.title().isEmpty()) {
            item.put(TITLE, AttributeValue.fromS(manifest.title()));
        }
        if (!manifest.description().isEmpty()) {
            item.put(DESCRIPTION, AttributeValue.fromS(manifest.description()));
        }
        item.put(PATIENTS, number(manifest.patients()));
        item.put(ENTRY_COUNT, number(manifest.entries()));
        Map<String, AttributeValue> byKind = new LinkedHashMap<>();
        manifest.entriesByKind().forEach((kind, count) -> byKind.put(kind, number(count)));
        item.put(ENTRIES_BY_KIND, AttributeValue.fromM(byKind));
        item.put(BUCKET_ITEMS, number(manifest.bucketItems()));
        item.put(ENTRY_SIZE, number(manifest.entrySize()));
        item.put(PADDED_BUCKET_SIZE, number(manifest.paddedBucketSize()));
        item.put(KEY_ID, AttributeValue.fromS(manifest.keyId()));
        item.put(PROTOCOL_VERSION, number(manifest.protocolVersion()));
        item.put(BUCKET_BITS, number(manifest.bucketBits()));
        item.put(LOAD, AttributeValue.fromS(manifest.loadId()));
        item.put(LOADED_AT, AttributeValue.fromS(manifest.loadedAt().toString()));
        item.put(DISCLOSURE, AttributeValue.fromS(manifest.disclosure().label()));
        item.put(EXPOSED_MASK, number(manifest.exposedMask()));
        FactorLabel factor = manifest.factor();
        if (factor != null) {
            item.put(FACTOR_LABEL_FR, AttributeValue.fromS(factor.labelFr()));
            item.put(FACTOR_LABEL_EN, AttributeValue.fromS(factor.labelEn()));
            item.put(FACTOR_HINT_FR, AttributeValue.fromS(factor.hintFr()));
            item.put(FACTOR_HINT_EN, AttributeValue.fromS(factor.hintEn()));
        }
        item.put(SERVED_UNTIL, AttributeValue.fromS(manifest.servedUntil().toString()));
        item.put(NOTICE, AttributeValue.fromS(manifest.notice()));
        item.put(TTL_ATTRIBUTE, number(manifest.expiresAt()));
        return item;
    }

    /**
     * Reads a manifest item.
     *
     * @throws StoreException naming the dataset and the attribute if an attribute is missing or
     *                        malformed, never its value
     */
    public static DatasetManifest manifest(Map<String, AttributeValue> item) {
        String datasetId = string(item, DATASET, "manifest");
        String where = "manifest of dataset " + datasetId;
        Map<String, Long> byKind = new LinkedHashMap<>();
        AttributeValue kinds = item.get(ENTRIES_BY_KIND);
        if (kinds == null || !kinds.hasM()) {
            throw malformed(where, ENTRIES_BY_KIND, "a map");
        }
        kinds.m().forEach((kind, count) -> byKind.put(kind, parseLong(count, where, ENTRIES_BY_KIND)));
        DisclosurePolicy disclosure;
        try {
            disclosure = DisclosurePolicy.parse(string(item, DISCLOSURE, where));
        } catch (IllegalArgumentException e) {
            throw malformed(where, DISCLOSURE, "a disclosure policy label");
        }
        FactorLabel factor = null;
        DatasetManifest manifest;
        try {
            if (item.containsKey(FACTOR_LABEL_FR) || item.containsKey(FACTOR_LABEL_EN)
                    || item.containsKey(FACTOR_HINT_FR) || item.containsKey(FACTOR_HINT_EN)) {
                factor = new FactorLabel(string(item, FACTOR_LABEL_FR, where), string(item, FACTOR_LABEL_EN, where),
                        string(item, FACTOR_HINT_FR, where), string(item, FACTOR_HINT_EN, where));
            }
            manifest = new DatasetManifest(
                    datasetId,
                    optionalString(item, TITLE, where),
                    optionalString(item, DESCRIPTION, where),
                    longNumber(item, PATIENTS, where),
                    longNumber(item, ENTRY_COUNT, where),
                    byKind,
                    intNumber(item, BUCKET_BITS, where),
                    intNumber(item, PADDED_BUCKET_SIZE, where),
                    intNumber(item, ENTRY_SIZE, where),
                    string(item, KEY_ID, where),
                    intNumber(item, PROTOCOL_VERSION, where),
                    string(item, LOAD, where),
                    instant(item, LOADED_AT, where),
                    disclosure,
                    intNumber(item, EXPOSED_MASK, where),
                    factor,
                    instant(item, SERVED_UNTIL, where),
                    string(item, NOTICE, where));
        } catch (IllegalArgumentException e) {
            // The record names the field and rule; the value stays out of the message.
            throw new StoreException(where + " is invalid: " + e.getMessage());
        }
        if (longNumber(item, BUCKET_ITEMS, where) != manifest.bucketItems()) {
            throw malformed(where, BUCKET_ITEMS, "2^bucketBits");
        }
        return manifest;
    }

    /** Checks that entries are present, non-empty and fit in one item. */
    static byte[] checkEntries(byte[] entries) {
        if (entries == null || entries.length == 0) {
            throw new IllegalArgumentException("entries: must not be empty");
        }
        if (entries.length > MAX_ENTRIES_BYTES) {
            throw new IllegalArgumentException("entries: must be at most " + MAX_ENTRIES_BYTES
                    + " bytes (DynamoDB item limit)");
        }
        return entries;
    }

    private static Map<String, AttributeValue> key(int bucket, String sortKey) {
        Map<String, AttributeValue> key = new HashMap<>(4);
        key.put(BUCKET, number(bucket));
        key.put(DATASET, AttributeValue.fromS(sortKey));
        return key;
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static String string(Map<String, AttributeValue> item, String name, String where) {
        AttributeValue value = item.get(name);
        if (value == null || value.s() == null) {
            throw malformed(where, name, "a string");
        }
        return value.s();
    }

    private static String optionalString(Map<String, AttributeValue> item, String name, String where) {
        return item.containsKey(name) ? string(item, name, where) : "";
    }

    private static long longNumber(Map<String, AttributeValue> item, String name, String where) {
        AttributeValue value = item.get(name);
        if (value == null) {
            throw malformed(where, name, "a number");
        }
        return parseLong(value, where, name);
    }

    private static int intNumber(Map<String, AttributeValue> item, String name, String where) {
        long value = longNumber(item, name, where);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw malformed(where, name, "a 32-bit integer");
        }
        return (int) value;
    }

    private static long parseLong(AttributeValue value, String where, String name) {
        if (value.n() == null) {
            throw malformed(where, name, "a number");
        }
        try {
            return Long.parseLong(value.n());
        } catch (NumberFormatException e) {
            throw malformed(where, name, "an integer");
        }
    }

    private static Instant instant(Map<String, AttributeValue> item, String name, String where) {
        try {
            return Instant.parse(string(item, name, where));
        } catch (DateTimeParseException e) {
            throw malformed(where, name, "an ISO-8601 instant");
        }
    }

    private static StoreException malformed(String where, String attribute, String expected) {
        return new StoreException(where + ": attribute '" + attribute + "' must be " + expected);
    }
}
