package org.leakcheck.protocol.oprf;

import java.math.BigInteger;

import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.raw.Nat256;

import org.leakcheck.protocol.oprf.P256SecretMultiplier.Fe;
import org.leakcheck.protocol.oprf.P256SecretMultiplier.Multiplication;

/**
 * {@code k * G} on P-256 for a secret scalar {@code k} (the proof nonce, a private key), with
 * a sequence of operations and memory accesses that do not depend on {@code k}: a fixed-base
 * method on {@link P256SecretMultiplier}'s field arithmetic, recoding, tables and formulas,
 * with precomputed tables instead of doublings. About twice as fast as Bouncy Castle's
 * {@code FixedPointCombMultiplier} (23 against 50 us under C2, JDK 17, x86-64).
 *
 * <h2>Method</h2>
 * <ol>
 *   <li><b>Recoding</b>, as in {@link P256SecretMultiplier}: an even {@code k} becomes the odd
 *       {@code k' = n - k} and the result is negated at the end (with masks); then
 *       {@code k' = 2^255 + sum(d_i 32^i, i = 0..50)} with every digit odd in [-31, 31].</li>
 *   <li><b>Tables</b>, built once per JVM on first use: for each position i = 0..50 the 16
 *       odd multiples (2j + 1) 32^i G, affine, with {@link Multiplication}'s co-Z construction;
 *       and the points 2^255 G and 2^256 G. 51 x 16 entries of 10 limbs, 65 KB. The 53 powers
 *       32^i G are made affine with one simultaneous inversion, and so are the 51 tables.</li>
 *   <li><b>Sum</b>: the accumulator starts at d_0 G, then for i = 1..50 adds d_i 32^i G,
 *       read from table i with a full masked lookup, then adds 2^255 G: 51 mixed additions
 *       (EFD {@code madd-2007-bl}), no doubling.</li>
 *   <li><b>Result</b>: one inversion, and the negation of step 1 with a mask.</li>
 * </ol>
 *
 * <h2>Exceptional cases</h2>
 * The mixed addition is wrong only when the accumulator equals plus or minus the point added.
 * When d_i 32^i G is added (1 <= i <= 50), the accumulator is L_i G with
 * L_i = sum(d_j 32^j, j < i): L_i is odd and |L_i| <= 32^i - 1, while
 * 32^i <= |d_i 32^i| <= 31 32^i. So L_i -/+ d_i 32^i is non-zero and below 32^(i+1) <= 2^255 < n
 * in magnitude: never 0 mod n. For the last addition, of 2^255 G to L_51 G with
 * L_51 = k' - 2^255, the sum k' G is not the identity (1 <= k' < n); the accumulator equals
 * 2^255 G when k' - 2^256 = 0 mod n, that is for the single odd value k' = k* = 2^256 - n
 * (k' - 2^256 lies in (-2^256, n - 2^256), where -n is the only multiple of n). For that k' the
 * addition gives garbage, and the correct k* G = 2^256 G, precomputed, is selected instead by a
 * mask computed from a constant-time comparison of k' with k*; every other k' selects the sum.
 * The tests check both scalars that reach k* (k* itself and n - k*).
 *
 * <h2>Why the time does not depend on k</h2>
 * The same argument as {@link P256SecretMultiplier}'s: a fixed sequence of 51 additions on
 * branch-free field operations, lookups that read all 16 entries of a table in order, masks for
 * the signs, the negation and the exceptional selection, Bouncy Castle's constant-time
 * inversion. The tables depend only on G.
 *
 * <h2>Cold start</h2>
 * The tables cost about 12,000 field multiplications and two inversions, once, on the first
 * call ({@link Tables} is initialised on demand): 2 to 6 ms measured in a fresh JVM (JDK 17, C1
 * only or tiered), about what Bouncy Castle's comb spends on its own first-call precomputation
 * of G (4.5 to 7 ms).
 */
final class P256GeneratorMultiplier {

    /** Positions 0..50: one table of odd multiples per window of the recoding. */
    private static final int POSITIONS = P256SecretMultiplier.DIGITS;

    /** k* = 2^256 - n, the one odd scalar for which the last addition is a doubling. */
    private static final int[] K_STAR_WORDS = Nat256.fromBigInteger(
            BigInteger.ONE.shiftLeft(256).subtract(P256Group.ORDER));

    private P256GeneratorMultiplier() {
    }

