package org.leakcheck.protocol.oprf;

import java.math.BigInteger;
import java.util.Arrays;

import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Curve;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;
import org.bouncycastle.math.raw.Nat256;

/**
 * {@code k * P} on P-256 (secp256r1, SEC 2 v2 §2.4.2) for a secret scalar {@code k}, with a
 * sequence of operations and memory accesses that do not depend on {@code k}. It gives the same
 * points as Bouncy Castle's {@code ECConstantTimeMultiplier} at nearly twice its speed under C2
 * (1.8 to 1.9 times on x86-64, JDK 17 and 25), by running the same kind of algorithm on its own
 * allocation-free field arithmetic.
 *
 * <h2>Method</h2>
 * <ol>
 *   <li><b>Recoding.</b> An even {@code k} is replaced by {@code n - k}, which is odd, and the
 *       result is negated at the end. An odd {@code k < 2^256} is then
 *       {@code k = 32^51 + sum(d_i 32^i, i = 0..50)} with every digit odd in [-31, 31],
 *       {@code d_i = (((k >> 5i) | 1) mod 64) - 32}: the regular signed-window recoding of Joye
 *       and Tunstall ("Exponent recoding and regular exponentiation algorithms", AFRICACRYPT
 *       2009), width 5. No digit is zero, so every window costs the same.</li>
 *   <li><b>Table.</b> The odd multiples P, 3P, ..., 31P. With D = 2P = (X_D : Y_D : Z_D), the
 *       isomorphism (x, y) -> (Z_D^2 x, Z_D^3 y) maps P-256 to a curve on which D is the affine
 *       point (X_D, Y_D) and P is (Z_D^2 x, Z_D^3 y); the Jacobian addition formulas do not
 *       involve the curve's coefficients, so they work there unchanged (the trick of
 *       libsecp256k1's odd-multiples table). P and D start with the same Z = 1, so each step is
 *       a co-Z addition, XYCZ-ADD (Goundar, Joye, Miyaji, Rivain, Venelli, "Scalar
 *       multiplication on Weierstrass elliptic curves from Co-Z arithmetic", J. Cryptographic
 *       Engineering 2011, after Meloni 2007), 4M + 2S. One inversion and the recorded Z ratios
 *       then make all 15 new entries affine (Montgomery's simultaneous inversion, whose forward
 *       pass the ratios make free).</li>
 *   <li><b>Main loop.</b> The top digit is 1, so the accumulator starts at 32P, computed as
 *       31P + P (one addition instead of five doublings). Then for i = 50 down to 0: add
 *       {@code d_i P}, fetched from the table and negated with a mask when {@code d_i < 0}, and
 *       unless i = 0 double five times. That is 250 doublings and 52 mixed additions; the
 *       formulas are EFD's (hyperelliptic.org/EFD, "Jacobian coordinates with a4 = -3")
 *       {@code dbl-2001-b} and {@code madd-2007-bl}, with {@code Z3} taken as one
 *       multiplication (2 Y1 Z1, and Z1 2H), constant factors moved into the linear steps, and
 *       the last product pair of Y3 reduced once ("lazy reduction").</li>
 *   <li><b>Result.</b> One inversion gives the affine point. SEC 1 v2 §2.2.1 gives the group law
 *       these formulas compute; Bouncy Castle encodes the result (SEC 1 §2.3.3) as before.</li>
 * </ol>
 *
 * <h2>Exceptional cases</h2>
 * The addition formulas fail only when the two points are equal, opposite or at infinity, and
 * none of the additions here can meet that. When d_i P is added, the accumulator holds
 * 32 k_(i+1) P with k_(i+1) = (k >> 5(i+1)) | 1, odd and positive, and 32 k_(i+1) + d_i = k_i.
 * For i >= 1, 32 <= 32 k_(i+1) <= 2^251 and |d_i| <= 31, so 32 k_(i+1) = ±d_i (mod n) is
 * impossible. For i = 0 the accumulator is not infinity (32 k_1 is even, n odd), and
 * 32 k_1 = -d_0 would need k = 0, while 32 k_1 = d_0 (mod n) would need the odd k to be
 * n + 2 d_0 with d_0 negative; but then k = 17 - 2|d_0| (mod 64), since n = 17 (mod 64), and its
 * lowest digit (k mod 64) - 32 differs from d_0 = -|d_0| for every odd |d_0| <= 31 (the tests
 * check all 16). The first addition, 31P + P, and the table steps, (2j - 1)P + 2P, are regular
 * too. So the incomplete formulas are exact for every k in [1, n - 1], with nothing to select
 * at the end.
 *
 * <h2>Field arithmetic</h2>
 * Elements of GF(p), p = 2^256 - 2^224 + 2^192 + 2^96 - 1, are five signed 64-bit limbs in radix
 * 2^52, in Montgomery form x 2^260 mod p, loosely reduced ({@link Fe}). Products use
 * {@code Math.multiplyHigh}, one instruction under C2, on one operand shifted left by 9 bits:
 * {@code multiplyHigh(a << 9, b) = floor(a b / 2^55)} exactly, for signed limbs, with no
 * unsigned correction, and the low parts of a column come from the wrapped sum of the low
 * products. The Montgomery reduction needs no multiplication: p = -1 mod 2^96, so each of the
 * five quotient digits is the low limb itself and adding m p is adding four shifted copies of m.
 * A product is below a b / 2^260 + p, and since 2^260 > 16 p, operands below 4p give a result
 * below 2p: the bounds written next to each step of the formulas, in units of p, show that every
 * operand stays within what the next operation accepts, and a fold of the bits above 2^256 brings
 * a sum back below 1.0001 p where needed. Only the two inversions use Bouncy Castle
 * ({@link SecP256R1Field#inv}, the constant-time safegcd of {@code Mod}). C1 does not intrinsify
 * {@code Math.multiplyHigh}, so under C1 alone ({@code -XX:TieredStopAtLevel=1}, as the Lambda
 * functions run) the gain over Bouncy Castle shrinks to about a tenth.
 *
 * <h2>Why the time does not depend on k</h2>
 * <ul>
 *   <li>The sequence of operations is fixed: the table, one addition, 50 windows of one
 *       addition and five doublings, a last addition, two inversions. No branch depends on a
 *       value derived from {@code k}: choosing between {@code k} and {@code n - k}, the sign and
 *       magnitude of each digit and the final negation are masks, {@code (a & ~m) | (b & m)},
 *       computed with shifts and subtractions, never with comparisons, {@code ?:} or
 *       {@code Math.abs}.</li>
 *   <li>Each table lookup reads all 16 entries in the same order and keeps one with a mask, so
 *       the memory addresses touched do not depend on the digit (no cache-timing leak).</li>
 *   <li>Field operations are straight-line code on fixed-size limbs (adds, shifts, masks and
 *       64-bit multiplications, constant-time on x86-64 and arm64). Nothing is conditionally
 *       subtracted: values stay loosely reduced, and the canonical reduction before an inversion
 *       and for the output selects with a mask. The inversion is Bouncy Castle's constant-time
 *       one.</li>
 *   <li>The scalar arrives as a {@link BigInteger}: reading it into eight words costs time that
 *       depends on its length in {@code int}s (as in Bouncy Castle's own multipliers), not on its
 *       bits. The range check 1 <= k < n is branch-free up to the final accept-or-throw.</li>
 * </ul>
 * The point (for BlindEvaluate, the client's blinded element) and the result are public, so the
 * branches on them (infinity, normalisation) tell nothing about {@code k}.
 *
 * <h2>Batches</h2>
 * {@link #prepare} builds the tables of several points with one inversion; {@link #multiplyAll}
 * (one scalar, many points) and {@link #multiplyEach} (one point, many scalars) run the same
 * constant-time steps 1, 3 and 4 on them, with one inversion for all the results. The tables hold
 * multiples of public points only, so {@link P256PublicMultiplier} may read the same tables in
 * variable time for a public sum; {@link P256GeneratorMultiplier} reuses the construction for
 * its fixed tables of G.
 */
