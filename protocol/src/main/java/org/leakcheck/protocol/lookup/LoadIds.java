package org.leakcheck.protocol.lookup;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The load id, derived from the content ({@code docs/protocol.md} §6.3):
 *
 * <pre>
 *   record_e      = u16(len(x_e)) || x_e || u16(mask_e) || u8(scope_e)      every real entry e
 *   contentDigest = sum of SHA-256(CONTENT || 0x00 || record_e) mod 2^256
 *   L             = HMAC-SHA256(paddingKey, LOAD || 0x00 || D || 0x00 || u8(B_D) || contentDigest)[0..16)
 * </pre>
 *
 * {@code scope_e} is the details' scope byte (0x00 kinds, 0x01 membership only, {@link Details}).
 * The same entries, masks and scopes under the same key always give the same id, in whatever order they
 * are added, so reloads converge; any change of content gives an unrelated id. A {@link Digest} is
 * not thread-safe: give each thread its own and {@link Digest#add(Digest) add} them up.
 */
public final class LoadIds {
    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);
    private static final byte[] CONTENT_PREFIX = Labels.with(Labels.CONTENT);

    private LoadIds() {
    }

    /** The load id of dataset {@code datasetId} with {@code bucketBits}, for a finished content digest. */
    public static byte[] derive(byte[] paddingKey, String datasetId, int bucketBits, Digest content) {
        byte[] message = Labels.with(Labels.LOAD, Labels.ascii(DatasetIds.require(datasetId)),
                new byte[] {0, (byte) BucketBits.require(bucketBits)}, content.value());
        return Arrays.copyOf(HmacSha256.mac(paddingKey, message), DatasetLoad.LOAD_ID_SIZE);
    }

    /** The order-independent digest of a load's entries. */
    public static final class Digest {
        private final MessageDigest sha256 = EntryKeys.sha256();
        private BigInteger sum = BigInteger.ZERO;

        /**
         * Adds the entry of canonical identity {@code identity} with exposure bitmask {@code mask}
         * and scope {@code membershipOnly} (0x01 when true, 0x00 otherwise).
         *
         * @throws IllegalArgumentException when the identity or mask is out of range, or a
         *                                  membership-only entry has a non-zero mask
         */
        public void add(byte[] identity, int mask, boolean membershipOnly) {
            if (identity.length > 0xffff || mask < 0 || mask > 0xffff || (membershipOnly && mask != 0)) {
                throw new IllegalArgumentException("identity, mask or scope out of range");
            }
            sha256.update(CONTENT_PREFIX);
            sha256.update(new byte[] {(byte) (identity.length >>> 8), (byte) identity.length});
            sha256.update(identity);
            sha256.update(new byte[] {(byte) (mask >>> 8), (byte) mask,
                    (byte) (membershipOnly ? Details.SCOPE_MEMBERSHIP : Details.SCOPE_KINDS)});
            sum = sum.add(new BigInteger(1, sha256.digest()));
        }

        /** Adds every entry of {@code other}. */
        public void add(Digest other) {
            sum = sum.add(other.sum);
        }

        /**
         * Adds the {@link #value()} of a digest of other entries: the digest is a sum modulo
         * 2^256, so a load can sum its partitions' digests, even from an earlier run.
         *
         * @throws IllegalArgumentException unless {@code value} is 32 bytes
         */
        public void addValue(byte[] value) {
            if (value.length != 32) {
                throw new IllegalArgumentException("a digest value is 32 bytes");
            }
            sum = sum.add(new BigInteger(1, value));
        }

        /** The digest as 32 big-endian bytes. */
        public byte[] value() {
            byte[] raw = sum.mod(MODULUS).toByteArray();
            byte[] out = new byte[32];
            int n = Math.min(raw.length, 32);
            System.arraycopy(raw, raw.length - n, out, 32 - n, n);
            return out;
        }
    }
}
