package org.leakcheck.protocol.oprf;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.List;

import org.bouncycastle.math.ec.ECPoint;

/**
 * RFC 9497 §2.2: the discrete-log-equality proof of a VOPRF batch. It shows that the same
 * {@code k} with {@code B = k·A} also maps every {@code C[i]} to {@code D[i]}, without revealing
 * {@code k}. One proof covers the whole batch, through a random linear combination of its
 * elements (the composites).
 *
 * <pre>
 *   seed   = Hash(len(Bm) || Bm || len(seedDST) || seedDST)              Bm = Serialize(B)
 *   d_i    = HashToScalar(len(seed) || seed || I2OSP(i, 2) || len(Ci) || Ci || len(Di) || Di || "Composite")
 *   M      = Σ d_i·C[i]        Z = Σ d_i·D[i]  (= k·M, which is how the prover computes it)
 *   prove:  r random, t2 = r·A, t3 = r·M, c = HashToScalar(B, M, Z, t2, t3, "Challenge"), s = r − c·k
 *   verify: t2 = s·A + c·B, t3 = s·M + c·Z, check c = HashToScalar(B, M, Z, t2, t3, "Challenge")
 * </pre>
 *
 * <p>Side channels: the composite weights {@code d_i}, {@code c} and {@code s} are public, so the
 * sums use a variable-time multi-scalar multiplication. The server computes {@code Z = k·M} (RFC
 * 9497's ComputeCompositesFast): one constant-time multiplication, cheaper than the second sum.
 * {@code k·M}, {@code r·A} and {@code r·M} involve secrets and are constant-time. The prover
 * reads the tables of odd multiples of each {@code C[i]} that the evaluation built, for the sum
 * M, and builds one table of M for both {@code k·M} and {@code r·M}: tables of public points,
 * read by the constant-time code with full masked lookups.
 * {@code s = r − c·k mod n} is computed with {@link BigInteger}, whose timing may depend on the
 * operands' magnitudes.
 */
final class Dleq {

    private Dleq() {
    }

    /** The composites (M, Z) of RFC 9497 §2.2.1 ComputeComposites. */
    private record Composites(ECPoint m, ECPoint z) {
    }

    /**
     * RFC 9497 §2.2.1 GenerateProof with {@code A = G}, {@code B = pkS}.
     *
     * @param cTables the tables of {@code c} that {@link P256SecretMultiplier#prepare} built for
     *                the evaluation, reused for the composite
     * @return {@code SerializeScalar(c) || SerializeScalar(s)}, 64 bytes
     */
    static byte[] prove(Suite suite, BigInteger k, ECPoint publicKey, List<ECPoint> c,
            P256SecretMultiplier.Multiplication[] cTables, List<ECPoint> d, ScalarSource nonce) {
        byte[] bm = P256Group.serializeElement(publicKey);
        // RFC 9497 §2.2.1 ComputeCompositesFast: M = Σ di * C[i] (public weights: variable time)
        ECPoint compositeM = P256PublicMultiplier.sumOfMultiples(cTables, weights(suite, bm, c, d));
        if (compositeM.isInfinity()) {
            // Needs weights that cancel the elements: a hash collision, never met in practice.
            throw new IllegalStateException("oprf: the composite element is the identity");
        }
        // RFC 9497 §2.2.1: r = G.RandomScalar()
        BigInteger r = nonce.nextScalar();
        if (!P256Group.isValidScalar(r)) {
            throw new IllegalStateException("oprf: scalar source returned a nonce outside [1, n - 1]");
        }
        // RFC 9497 §2.2.1: Z = k * M (ComputeCompositesFast) and t3 = r * M, constant-time in k and
        // r, on one table of M and with one inversion for both; t2 = r * A.
        P256SecretMultiplier.Multiplication mTable = P256SecretMultiplier.prepare(new ECPoint[] {compositeM})[0];
        ECPoint[] zAndT3 = P256SecretMultiplier.multiplyEach(mTable, k, r);
        Composites composites = new Composites(compositeM, zAndT3[0]);
        ECPoint t2 = P256Group.multiplyGeneratorSecret(r);
        BigInteger challenge = challenge(suite, bm, composites, t2, zAndT3[1]);
        // RFC 9497 §2.2.1: s = r - c * k
        BigInteger s = r.subtract(challenge.multiply(k)).mod(P256Group.ORDER);
        byte[] proof = new byte[Suite.PROOF_LENGTH];
        System.arraycopy(P256Group.serializeScalar(challenge), 0, proof, 0, Suite.SCALAR_LENGTH);
        System.arraycopy(P256Group.serializeScalar(s), 0, proof, Suite.SCALAR_LENGTH, Suite.SCALAR_LENGTH);
        return proof;
    }