final class P256SecretMultiplier {

    /** n, the order of the P-256 group (SEC 2 v2 §2.4.2), as little-endian 32-bit words. */
    static final int[] ORDER_WORDS = Nat256.fromBigInteger(new BigInteger(
            "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16));

    static final int WINDOW_BITS = 5;
    /** Digits d_0 .. d_50 below the top digit, which is always 1. */
    static final int DIGITS = 51;
    /** Odd multiples P, 3P, ..., 31P. */
    static final int TABLE_SIZE = 16;
    /** An affine table entry: x limbs, then y limbs. */
    static final int ENTRY_LIMBS = 2 * Fe.LIMBS;
    /** The limbs of one table of {@link #TABLE_SIZE} entries. */
    static final int TABLE_LIMBS = TABLE_SIZE * ENTRY_LIMBS;

    private P256SecretMultiplier() {
    }

    /**
     * {@code scalar * point}, in time and with memory accesses independent of {@code scalar}.
     *
     * @param point  a point of P-256 (on Bouncy Castle's {@link SecP256R1Curve}); public
     * @param scalar the secret, in [1, n - 1]
     * @return the product, normalised (affine)
     * @throws IllegalArgumentException if the point is on another curve or the scalar is out of range
     */
    static ECPoint multiply(ECPoint point, BigInteger scalar) {
        ECCurve curve = point.getCurve();
        if (!(curve instanceof SecP256R1Curve)) {
            throw new IllegalArgumentException("point is not on P-256");
        }
        int[] k = scalarWords(scalar);
        if (point.isInfinity()) {
            return point;
        }
        ECPoint affine = point.normalize();
        byte[] encoded = new byte[2 * Fe.BYTES];
        affine.getAffineXCoord().encodeTo(encoded, 0);
        affine.getAffineYCoord().encodeTo(encoded, Fe.BYTES);
        BigInteger[] xy = new Multiplication(encoded).run(k);
        return curve.createPoint(xy[0], xy[1]);
    }

    /**
     * Method step 2 for several points at once, with one inversion for all their tables: for a
     * batch, whose points are then multiplied by {@link #multiplyAll} and may be summed by
     * {@link P256PublicMultiplier#sumOfMultiples(Multiplication[], BigInteger[])} on the same
     * tables.
     *
     * @param points points of P-256, none the identity; public
     * @throws IllegalArgumentException if a point is on another curve or is the identity
     */
    static Multiplication[] prepare(ECPoint[] points) {
        Multiplication[] tables = new Multiplication[points.length];
        long[][] lastZ = new long[points.length][];
        for (int i = 0; i < points.length; i++) {
            ECPoint point = points[i];
            if (!(point.getCurve() instanceof SecP256R1Curve) || point.isInfinity()) {
                throw new IllegalArgumentException("point is not a finite point of P-256");
            }
            ECPoint affine = point.normalize();
            byte[] encoded = new byte[2 * Fe.BYTES];
            affine.getAffineXCoord().encodeTo(encoded, 0);
            affine.getAffineYCoord().encodeTo(encoded, Fe.BYTES);
            tables[i] = new Multiplication(encoded);
            lastZ[i] = tables[i].prepareTable();
        }
        Fe.invertAll(lastZ);
        for (int i = 0; i < points.length; i++) {
            tables[i].finishTable(lastZ[i]);
        }
        return tables;
    }

    /**
     * {@code scalar * P} for every prepared point P, constant-time in {@code scalar} like
     * {@link #multiply}, with one inversion for all the results.
     *
     * @param scalar the secret, in [1, n - 1]
     * @return the products, normalised, in the order of {@code prepared}
     */
    static ECPoint[] multiplyAll(Multiplication[] prepared, BigInteger scalar) {
        int[] k = scalarWords(scalar);
        int count = prepared.length;
        long[][] jacobian = new long[3 * count][];
        long[] negate = new long[count];
        for (int i = 0; i < count; i++) {
            negate[i] = prepared[i].runToJacobian(k.clone());
            prepared[i].saveAccumulator(jacobian, 3 * i);
        }
        return affineAll(jacobian, negate);
    }

    /**
     * {@code scalars[i] * P} for one prepared point P, constant-time in the scalars, on one
     * table and with one inversion for all the results.
     *
     * @param scalars the secrets, each in [1, n - 1]
     * @return the products, normalised, in the order of {@code scalars}
     */
    static ECPoint[] multiplyEach(Multiplication prepared, BigInteger... scalars) {
        int count = scalars.length;
        int[][] words = new int[count][];
        for (int i = 0; i < count; i++) {
            words[i] = scalarWords(scalars[i]);
        }
        long[][] jacobian = new long[3 * count][];
        long[] negate = new long[count];
        for (int i = 0; i < count; i++) {
            negate[i] = prepared.runToJacobian(words[i]);
            prepared.saveAccumulator(jacobian, 3 * i);
        }
        return affineAll(jacobian, negate);
    }

    /** Method step 4 for several accumulators (X, Y, Z in turn) with one inversion. */
    private static ECPoint[] affineAll(long[][] jacobian, long[] negate) {
        int count = negate.length;
        long[][] zs = new long[count][];
        for (int i = 0; i < count; i++) {
            zs[i] = jacobian[3 * i + 2];
        }
        Fe.invertAll(zs);
        ECPoint[] products = new ECPoint[count];
        for (int i = 0; i < count; i++) {
            BigInteger[] xy = Multiplication.affine(jacobian[3 * i], jacobian[3 * i + 1], zs[i], negate[i]);
            products[i] = P256Group.CURVE.createPoint(xy[0], xy[1]);
        }
        return products;
    }

    /**
     * The scalar as eight little-endian words, after a branch-free check that it lies in
     * [1, n - 1]: the borrow of k - n and the OR of the words are combined, and only the verdict
     * is branched on.
     */
    static int[] scalarWords(BigInteger scalar) {
        if (scalar.signum() < 0 || scalar.bitLength() > 256) {
            throw new IllegalArgumentException("scalar must be in [1, n - 1]");
        }
        int[] k = Nat256.fromBigInteger(scalar);
        int belowOrder = -Nat256.sub(k, ORDER_WORDS, new int[8]); // 1 when k < n (a borrow)
        int any = 0;
        for (int word : k) {
            any |= word;
        }
        int nonZero = (any | -any) >>> 31;
        if ((belowOrder & nonZero) != 1) {
            throw new IllegalArgumentException("scalar must be in [1, n - 1]");
        }
        return k;
    }

    /**
     * Method step 1: replaces an even {@code k} by {@code n - k}, in place and with a mask, and
     * returns the mask, all ones when the result must be negated.
     */
    static long makeOdd(int[] k) {
        int[] complement = new int[8];
        Nat256.sub(ORDER_WORDS, k, complement);
        int even = (k[0] & 1) - 1; // -1 when k is even, else 0
        for (int i = 0; i < 8; i++) {
            k[i] = (k[i] & ~even) | (complement[i] & even);
        }
        return even;
    }

    /**
     * Method step 1: the digits d_0 .. d_50 of an odd {@code k}, each odd in [-31, 31],
     * {@code d_i = (((k >> 5i) | 1) mod 64) - 32}. Which words and shifts are read depends on
     * i only; a zero word above the top makes every window a read of two words.
     */
    static int[] recode(int[] k) {
        int[] words = Arrays.copyOf(k, k.length + 1);
        int[] digits = new int[DIGITS];
        for (int i = 0; i < DIGITS; i++) {
            int bit = WINDOW_BITS * i;
            int word = bit >>> 5;
            long pair = (words[word] & 0xFFFFFFFFL) | ((long) words[word + 1] << 32);
            int window = (int) (pair >>> (bit & 31)) & 63;
            digits[i] = (window | 1) - 32;
        }
        return digits;
    }

    /**
     * One multiplication: the accumulator, the table and the scratch values, allocated once per
     * call so that the formulas themselves never allocate. The bound after each step is in
     * units of p and holds for all inputs; {@link Fe} states what each operation accepts.
     *
     * <p>Package-private so that {@link P256GeneratorMultiplier} and {@link P256PublicMultiplier}
     * reuse the table construction and the formulas: the accumulator, the point added and
     * the scratch values are then theirs, one instance per call.
     */
    static final class Multiplication {

        private final long[] px;
        private final long[] py;

        /** Entry j = (2j + 1) P, affine and in Montgomery form: x limbs, then y limbs. */
        final long[] table = new long[TABLE_LIMBS];

        // The accumulator, Jacobian (X : Y : Z): x = X / Z^2, y = Y / Z^3.
        final long[] x = new long[Fe.LIMBS];
        final long[] y = new long[Fe.LIMBS];
        final long[] z = new long[Fe.LIMBS];

        // The affine point added to it, from the table.
        final long[] qx = new long[Fe.LIMBS];
        final long[] qy = new long[Fe.LIMBS];

        private final long[] t0 = new long[Fe.LIMBS];
        private final long[] t1 = new long[Fe.LIMBS];
        private final long[] t2 = new long[Fe.LIMBS];
        private final long[] t3 = new long[Fe.LIMBS];
        private final long[] t4 = new long[Fe.LIMBS];
        private final long[] t5 = new long[Fe.LIMBS];
        private final long[] t6 = new long[Fe.LIMBS];
        /** After {@link #addAffine}: r / 2 = S2 - Y1, zero (mod p) exactly when acc was Q. */
        final long[] t7 = new long[Fe.LIMBS];

        // Between the two halves of the table construction: the Jacobian entries and Z ratios.
        private long[][] entries;
        private long[][] lambdas;

        /** From the affine coordinates x then y, each 32 bytes big-endian. */
        Multiplication(byte[] affine) {
            this(Fe.toMontgomery(Fe.fromBytes(affine, 0)),            // < 1.07
                    Fe.toMontgomery(Fe.fromBytes(affine, Fe.BYTES))); // < 1.07
        }

        /** From the affine coordinates in Montgomery form, each below 1.1p. */
        Multiplication(long[] px, long[] py) {
            this.px = px;
            this.py = py;
        }

        BigInteger[] run(int[] k) {
            buildTable();
            return runOnTable(k);
        }

        /**
         * Method steps 1, 3 and 4 on the table already built (by {@link #buildTable} or by
         * {@link #prepareTable} and {@link #finishTable}). The table is only read, so several
         * scalars may be run one after the other on one instance.
         */
        BigInteger[] runOnTable(int[] k) {
            return toAffine(runToJacobian(k));
        }

        /**
         * Method steps 1 and 3: leaves {@code k' P} in the accumulator and returns the mask of
         * the negation that step 4 applies. {@code k} is overwritten.
         */
        long runToJacobian(int[] k) {
            long negate = makeOdd(k);
            int[] digits = recode(k);
            startAtThirtyTwoP();
            for (int i = DIGITS - 1; i >= 1; i--) {
                lookup(table, 0, digits[i]);
                addAffine();
                timesThirtyTwo();
            }
            lookup(table, 0, digits[0]);
            addAffine();
            return negate;
        }

        /** Copies X, Y and Z of the accumulator to {@code into[at]}, {@code into[at + 1]}, {@code into[at + 2]}. */
        void saveAccumulator(long[][] into, int at) {
            into[at] = x.clone();
            into[at + 1] = y.clone();
            into[at + 2] = z.clone();
        }

        /** acc = 31P + P, both affine from the table: 32P, the top digit's weight. */
        void startAtThirtyTwoP() {
            int last = (TABLE_SIZE - 1) * ENTRY_LIMBS;
            System.arraycopy(table, last, x, 0, Fe.LIMBS);
            System.arraycopy(table, last + Fe.LIMBS, y, 0, Fe.LIMBS);
            Fe.copy(z, Fe.ONE);
            Fe.copy(qx, px);
            Fe.copy(qy, py);
            addAffine();
        }

        private void timesThirtyTwo() {
            for (int i = 0; i < WINDOW_BITS; i++) {
                twice();
            }
        }

        /** Method step 2, with its own inversion. */
        void buildTable() {
            long[] inverse = new long[Fe.LIMBS];
            Fe.invert(inverse, prepareTable()); //                   < 1.07
            finishTable(inverse);
        }

        /**
         * Method step 2, first half: entry 0 is P, entry j is T_j = T_(j-1) + D' on the
         * isomorphic curve. Returns the Z (below 1.2p) of the last entry on P-256, whose inverse
         * {@link #finishTable} needs: callers with several tables invert all their Zs at once.
         */
        long[] prepareTable() {
            // D = 2P from the affine P.
            Fe.copy(x, px);
            Fe.copy(y, py);
            Fe.copy(z, Fe.ONE);
            twice();
            long[] dz = z.clone();           // Z_D                    < 1.28
            long[] dx = x.clone();           // D' = (X_D, Y_D)        < 1.0001
            long[] dy = y.clone();
            long[] tx = new long[Fe.LIMBS];  // T_0 = P' = (Z_D^2 x, Z_D^3 y)
            long[] ty = new long[Fe.LIMBS];
            Fe.sqr(t0, dz);                  // Z_D^2                  < 1.11
            Fe.mul(tx, px, t0);              //                        < 1.08
            Fe.mul(t0, t0, dz);              // Z_D^3                  < 1.09
            Fe.mul(ty, py, t0);              //                        < 1.08
            long[][] entries = new long[TABLE_SIZE][];
            long[][] lambdas = new long[TABLE_SIZE][];
            long[] commonZ = Fe.ONE.clone(); // Z' shared by T_j and D' after step j
            for (int j = 1; j < TABLE_SIZE; j++) {
                lambdas[j] = new long[Fe.LIMBS];
                coZAdd(dx, dy, tx, ty, lambdas[j]);
                Fe.mul(commonZ, commonZ, lambdas[j]); //              < 1.24
                entries[j] = concat(tx, ty);
            }
            this.entries = entries;
            this.lambdas = lambdas;
            // On P-256 the Z of entry j is Z'_j Z_D; the last entry, 31P, is inverted.
            long[] lastZ = new long[Fe.LIMBS];
            Fe.mul(lastZ, commonZ, dz);      //                        < 1.1
            return lastZ;
        }

        /**
         * Method step 2, second half: the entries made affine from {@code inverse}, 1 / Z of the
         * last one (below 1.2p), with the recorded Z ratios. {@code inverse} is used up.
         */
        void finishTable(long[] inverse) {
            long[][] entries = this.entries;
            long[][] lambdas = this.lambdas;
            for (int j = TABLE_SIZE - 1; j >= 1; j--) {
                storeAffine(j, entries[j], inverse);
                Fe.mul(inverse, inverse, lambdas[j]); // 1 / Z of entry j - 1, < 1.24
            }
            System.arraycopy(px, 0, table, 0, Fe.LIMBS);
            System.arraycopy(py, 0, table, Fe.LIMBS, Fe.LIMBS);
            this.entries = null;
            this.lambdas = null;
        }

        /**
         * XYCZ-ADD (Goundar et al. 2011): for D and T sharing one Z, (tx, ty) becomes T + D and
         * (dx, dy) becomes D, both for the new Z = Z lambda, with lambda = X_T - X_D stored in
         * {@code lambda}. 4M + 2S. D stays below 1.25p and T below 1.1p.
         */
        private void coZAdd(long[] dx, long[] dy, long[] tx, long[] ty, long[] lambda) {
            Fe.sub(lambda, tx, dx, 2);       // lambda = X2 - X1       < 3.1
            Fe.sqr(t0, lambda);              // A = lambda^2           < 1.6
            Fe.mul(t1, dx, t0);              // B = X1 A (new X_D)     < 1.13
            Fe.mul(t2, tx, t0);              // C = X2 A               < 1.11
            Fe.sub(t3, ty, dy, 2);           // W = Y2 - Y1            < 3.1
            Fe.sqr(t4, t3);                  // W^2                    < 1.6
            Fe.combine(t5, t1, 1, t2, -1, 0); // B + C                 < 2.24
            Fe.combineFold(tx, t4, 1, t5, 1, 3); // X3 = W^2 - B - C   < 4.6, folded < 1.0001
            Fe.sub(t5, t2, t1, 2);           // C - B                  < 3.11
            Fe.mul(dy, dy, t5);              // E = Y1 (C - B) (new Y_D)  < 1.25
            Fe.sub(t5, t1, tx, 2);           // B - X3                 < 3.13
            Fe.mul(t5, t3, t5);              // W (B - X3)             < 1.61
            Fe.combineFold(ty, t5, 1, dy, 1, 2); // Y3 = W (B - X3) - E  < 3.61, folded < 1.0001
            Fe.copy(dx, t1);
        }

        private static long[] concat(long[] a, long[] b) {
            long[] both = Arrays.copyOf(a, ENTRY_LIMBS);
            System.arraycopy(b, 0, both, Fe.LIMBS, Fe.LIMBS);
            return both;
        }

        /** Table entry j = (X / Z^2, Y / Z^3), from the Jacobian X, Y and 1 / Z. */
        private void storeAffine(int j, long[] xy, long[] zInverse) {
            long[] jx = Arrays.copyOfRange(xy, 0, Fe.LIMBS);
            long[] jy = Arrays.copyOfRange(xy, Fe.LIMBS, ENTRY_LIMBS);
            Fe.sqr(t0, zInverse);            // 1/Z^2                  < 1.17
            Fe.mul(t1, jx, t0);              // X/Z^2                  < 1.08
            Fe.mul(t0, t0, zInverse);        // 1/Z^3                  < 1.12
            Fe.mul(t2, jy, t0);              // Y/Z^3                  < 1.08
            int offset = j * ENTRY_LIMBS;
            System.arraycopy(t1, 0, table, offset, Fe.LIMBS);
            System.arraycopy(t2, 0, table, offset + Fe.LIMBS, Fe.LIMBS);
        }

        /**
         * (qx, qy) = digit P for an odd digit in [-31, 31], from the 16 entries of {@code tab}
         * that start at {@code start}. All 16 are read, in order, and the one wanted is kept with
         * a mask; a negative digit negates y with a mask (qy < 2p).
         */
        void lookup(long[] tab, int start, int digit) {
            int sign = digit >> 31;                 // -1 when negative, else 0
            int magnitude = (digit ^ sign) - sign;  // |digit|, odd in [1, 31]
            int index = magnitude >>> 1;            // the entry of |digit| P
            long x0 = 0, x1 = 0, x2 = 0, x3 = 0, x4 = 0;
            long y0 = 0, y1 = 0, y2 = 0, y3 = 0, y4 = 0;
            for (int j = 0; j < TABLE_SIZE; j++) {
                long keep = ((j ^ index) - 1) >> 31;  // -1 when j == index, else 0
                int o = start + j * ENTRY_LIMBS;
                x0 |= tab[o] & keep;
                x1 |= tab[o + 1] & keep;
                x2 |= tab[o + 2] & keep;
                x3 |= tab[o + 3] & keep;
                x4 |= tab[o + 4] & keep;
                y0 |= tab[o + 5] & keep;
                y1 |= tab[o + 6] & keep;
                y2 |= tab[o + 7] & keep;
                y3 |= tab[o + 8] & keep;
                y4 |= tab[o + 9] & keep;
            }
            qx[0] = x0; qx[1] = x1; qx[2] = x2; qx[3] = x3; qx[4] = x4;
            qy[0] = y0; qy[1] = y1; qy[2] = y2; qy[3] = y3; qy[4] = y4;
            Fe.sub(t0, Fe.ZERO, qy, 2);             // 2p - y                 < 2
            Fe.select(qy, qy, t0, sign);
        }

        /**
         * acc = 2 acc: EFD dbl-2001-b (a = -3), 3M + 4S + one lazy pair. alpha is kept as
         * alpha / 3 with the factor moved into the linear steps, and Z3 = 2 Y1 Z1 is one
         * multiplication. Input X, Y < 1.1p and Z < 2p; output X, Y < 1.0001p and Z < 1.28p.
         */
        void twice() {
            Fe.sqr(t0, z);                   // delta = Z1^2                   < 1.25
            Fe.sqr(t1, y);                   // gamma = Y1^2                   < 1.08
            Fe.mul(t2, x, t1);               // beta = X1 gamma                < 1.08
            Fe.sumAndDifference(t4, t3, x, t0, 2); // X1 + delta < 2.35, X1 - delta < 3.1
            Fe.mul(t3, t3, t4);              // alpha / 3                      < 1.46
            Fe.add(t4, z, z);                // 2 Z1                           < 4
            Fe.mul(z, y, t4);                // Z3 = 2 Y1 Z1                   < 1.28
            Fe.sqr(t4, t3);                  // (alpha / 3)^2                  < 1.14
            Fe.combineFold(x, t4, 9, t2, 8, 9); // X3 = alpha^2 - 8 beta      < 19.3, folded < 1.0001
            Fe.combine(t2, t2, 12, x, 3, 6); // 3 (4 beta - X3)                < 19
            Fe.scale(t4, t1, 8);             // 8 gamma                        < 8.64
            Fe.mulSubMul(y, t3, t2, t1, t4); // Y3 = alpha (4 beta - X3) - 8 gamma^2, in (-0.6, 2.8)
            Fe.combineFold(y, y, 1, Fe.ZERO, 0, 2); // + 2p                   < 4.8, folded < 1.0001
        }

        /**
         * acc = acc + (qx, qy): EFD madd-2007-bl, 7M + 2S + one lazy pair, with r, I, J and V
         * kept as r/2, I/4, J/4 and V/4 (the factors moved into the linear steps) and Z3 = Z1 2H
         * as one multiplication. Input X1, Y1 < 1.1p, Z1 < 2p, qx < 1.1p and qy < 2p; output
         * X3, Y3 < 1.0001p and Z3 < 1.77p. Wrong (Z3 = 0) when acc = ±Q, which the class comment
         * shows cannot happen.
         */
        void addAffine() {
            Fe.sqr(t0, z);                   // Z1Z1 = Z1^2                    < 1.25
            Fe.mul(t1, qx, t0);              // U2 = X2 Z1Z1                   < 1.09
            Fe.mul(t0, t0, z);               // Z1^3                           < 1.16
            Fe.mul(t2, qy, t0);              // S2 = Y2 Z1^3                   < 1.15
            Fe.sub(t3, t1, x, 2);            // H = U2 - X1                    < 3.1
            Fe.add(t5, t3, t3);              // 2H                             < 6.2
            Fe.mul(z, z, t5);                // Z3 = Z1 2H                     < 1.77
            Fe.sqr(t4, t3);                  // HH = H^2 = I / 4               < 1.61
            Fe.mul(t5, t3, t4);              // J / 4 = H HH                   < 1.32
            Fe.mul(t6, x, t4);               // V / 4 = X1 HH                  < 1.11
            Fe.sub(t7, t2, y, 2);            // r / 2 = S2 - Y1                < 3.15
            Fe.sqr(t0, t7);                  // (r / 2)^2                      < 1.62
            Fe.combine(t1, t5, 1, t6, -2, 0); // (J + 2V) / 4                  < 3.54
            Fe.combineFold(x, t0, 4, t1, 4, 15); // X3 = r^2 - J - 2V         < 21.5, folded < 1.0001
            Fe.combine(t6, t6, 8, x, 2, 4);  // 2 (V - X3)                     < 12.9
            Fe.scale(t1, t5, 8);             // 2 J                            < 10.6
            Fe.mulSubMul(y, t7, t6, y, t1);  // Y3 = r (V - X3) - 2 Y1 J, in (-0.73, 3.6)
            Fe.combineFold(y, y, 1, Fe.ZERO, 0, 2); // + 2p                   < 5.6, folded < 1.0001
        }

        /** Method step 4: (X / Z^2, Y / Z^3), negated when {@code negate} is all ones. */
        BigInteger[] toAffine(long negate) {
            long[] inverse = new long[Fe.LIMBS];
            Fe.invert(inverse, z);
            return affine(x, y, inverse, negate);
        }

        /** Method step 4 from 1 / Z (below 1.2p), for an accumulator saved elsewhere. */
        static BigInteger[] affine(long[] x, long[] y, long[] inverse, long negate) {
            long[] t0 = new long[Fe.LIMBS];
            long[] t1 = new long[Fe.LIMBS];
            long[] t2 = new long[Fe.LIMBS];
            long[] t3 = new long[Fe.LIMBS];
            Fe.sqr(t0, inverse);
            Fe.mul(t1, x, t0);
            Fe.mul(t0, t0, inverse);
            Fe.mul(t2, y, t0);
            long[] ax = Fe.fromMontgomery(t1);
            long[] ay = Fe.fromMontgomery(t2);
            Fe.sub(t3, Fe.ZERO, ay, 1);      // p - y: y is canonical, and never 0 on P-256
            Fe.carry(t3);
            Fe.select(ay, ay, t3, negate);
            return new BigInteger[] {Fe.toBigInteger(ax), Fe.toBigInteger(ay)};
        }
    }

    /**
     * GF(p) on five radix-2^52 limbs, in Montgomery form with R = 2^260: the representation and
     * its bounds are described in the class comment. Every operation is branch-free and, but
     * for the conversions, allocation-free. What each operation accepts:
     * <ul>
     *   <li>{@link #mul}, {@link #sqr}: limbs of {@code a} below 2^54 and of {@code b} below
     *       2^57 in magnitude, values non-negative. The result has limbs 0-3 in [0, 2^52) and is
     *       below a b / 2^260 + p.</li>
     *   <li>{@link #mulSubMul}: limbs of {@code a} and {@code c} below 2^54, of {@code b} and
     *       {@code d} below 2^56; the result, normalised likewise, lies between -c d / 2^260 and
     *       a b / 2^260 + p.</li>
     *   <li>{@link #fold}, {@link #combineFold}: a non-negative value below 2^264; the result is
     *       below 2^256 + 2^232 (under 1.0001 p), with limbs below 2^53 in magnitude.</li>
     * </ul>
     * Package-private only so that the tests can check these contracts at their limits.
     */
    static final class Fe {

        static final int LIMBS = 5;
        /** A field element encoded as a big-endian octet string (SEC 1 §2.3.5). */
        static final int BYTES = 32;
        private static final long MASK52 = (1L << 52) - 1;
        private static final long MASK48 = (1L << 48) - 1;

        /** multiplyHigh(a << SHIFT, b) = floor(a b / 2^(64 - SHIFT)), exact for |a| < 2^54. */
        private static final int SHIFT = 9;
        /** The weight of the high parts: 2^55, which is 8 in units of the next limb. */
        private static final int HIGH_BITS = 64 - SHIFT;

        static final BigInteger P = SecP256R1Curve.q;
        private static final BigInteger R = BigInteger.ONE.shiftLeft(260);

        /**
         * p in balanced radix-2^52 digits (limb 2 is 0), -1 + 2^44 2^52 + 2^36 2^156 + (2^48 - 2^16) 2^208:
         * small multiples k p keep every limb small, so {@link #sub} adds them without carries.
         */
        private static final long P0 = -1;
        private static final long P1 = 1L << 44;
        private static final long P3 = 1L << 36;
        private static final long P4 = (1L << 48) - (1L << 16);

        static final long[] ZERO = new long[LIMBS];
        /** 1 in Montgomery form, R mod p. */
        static final long[] ONE = limbs(R.mod(P));
        /** R^2 mod p: a Montgomery product with it enters Montgomery form. */
        private static final long[] R2 = limbs(R.multiply(R).mod(P));
        /** R^3 mod p: brings Bouncy Castle's inverse of a R, 1 / (a R), to R / a. */
        private static final long[] R3 = limbs(R.pow(3).mod(P));
        /** The plain integer 1: a Montgomery product with it leaves Montgomery form. */
        private static final long[] PLAIN_ONE = {1, 0, 0, 0, 0};

        private Fe() {
        }

        /** r = a b / R mod p, loosely reduced. r may be a or b. */
        static void mul(long[] r, long[] a, long[] b) {
            long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4];
            long b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4];
            long s0 = a0 * b0;
            long s1 = a0 * b1 + a1 * b0;
            long s2 = a0 * b2 + a1 * b1 + a2 * b0;
            long s3 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0;
            long s4 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0;
            long s5 = a1 * b4 + a2 * b3 + a3 * b2 + a4 * b1;
            long s6 = a2 * b4 + a3 * b3 + a4 * b2;
            long s7 = a3 * b4 + a4 * b3;
            long s8 = a4 * b4;
            long c0 = a0 << SHIFT, c1 = a1 << SHIFT, c2 = a2 << SHIFT, c3 = a3 << SHIFT, c4 = a4 << SHIFT;
            long h0 = Math.multiplyHigh(c0, b0);
            long h1 = Math.multiplyHigh(c0, b1) + Math.multiplyHigh(c1, b0);
            long h2 = Math.multiplyHigh(c0, b2) + Math.multiplyHigh(c1, b1) + Math.multiplyHigh(c2, b0);
            long h3 = Math.multiplyHigh(c0, b3) + Math.multiplyHigh(c1, b2) + Math.multiplyHigh(c2, b1)
                    + Math.multiplyHigh(c3, b0);
            long h4 = Math.multiplyHigh(c0, b4) + Math.multiplyHigh(c1, b3) + Math.multiplyHigh(c2, b2)
                    + Math.multiplyHigh(c3, b1) + Math.multiplyHigh(c4, b0);
            long h5 = Math.multiplyHigh(c1, b4) + Math.multiplyHigh(c2, b3) + Math.multiplyHigh(c3, b2)
                    + Math.multiplyHigh(c4, b1);
            long h6 = Math.multiplyHigh(c2, b4) + Math.multiplyHigh(c3, b3) + Math.multiplyHigh(c4, b2);
            long h7 = Math.multiplyHigh(c3, b4) + Math.multiplyHigh(c4, b3);
            long h8 = Math.multiplyHigh(c4, b4);
            reduce(r, s0, s1, s2, s3, s4, s5, s6, s7, s8, h0, h1, h2, h3, h4, h5, h6, h7, h8);
        }

        /** r = a^2 / R mod p, loosely reduced: {@link #mul} with the 10 cross products doubled. */
        static void sqr(long[] r, long[] a) {
            long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4];
            long d1 = a1 << 1, d2 = a2 << 1, d3 = a3 << 1, d4 = a4 << 1;
            long s0 = a0 * a0;
            long s1 = a0 * d1;
            long s2 = a0 * d2 + a1 * a1;
            long s3 = a0 * d3 + a1 * d2;
            long s4 = a0 * d4 + a1 * d3 + a2 * a2;
            long s5 = a1 * d4 + a2 * d3;
            long s6 = a2 * d4 + a3 * a3;
            long s7 = a3 * d4;
            long s8 = a4 * a4;
            long c0 = a0 << SHIFT, c1 = a1 << SHIFT, c2 = a2 << SHIFT, c3 = a3 << SHIFT, c4 = a4 << SHIFT;
            long h0 = Math.multiplyHigh(c0, a0);
            long h1 = Math.multiplyHigh(c0, d1);
            long h2 = Math.multiplyHigh(c0, d2) + Math.multiplyHigh(c1, a1);
            long h3 = Math.multiplyHigh(c0, d3) + Math.multiplyHigh(c1, d2);
            long h4 = Math.multiplyHigh(c0, d4) + Math.multiplyHigh(c1, d3) + Math.multiplyHigh(c2, a2);
            long h5 = Math.multiplyHigh(c1, d4) + Math.multiplyHigh(c2, d3);
            long h6 = Math.multiplyHigh(c2, d4) + Math.multiplyHigh(c3, a3);
            long h7 = Math.multiplyHigh(c3, d4);
            long h8 = Math.multiplyHigh(c4, a4);
            reduce(r, s0, s1, s2, s3, s4, s5, s6, s7, s8, h0, h1, h2, h3, h4, h5, h6, h7, h8);
        }

