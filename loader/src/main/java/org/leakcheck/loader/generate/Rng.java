package org.leakcheck.loader.generate;

/**
 * SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014),
 * written out here rather than taken from {@link java.util.SplittableRandom} so that a seed gives
 * the same file on every JDK: the generated leak is a test fixture and must never drift.
 *
 * <p>Each patient gets its own generator, derived from the seed, a stream number and the patient
 * index, so a patient does not depend on the ones before it. Not cryptographic, and it need not be.
 */
final class Rng {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    /** An independent generator for item {@code index} of stream {@code stream} under {@code seed}. */
    static Rng of(long seed, long stream, long index) {
        return new Rng(mix(mix(seed ^ mix(stream * GOLDEN_GAMMA + 1)) + index * GOLDEN_GAMMA));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform in [0, bound), bound &gt; 0 (multiply-shift; the bias is below 2^-32 and irrelevant here). */
    int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Uniform in [min, max]. */
    int between(int min, int max) {
        return min + nextInt(max - min + 1);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** True with probability {@code p}. */
    boolean chance(double p) {
        return nextDouble() < p;
    }

    /** A uniformly chosen element. */
    <T> T pick(T[] items) {
        return items[nextInt(items.length)];
    }
}
