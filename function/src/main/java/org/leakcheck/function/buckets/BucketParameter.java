package org.leakcheck.function.buckets;

import org.leakcheck.function.http.Problem;
import org.leakcheck.function.http.ProblemException;

/**
 * The {bucket} path parameter: a decimal integer in [0, 2^B) written one way only, without sign,
 * leading zeros, spaces or any other character, so that each bucket has exactly one URL (and one
 * CDN cache entry).
 */
public final class BucketParameter {

    /** 2^24 - 1, the largest bucket of the largest B, has 8 digits. */
    private static final int MAX_DIGITS = 8;

    private BucketParameter() {
    }

    /**
     * @throws ProblemException {@code bucket.format} or {@code bucket.range}
     */
    public static int parse(String raw, int bucketBits) throws ProblemException {
        if (raw == null || raw.isEmpty()) {
            throw Problem.BUCKET_FORMAT.exception();
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                throw Problem.BUCKET_FORMAT.exception();
            }
        }
        if (raw.length() > 1 && raw.charAt(0) == '0') {
            throw Problem.BUCKET_FORMAT.exception();
        }
        if (raw.length() > MAX_DIGITS) {
            throw Problem.BUCKET_RANGE.exception();
        }
        int bucket = Integer.parseInt(raw);
        if (bucket >= 1 << bucketBits) {
            throw Problem.BUCKET_RANGE.exception();
        }
        return bucket;
    }
}