    /**
     * RFC 9497 §2.2.2 VerifyProof with {@code A = G}, {@code B = pkS}.
     *
     * @throws OprfException {@code proof.format} for a malformed proof, {@code proof.invalid} when it does not verify
     */
    static void verify(Suite suite, ECPoint publicKey, List<ECPoint> c, List<ECPoint> d, byte[] proof) {
        if (proof == null || proof.length != Suite.PROOF_LENGTH) {
            throw new OprfException(OprfException.Rule.PROOF_FORMAT, "proof");
        }
        BigInteger challenge = publicScalar(proof, 0);
        BigInteger s = publicScalar(proof, Suite.SCALAR_LENGTH);
        byte[] bm = P256Group.serializeElement(publicKey);
        // RFC 9497 §2.2.1 ComputeComposites: M = Σ di * C[i]; Z = Σ di * D[i]
        BigInteger[] weights = weights(suite, bm, c, d);
        ECPoint[] mz = {
            P256Group.sumOfPublicMultiples(c.toArray(ECPoint[]::new), weights),
            P256Group.sumOfPublicMultiples(d.toArray(ECPoint[]::new), weights)};
        P256Group.CURVE.normalizeAll(mz);
        Composites composites = new Composites(mz[0], mz[1]);
        // RFC 9497 §2.2.2: t2 = (s * A) + (c * B); t3 = (s * M) + (c * Z)
        ECPoint t2 = P256Group.sumOfPublicMultiples(
                new ECPoint[] {P256Group.GENERATOR, publicKey}, new BigInteger[] {s, challenge});
        ECPoint t3 = P256Group.sumOfPublicMultiples(
                new ECPoint[] {composites.m(), composites.z()}, new BigInteger[] {s, challenge});
        if (t2.isInfinity() || t3.isInfinity()) {
            throw new OprfException(OprfException.Rule.PROOF_INVALID, "proof");
        }
        byte[] expected = P256Group.serializeScalar(challenge(suite, bm, composites, t2, t3));
        if (!MessageDigest.isEqual(expected, P256Group.serializeScalar(challenge))) {
            throw new OprfException(OprfException.Rule.PROOF_INVALID, "proof");
        }
    }

    /** RFC 9497 §2.2.1 ComputeComposites: the weights d_i of the composites. */
    private static BigInteger[] weights(Suite suite, byte[] bm, List<ECPoint> c, List<ECPoint> d) {
        int m = c.size();
        if (m == 0 || d.size() != m || m > Suite.MAX_PREFIXED_LENGTH) {
            throw new OprfException(OprfException.Rule.BATCH_SIZE, "batch");
        }
        // RFC 9497 §2.2.1: seedTranscript = I2OSP(len(Bm), 2) || Bm || I2OSP(len(seedDST), 2) || seedDST
        MessageDigest hash = Sha256.create();
        updatePrefixed(hash, bm);
        updatePrefixed(hash, suite.seedDst);
        byte[] seed = hash.digest();
        BigInteger[] weights = new BigInteger[m];
        for (int i = 0; i < m; i++) {
            // RFC 9497 §2.2.1: compositeTranscript = I2OSP(len(seed), 2) || seed || I2OSP(i, 2) ||
            //   I2OSP(len(Ci), 2) || Ci || I2OSP(len(Di), 2) || Di || "Composite"; di = HashToScalar(...)
            ByteArrayOutputStream transcript = new ByteArrayOutputStream(2 + 32 + 2 + 2 * (2 + Suite.ELEMENT_LENGTH) + 9);
            writePrefixed(transcript, seed);
            transcript.write(i >>> 8);
            transcript.write(i);
            writePrefixed(transcript, P256Group.serializeElement(c.get(i)));
            writePrefixed(transcript, P256Group.serializeElement(d.get(i)));
            transcript.writeBytes(Suite.COMPOSITE_LABEL);
            weights[i] = suite.hashToScalar(transcript.toByteArray());
        }
        return weights;
    }

    /**
     * RFC 9497 §2.2.1: c = HashToScalar(I2OSP(len(Bm), 2) || Bm || ... a0 = M, a1 = Z, a2 = t2,
     * a3 = t3 ... || "Challenge").
     */
    private static BigInteger challenge(Suite suite, byte[] bm, Composites composites, ECPoint t2, ECPoint t3) {
        ByteArrayOutputStream transcript = new ByteArrayOutputStream(5 * (2 + Suite.ELEMENT_LENGTH) + 9);
        writePrefixed(transcript, bm);
        writePrefixed(transcript, P256Group.serializeElement(composites.m()));
        writePrefixed(transcript, P256Group.serializeElement(composites.z()));
        writePrefixed(transcript, P256Group.serializeElement(t2));
        writePrefixed(transcript, P256Group.serializeElement(t3));
        transcript.writeBytes(Suite.CHALLENGE_LABEL);
        return suite.hashToScalar(transcript.toByteArray());
    }

    /** A proof scalar: public, so only its range is checked (RFC 9497 §4.3 DeserializeScalar). */
    private static BigInteger publicScalar(byte[] proof, int offset) {
        BigInteger value = new BigInteger(1, java.util.Arrays.copyOfRange(proof, offset, offset + Suite.SCALAR_LENGTH));
        if (value.compareTo(P256Group.ORDER) >= 0) {
            throw new OprfException(OprfException.Rule.PROOF_FORMAT, "proof");
        }
        return value;
    }

    private static void updatePrefixed(MessageDigest digest, byte[] value) {
        digest.update((byte) (value.length >>> 8));
        digest.update((byte) value.length);
        digest.update(value);
    }

    private static void writePrefixed(ByteArrayOutputStream out, byte[] value) {
        out.write(value.length >>> 8);
        out.write(value.length);
        out.writeBytes(value);
    }
}
