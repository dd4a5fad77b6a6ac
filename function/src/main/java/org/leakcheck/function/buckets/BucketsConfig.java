package org.leakcheck.function.buckets;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.leakcheck.protocol.lookup.Buckets;

/**
 * Settings of the buckets function.
 *
 * @param bucketBits  B: buckets are [0, 2^B); only datasets loaded with this B are served
 * @param keyId       the key id announced by /v1/info; when empty, that of the newest served manifest
 * @param manifestTtl how long the list of complete datasets is reused before it is queried again
 * @param nanoClock   monotonic clock for the TTL ({@code System::nanoTime} outside tests)
 */
public record BucketsConfig(int bucketBits, Optional<String> keyId, Duration manifestTtl, LongSupplier nanoClock) {

    /** A new dataset shows up within this time; each instance queries the manifests at most once in it. */
    public static final Duration DEFAULT_MANIFEST_TTL = Duration.ofSeconds(60);

    public BucketsConfig {
        Buckets.requireBits(bucketBits);
        if (manifestTtl.isNegative()) {
            throw new IllegalArgumentException("manifestTtl: must not be negative");
        }
    }

    /** B and key id with the default TTL and the system clock. */
    public static BucketsConfig of(int bucketBits, Optional<String> keyId) {
        return new BucketsConfig(bucketBits, keyId, DEFAULT_MANIFEST_TTL, System::nanoTime);
    }
}
