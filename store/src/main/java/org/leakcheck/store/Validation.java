package org.leakcheck.store;

import java.util.regex.Pattern;

/** Argument checks shared by the store's types; messages name the field and the rule, never the value. */
final class Validation {

    /** Dataset ids as the protocol defines them: ASCII {@code [a-z0-9-]{3,40}}. */
    private static final Pattern DATASET_ID = Pattern.compile("[a-z0-9-]{3,40}");

    private Validation() {
    }

    static String datasetId(String datasetId) {
        if (datasetId == null || !DATASET_ID.matcher(datasetId).matches()) {
            throw new IllegalArgumentException("datasetId: must match [a-z0-9-]{3,40}");
        }
        return datasetId;
    }

    static int bucket(int bucket) {
        if (bucket < 0 || bucket >= (1 << TableLayout.MAX_BUCKET_BITS)) {
            throw new IllegalArgumentException("bucket: must be in [0, 2^" + TableLayout.MAX_BUCKET_BITS + ")");
        }
        return bucket;
    }

    static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": must not be null");
        }
        return value;
    }

    static long notNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + ": must not be negative");
        }
        return value;
    }
}
