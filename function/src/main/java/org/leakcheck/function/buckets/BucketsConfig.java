package org.leakcheck.function.buckets;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

import org.leakcheck.function.PartnerBatchLimit;
import org.leakcheck.protocol.keys.PinnedKey;

/**
 * Settings of the buckets function.
 *
 * @param publicKey   the deployment's public key: {@code /v2/info} publishes it, and only datasets
 *                    whose manifest names its key id are served. Never the secret.
 * @param batchLimit  the registered callers' limit, announced as {@code batch.limit} (the public's is {@code batch.page})
 * @param manifestTtl how long the manifests are reused before they are read again, at most
 *                    {@link #MAX_MANIFEST_TTL}
 * @param nanoClock   monotonic clock for the TTL ({@code System::nanoTime} outside tests)
 * @param clock       wall clock for the end dates: a dataset whose {@code servedUntil} has come is
 *                    listed as ended and its buckets are no longer served; the {@code max-age} of
 *                    the answers is capped at the time left ({@link Clock#systemUTC()} outside tests)
 */
public record BucketsConfig(PinnedKey publicKey, PartnerBatchLimit batchLimit, Duration manifestTtl, LongSupplier nanoClock,
                            Clock clock) {

    /**
     * A reload is served, and the load it replaced stops being served, within this time. It is
     * also the {@code max-age} of {@code /v2/info}, so a client never holds a load for longer
     * than two of these.
     */
    public static final Duration MAX_MANIFEST_TTL = Duration.ofSeconds(60);

    public BucketsConfig {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(batchLimit, "batchLimit");
        Objects.requireNonNull(nanoClock, "nanoClock");
        Objects.requireNonNull(clock, "clock");
        if (manifestTtl.isNegative() || manifestTtl.compareTo(MAX_MANIFEST_TTL) > 0) {
            throw new IllegalArgumentException("manifestTtl: must be from 0 to " + MAX_MANIFEST_TTL.toSeconds() + " s");
        }
    }

    /** These settings with the system's wall clock. */
    public BucketsConfig(PinnedKey publicKey, PartnerBatchLimit batchLimit, Duration manifestTtl, LongSupplier nanoClock) {
        this(publicKey, batchLimit, manifestTtl, nanoClock, Clock.systemUTC());
    }

    /** The public key and batch limit, with the longest TTL and the system clocks. */
    public static BucketsConfig of(PinnedKey publicKey, PartnerBatchLimit batchLimit) {
        return new BucketsConfig(publicKey, batchLimit, MAX_MANIFEST_TTL, System::nanoTime, Clock.systemUTC());
    }

    /** The same settings with another manifest TTL (the local server's short one). */
    public BucketsConfig withManifestTtl(Duration ttl) {
        return new BucketsConfig(publicKey, batchLimit, ttl, nanoClock, clock);
    }

    /** The same settings with another wall clock (tests of end dates). */
    public BucketsConfig withClock(Clock wallClock) {
        return new BucketsConfig(publicKey, batchLimit, manifestTtl, nanoClock, wallClock);
    }
}