        /**
         * r = (a b - c d) / R mod p with a single reduction for both products (lazy reduction):
         * the columns are subtracted before reducing. The result may be negative (above
         * -c d / R), so the caller adds a multiple of p before folding.
         */
        static void mulSubMul(long[] r, long[] a, long[] b, long[] c, long[] d) {
            long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4];
            long b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4];
            long c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3], c4 = c[4];
            long d0 = d[0], d1 = d[1], d2 = d[2], d3 = d[3], d4 = d[4];
            long s0 = a0 * b0 - (c0 * d0);
            long s1 = a0 * b1 + a1 * b0 - (c0 * d1 + c1 * d0);
            long s2 = a0 * b2 + a1 * b1 + a2 * b0 - (c0 * d2 + c1 * d1 + c2 * d0);
            long s3 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 - (c0 * d3 + c1 * d2 + c2 * d1 + c3 * d0);
            long s4 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0
                    - (c0 * d4 + c1 * d3 + c2 * d2 + c3 * d1 + c4 * d0);
            long s5 = a1 * b4 + a2 * b3 + a3 * b2 + a4 * b1 - (c1 * d4 + c2 * d3 + c3 * d2 + c4 * d1);
            long s6 = a2 * b4 + a3 * b3 + a4 * b2 - (c2 * d4 + c3 * d3 + c4 * d2);
            long s7 = a3 * b4 + a4 * b3 - (c3 * d4 + c4 * d3);
            long s8 = a4 * b4 - (c4 * d4);
            long e0 = a0 << SHIFT, e1 = a1 << SHIFT, e2 = a2 << SHIFT, e3 = a3 << SHIFT, e4 = a4 << SHIFT;
            long f0 = c0 << SHIFT, f1 = c1 << SHIFT, f2 = c2 << SHIFT, f3 = c3 << SHIFT, f4 = c4 << SHIFT;
            long h0 = Math.multiplyHigh(e0, b0)
                    - (Math.multiplyHigh(f0, d0));
            long h1 = Math.multiplyHigh(e0, b1) + Math.multiplyHigh(e1, b0)
                    - (Math.multiplyHigh(f0, d1) + Math.multiplyHigh(f1, d0));
            long h2 = Math.multiplyHigh(e0, b2) + Math.multiplyHigh(e1, b1) + Math.multiplyHigh(e2, b0)
                    - (Math.multiplyHigh(f0, d2) + Math.multiplyHigh(f1, d1) + Math.multiplyHigh(f2, d0));
            long h3 = Math.multiplyHigh(e0, b3) + Math.multiplyHigh(e1, b2) + Math.multiplyHigh(e2, b1)
                    + Math.multiplyHigh(e3, b0)
                    - (Math.multiplyHigh(f0, d3) + Math.multiplyHigh(f1, d2) + Math.multiplyHigh(f2, d1)
                    + Math.multiplyHigh(f3, d0));
            long h4 = Math.multiplyHigh(e0, b4) + Math.multiplyHigh(e1, b3) + Math.multiplyHigh(e2, b2)
                    + Math.multiplyHigh(e3, b1) + Math.multiplyHigh(e4, b0)
                    - (Math.multiplyHigh(f0, d4) + Math.multiplyHigh(f1, d3) + Math.multiplyHigh(f2, d2)
                    + Math.multiplyHigh(f3, d1) + Math.multiplyHigh(f4, d0));
            long h5 = Math.multiplyHigh(e1, b4) + Math.multiplyHigh(e2, b3) + Math.multiplyHigh(e3, b2)
                    + Math.multiplyHigh(e4, b1)
                    - (Math.multiplyHigh(f1, d4) + Math.multiplyHigh(f2, d3) + Math.multiplyHigh(f3, d2)
                    + Math.multiplyHigh(f4, d1));
            long h6 = Math.multiplyHigh(e2, b4) + Math.multiplyHigh(e3, b3) + Math.multiplyHigh(e4, b2)
                    - (Math.multiplyHigh(f2, d4) + Math.multiplyHigh(f3, d3) + Math.multiplyHigh(f4, d2));
            long h7 = Math.multiplyHigh(e3, b4) + Math.multiplyHigh(e4, b3)
                    - (Math.multiplyHigh(f3, d4) + Math.multiplyHigh(f4, d3));
            long h8 = Math.multiplyHigh(e4, b4)
                    - (Math.multiplyHigh(f4, d4));
            reduce(r, s0, s1, s2, s3, s4, s5, s6, s7, s8, h0, h1, h2, h3, h4, h5, h6, h7, h8);
        }

        /**
         * Montgomery reduction of the product whose column k is worth s_k + h_k 2^55 (s_k the
         * wrapped sum of the low words, h_k the sum of the high parts). First the exact columns
         * t_k: the low part of column k is s_k - h_k 2^55 (computed mod 2^64 but truly in
         * (-2^58, 2^58)), and the high part moves to column k + 1 as 8 h_k. Then five times:
         * u = t_i mod 2^52 and t += u p 2^(52 i), which clears limb i because p = -1 mod 2^52.
         * With p = 2^256 - 2^224 + 2^192 + 2^96 - 1, u p is -u at bit 0 (leaving the carry
         * t_i >> 52), u at bits 96 and 192, -u at bit 224 and u at bit 256, each split over the
         * two limbs it straddles; limbs 5 to 9 are then the result, normalised at the end.
         *
         * <p>The variable m holds u 2^12 = t_i << 12, and every piece is cut out of it with
         * shifts: (m << (52 - b)) >>> 12 is (u mod 2^b) << (52 - b), the low b bits of u at the
         * top of a limb, and m >>> (12 + b) is u >> b. No 64-bit mask constant then ties up a
         * register, which makes the whole scalar multiplication 4 to 7% faster. This is a
         * separate method because C2 compiles the products and it into better code apart.
         */
        private static void reduce(long[] r, long s0, long s1, long s2, long s3, long s4, long s5,
                long s6, long s7, long s8, long h0, long h1, long h2, long h3, long h4, long h5,
                long h6, long h7, long h8) {
            long t0 = s0 - (h0 << HIGH_BITS);
            long t1 = s1 - (h1 << HIGH_BITS) + (h0 << 3);
            long t2 = s2 - (h2 << HIGH_BITS) + (h1 << 3);
            long t3 = s3 - (h3 << HIGH_BITS) + (h2 << 3);
            long t4 = s4 - (h4 << HIGH_BITS) + (h3 << 3);
            long t5 = s5 - (h5 << HIGH_BITS) + (h4 << 3);
            long t6 = s6 - (h6 << HIGH_BITS) + (h5 << 3);
            long t7 = s7 - (h7 << HIGH_BITS) + (h6 << 3);
            long t8 = s8 - (h8 << HIGH_BITS) + (h7 << 3);
            long t9 = h8 << 3;
            long m;
            m = t0 << 12;
            t1 += (t0 >> 52) + ((m << 44) >>> 12);              // carry; u 2^96: u mod 2^8 at bit 44
            t2 += m >>> 20;                                      //   and u >> 8
            t3 += (m << 36) >>> 12;                              // u 2^192: u mod 2^16 at bit 36
            t4 += (m >>> 28)                                     //   and u >> 16;
                    + ((m << 48) >>> 12) - ((m << 16) >>> 12);   // u 2^256 - u 2^224: low parts
            t5 += (m >>> 16) - (m >>> 48);                       //   and u >> 4, u >> 36
            m = t1 << 12;
            t2 += (t1 >> 52) + ((m << 44) >>> 12);
            t3 += m >>> 20;
            t4 += (m << 36) >>> 12;
            t5 += (m >>> 28) + ((m << 48) >>> 12) - ((m << 16) >>> 12);
            t6 += (m >>> 16) - (m >>> 48);
            m = t2 << 12;
            t3 += (t2 >> 52) + ((m << 44) >>> 12);
            t4 += m >>> 20;
            t5 += (m << 36) >>> 12;
            t6 += (m >>> 28) + ((m << 48) >>> 12) - ((m << 16) >>> 12);
            t7 += (m >>> 16) - (m >>> 48);
            m = t3 << 12;
            t4 += (t3 >> 52) + ((m << 44) >>> 12);
            t5 += m >>> 20;
            t6 += (m << 36) >>> 12;
            t7 += (m >>> 28) + ((m << 48) >>> 12) - ((m << 16) >>> 12);
            t8 += (m >>> 16) - (m >>> 48);
            m = t4 << 12;
            t5 += (t4 >> 52) + ((m << 44) >>> 12);
            t6 += m >>> 20;
            t7 += (m << 36) >>> 12;
            t8 += (m >>> 28) + ((m << 48) >>> 12) - ((m << 16) >>> 12);
            t9 += (m >>> 16) - (m >>> 48);
            t6 += t5 >> 52;
            r[0] = t5 & MASK52;
            t7 += t6 >> 52;
            r[1] = t6 & MASK52;
            t8 += t7 >> 52;
            r[2] = t7 & MASK52;
            t9 += t8 >> 52;
            r[3] = t8 & MASK52;
            r[4] = t9;
        }

        static void add(long[] r, long[] a, long[] b) {
            for (int i = 0; i < LIMBS; i++) {
                r[i] = a[i] + b[i];
            }
        }

        /** r = a - b + k p; the caller picks k with k p above the bound of b. */
        static void sub(long[] r, long[] a, long[] b, int k) {
            combine(r, a, 1, b, 1, k);
        }

        /**
         * r = ca a - cb b + k p for small constants (a negative cb makes it a sum); the caller
         * picks k with k p above cb times the bound of b.
         */
        static void combine(long[] r, long[] a, int ca, long[] b, int cb, int k) {
            r[0] = ca * a[0] - cb * b[0] + k * P0;
            r[1] = ca * a[1] - cb * b[1] + k * P1;
            r[2] = ca * a[2] - cb * b[2];
            r[3] = ca * a[3] - cb * b[3] + k * P3;
            r[4] = ca * a[4] - cb * b[4] + k * P4;
        }

        /** r = c a for a small constant c. */
        static void scale(long[] r, long[] a, int c) {
            for (int i = 0; i < LIMBS; i++) {
                r[i] = a[i] * c;
            }
        }

        /** sum = a + b and difference = a - b + k p, reading each operand once. */
        static void sumAndDifference(long[] sum, long[] difference, long[] a, long[] b, int k) {
            for (int i = 0; i < LIMBS; i++) {
                long ai = a[i];
                long bi = b[i];
                sum[i] = ai + bi;
                difference[i] = ai - bi;
            }
            difference[0] += k * P0;
            difference[1] += k * P1;
            difference[3] += k * P3;
            difference[4] += k * P4;
        }

        /** Limbs 0-3 into [0, 2^52), the rest into limb 4; the value is unchanged. */
        static void carry(long[] r) {
            long c;
            c = r[0] >> 52;
            r[0] &= MASK52;
            r[1] += c;
            c = r[1] >> 52;
            r[1] &= MASK52;
            r[2] += c;
            c = r[2] >> 52;
            r[2] &= MASK52;
            r[3] += c;
            c = r[3] >> 52;
            r[3] &= MASK52;
            r[4] += c;
        }

        /**
         * Weak reduction: the part of weight 2^256 and above, h, is replaced by
         * h (2^256 mod p) = h (2^224 - 2^192 - 2^96 + 1). The value stays congruent and
         * non-negative and drops below 2^256 + h 2^224.
         */
        static void fold(long[] r) {
            foldInto(r, r[0], r[1], r[2], r[3], r[4]);
        }

        /** r = fold(ca a - cb b + k p) in one pass; see {@link #combine} and {@link #fold}. */
        static void combineFold(long[] r, long[] a, int ca, long[] b, int cb, int k) {
            foldInto(r,
                    ca * a[0] - cb * b[0] + k * P0,
                    ca * a[1] - cb * b[1] + k * P1,
                    ca * a[2] - cb * b[2],
                    ca * a[3] - cb * b[3] + k * P3,
                    ca * a[4] - cb * b[4] + k * P4);
        }

        private static void foldInto(long[] r, long r0, long r1, long r2, long r3, long r4) {
            r1 += r0 >> 52;
            r2 += r1 >> 52;
            r3 += r2 >> 52;
            r4 += r3 >> 52;
            long h = r4 >> 48;
            r[0] = (r0 & MASK52) + h;
            r[1] = (r1 & MASK52) - (h << 44);
            r[2] = r2 & MASK52;
            r[3] = (r3 & MASK52) - (h << 36);
            r[4] = (r4 & MASK48) + (h << 16);
        }

        /**
         * The representative in [0, p), with normalised limbs, of a value that {@link #fold}
         * accepts: after the fold it is below 2p, so one masked subtraction of p finishes.
         */
        static void canonicalize(long[] r) {
            fold(r);
            carry(r);
            long[] less = new long[LIMBS];
            sub(less, r, ZERO, -1);          // r - p
            carry(less);
            long negative = less[4] >> 63;   // all ones when r < p: keep r
            select(r, less, r, negative);
        }

        /** r = a where the mask is 0, b where it is all ones. */
        static void select(long[] r, long[] a, long[] b, long mask) {
            for (int i = 0; i < LIMBS; i++) {
                r[i] = (a[i] & ~mask) | (b[i] & mask);
            }
        }

        static void copy(long[] r, long[] a) {
            System.arraycopy(a, 0, r, 0, LIMBS);
        }

        /**
         * r = 1 / a, both in Montgomery form: a holds x R, Bouncy Castle's constant-time inverse
         * of the canonical x R is 1 / (x R), and a Montgomery product with R^3 gives R / x.
         */
        static void invert(long[] r, long[] a) {
            long[] canonical = a.clone();
            canonicalize(canonical);
            int[] inverse = new int[8];
            SecP256R1Field.inv(toWords(canonical), inverse);
            mul(r, fromWords(inverse), R3);
        }

        /**
         * Replaces every element of {@code values} (each below 2p, none zero mod p) by its
         * inverse, below 1.2p, with one {@link #invert} and 3 (m - 1) products (Montgomery's
         * simultaneous inversion). Branch-free, like {@link #invert}.
         */
        static void invertAll(long[][] values) {
            int m = values.length;
            long[][] prefix = new long[m][];
            prefix[0] = values[0].clone();
            for (int i = 1; i < m; i++) {
                prefix[i] = new long[LIMBS];
                mul(prefix[i], prefix[i - 1], values[i]);    // < 1.25
            }
            long[] inverse = new long[LIMBS];
            invert(inverse, prefix[m - 1]);                   // < 1.07
            long[] product = new long[LIMBS];
            for (int i = m - 1; i >= 1; i--) {
                mul(product, inverse, prefix[i - 1]);          // 1 / values[i], < 1.2
                mul(inverse, inverse, values[i]);              // 1 / prefix[i - 1], < 1.2
                copy(values[i], product);
            }
            copy(values[0], inverse);
        }

        /** The Montgomery form of an integer in [0, p), given as normalised limbs. */
        static long[] toMontgomery(long[] value) {
            long[] r = new long[LIMBS];
            mul(r, value, R2);
            return r;
        }

        /** The Montgomery form of an integer in [0, p). */
        static long[] toMontgomery(BigInteger value) {
            return toMontgomery(limbs(value));
        }

        /** The limbs of a 32-byte big-endian integer at {@code offset}. */
        static long[] fromBytes(byte[] bytes, int offset) {
            int[] words = new int[8];
            for (int i = 0; i < BYTES; i++) {
                words[i >>> 2] |= (bytes[offset + BYTES - 1 - i] & 0xFF) << ((i & 3) << 3);
            }
            return fromWords(words);
        }

        /** The canonical plain value of a Montgomery-form element. */
        static long[] fromMontgomery(long[] a) {
            long[] r = new long[LIMBS];
            mul(r, a, PLAIN_ONE);
            canonicalize(r);
            return r;
        }

        /** The normalised limbs of an integer in [0, 2^260). */
        static long[] limbs(BigInteger value) {
            long[] r = new long[LIMBS];
            for (int i = 0; i < LIMBS; i++) {
                r[i] = value.shiftRight(52 * i).longValue() & MASK52;
            }
            return r;
        }

        /** The value of canonical limbs (below 2^256). */
        static BigInteger toBigInteger(long[] a) {
            long[] v = toQuadwords(a);
            byte[] bytes = new byte[32];
            for (int i = 0; i < 32; i++) {
                bytes[31 - i] = (byte) (v[i >>> 3] >>> ((i & 7) << 3));
            }
            return new BigInteger(1, bytes);
        }

        /** Canonical limbs as four little-endian 64-bit words. */
        private static long[] toQuadwords(long[] a) {
            return new long[] {
                a[0] | (a[1] << 52),
                (a[1] >>> 12) | (a[2] << 40),
                (a[2] >>> 24) | (a[3] << 28),
                (a[3] >>> 36) | (a[4] << 16),
            };
        }

        /** Canonical limbs as Bouncy Castle's eight little-endian 32-bit words. */
        private static int[] toWords(long[] a) {
            long[] v = toQuadwords(a);
            int[] w = new int[8];
            for (int i = 0; i < 8; i++) {
                w[i] = (int) (v[i >>> 1] >>> ((i & 1) << 5));
            }
            return w;
        }

        /** Eight little-endian 32-bit words as normalised limbs. */
        private static long[] fromWords(int[] w) {
            long v0 = (w[0] & 0xFFFFFFFFL) | ((long) w[1] << 32);
            long v1 = (w[2] & 0xFFFFFFFFL) | ((long) w[3] << 32);
            long v2 = (w[4] & 0xFFFFFFFFL) | ((long) w[5] << 32);
            long v3 = (w[6] & 0xFFFFFFFFL) | ((long) w[7] << 32);
            return new long[] {
                v0 & MASK52,
                ((v0 >>> 52) | (v1 << 12)) & MASK52,
                ((v1 >>> 40) | (v2 << 24)) & MASK52,
                ((v2 >>> 28) | (v3 << 36)) & MASK52,
                v3 >>> 16,
            };
        }
    }
}