    /**
     * {@code scalar * G}, in time and with memory accesses independent of {@code scalar}.
     *
     * @param scalar the secret, in [1, n - 1]
     * @return the product, normalised (affine)
     * @throws IllegalArgumentException if the scalar is out of range
     */
    static ECPoint multiply(BigInteger scalar) {
        int[] k = P256SecretMultiplier.scalarWords(scalar);
        // Method step 1.
        long negate = P256SecretMultiplier.makeOdd(k);
        long exceptional = equalMask(k, K_STAR_WORDS);
        int[] digits = P256SecretMultiplier.recode(k);
        long[] table = Tables.TABLE;
        // The accumulator and scratch values; its own point and table are not used.
        Multiplication acc = new Multiplication(Tables.TOP_X, Tables.TOP_Y);
        // Method step 3: acc = d_0 G, then + d_i 32^i G, then + 2^255 G.
        acc.lookup(table, 0, digits[0]);
        Fe.copy(acc.x, acc.qx);          //                         < 1.1
        Fe.copy(acc.y, acc.qy);
        Fe.fold(acc.y);                  // a negated y is below 2p; < 1.0001
        Fe.copy(acc.z, Fe.ONE);
        for (int i = 1; i < POSITIONS; i++) {
            acc.lookup(table, i * P256SecretMultiplier.TABLE_LIMBS, digits[i]);
            acc.addAffine();
        }
        Fe.copy(acc.qx, Tables.TOP_X);
        Fe.copy(acc.qy, Tables.TOP_Y);
        acc.addAffine();
        // The exceptional case: k' = k*, whose product is 2^256 G.
        Fe.select(acc.x, acc.x, Tables.EXCEPTIONAL_X, exceptional);
        Fe.select(acc.y, acc.y, Tables.EXCEPTIONAL_Y, exceptional);
        Fe.select(acc.z, acc.z, Fe.ONE, exceptional);
        // Method step 4.
        BigInteger[] xy = acc.toAffine(negate);
        return P256Group.CURVE.createPoint(xy[0], xy[1]);
    }

    /** All ones when the eight words are equal, else 0, without a data-dependent branch. */
    private static long equalMask(int[] a, int[] b) {
        int difference = 0;
        for (int i = 0; i < 8; i++) {
            difference |= a[i] ^ b[i];
        }
        // (d | -d) has its top bit set exactly when d != 0.
        return ((long) ((difference | -difference) >>> 31)) - 1;
    }

    /**
     * The precomputed multiples of G, built when first used (the holder idiom: the JVM
     * initialises this class once, thread-safely, on the first read of a field).
     */
    static final class Tables {

        /** Position i, entry j at (16 i + j) 10 limbs: (2j + 1) 32^i G, affine, Montgomery. */
        static final long[] TABLE = new long[POSITIONS * P256SecretMultiplier.TABLE_LIMBS];
        /** 2^255 G, the weight of the top digit. */
        static final long[] TOP_X;
        static final long[] TOP_Y;
        /** 2^256 G = k* G. */
        static final long[] EXCEPTIONAL_X;
        static final long[] EXCEPTIONAL_Y;

        static {
            ECPoint g = P256Group.GENERATOR.normalize();
            long[] gx = Fe.toMontgomery(g.getAffineXCoord().toBigInteger());
            long[] gy = Fe.toMontgomery(g.getAffineYCoord().toBigInteger());
            // 2^(5i) G for i = 0..51 and 2^256 G, Jacobian, by doublings.
            int powers = POSITIONS + 2;
            long[][] px = new long[powers][];
            long[][] py = new long[powers][];
            long[][] pz = new long[powers][];
            Multiplication chain = new Multiplication(gx, gy);
            Fe.copy(chain.x, gx);
            Fe.copy(chain.y, gy);
            Fe.copy(chain.z, Fe.ONE);
            for (int i = 0; i < powers; i++) {
                if (i > 0) {
                    int doublings = i == powers - 1 ? 1 : P256SecretMultiplier.WINDOW_BITS;
                    for (int d = 0; d < doublings; d++) {
                        chain.twice();
                    }
                }
                px[i] = chain.x.clone();
                py[i] = chain.y.clone();
                pz[i] = chain.z.clone();   // < 1.28 after a doubling, 1 for G
            }
            // One inversion makes them all affine.
            Fe.invertAll(pz);
            long[] t = new long[Fe.LIMBS];
            for (int i = 0; i < powers; i++) {
                Fe.sqr(t, pz[i]);
                Fe.mul(px[i], px[i], t);    // X / Z^2                < 1.1
                Fe.mul(t, t, pz[i]);
                Fe.mul(py[i], py[i], t);    // Y / Z^3                < 1.1
            }
            // The 51 tables, made affine with one more inversion.
            Multiplication[] tables = new Multiplication[POSITIONS];
            long[][] lastZ = new long[POSITIONS][];
            for (int i = 0; i < POSITIONS; i++) {
                tables[i] = new Multiplication(px[i], py[i]);
                lastZ[i] = tables[i].prepareTable();
            }
            Fe.invertAll(lastZ);
            for (int i = 0; i < POSITIONS; i++) {
                tables[i].finishTable(lastZ[i]);
                System.arraycopy(tables[i].table, 0, TABLE, i * P256SecretMultiplier.TABLE_LIMBS,
                        P256SecretMultiplier.TABLE_LIMBS);
            }
            TOP_X = px[POSITIONS];
            TOP_Y = py[POSITIONS];
            EXCEPTIONAL_X = px[POSITIONS + 1];
            EXCEPTIONAL_Y = py[POSITIONS + 1];
        }

        private Tables() {
        }
    }
}
