package org.leakcheck.function.buckets;

import java.util.List;

import org.leakcheck.function.http.Problem;
import org.leakcheck.function.http.ProblemException;
import org.leakcheck.protocol.lookup.DatasetIds;
import org.leakcheck.protocol.lookup.DatasetLoad;

/**
 * The parameters of {@code /v2/buckets/{dataset}/{load}/{bucket}}, each written one way only, so
 * that each item has exactly one URL (and one CDN cache entry): a dataset id, a load id of 32
 * lower-case hex characters, and a decimal bucket without sign, leading zeros, spaces or any
 * other character. Whether the bucket is in range depends on the dataset's bucket bits, checked
 * once the dataset is known to be served.
 *
 * @param dataset the dataset id
 * @param load    the load id, lower-case hex
 * @param bucket  the bucket number; {@link Integer#MAX_VALUE} for a number of more than 8 digits,
 *                which is out of the range of every B_D (at most 2^24 buckets)
 */
public record BucketPath(String dataset, String load, int bucket) {

    /** 2^24 - 1, the last bucket of the largest B_D, has 8 digits: any longer number is out of every range. */
    private static final int MAX_DIGITS = 8;

    /**
     * @param parameters the raw dataset, load and bucket texts of the path
     * @throws ProblemException {@code dataset.format}, {@code load.format} or {@code bucket.format},
     *                          checked in that order
     */
    public static BucketPath parse(List<String> parameters) throws ProblemException {
        String dataset = parameters.get(0);
        String load = parameters.get(1);
        String raw = parameters.get(2);
        if (!DatasetIds.isValid(dataset)) {
            throw Problem.DATASET_FORMAT.exception();
        }
        if (!DatasetLoad.isValidLoadId(load)) {
            throw Problem.LOAD_FORMAT.exception();
        }
        if (raw.isEmpty() || raw.length() > 1 && raw.charAt(0) == '0') {
            throw Problem.BUCKET_FORMAT.exception();
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                throw Problem.BUCKET_FORMAT.exception();
            }
        }
        return new BucketPath(dataset, load, raw.length() > MAX_DIGITS ? Integer.MAX_VALUE : Integer.parseInt(raw));
    }
}
