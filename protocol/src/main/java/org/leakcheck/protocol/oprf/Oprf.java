package org.leakcheck.protocol.oprf;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * RFC 9497 with ciphersuite P256-SHA256 (§4.3), in mode 0x00 ({@link #BASE}) or 0x01
 * ({@link #VERIFIABLE}). leakcheck runs the verifiable mode; the base mode is here so that both
 * sets of RFC vectors replay through the same code.
 *
 * <p>Client: {@link #blind}, then {@link #finalizeBatch} (VOPRF: verifies the proof first) or
 * {@link #finalizeOutput} (OPRF). Server: {@link #blindEvaluateBatch} (VOPRF) or
 * {@link #blindEvaluate}. Key holder computing outputs directly (the loader): {@link #evaluate},
 * which returns the same 32 bytes as a blind / evaluate / finalize round trip. Instances are
 * immutable and thread-safe.
 */
public final class Oprf {

    /** RFC 9497 §4.3 ciphersuite identifier. */
    public static final String SUITE = Suite.IDENTIFIER;

    /** Mode 0x00, the base OPRF. */
    public static final Oprf BASE = new Oprf(Suite.of(Mode.OPRF));

    /** Mode 0x01, the verifiable OPRF that leakcheck runs. */
    public static final Oprf VERIFIABLE = new Oprf(Suite.of(Mode.VOPRF));

    private static final String BLINDED_FIELD = "blindedElement";
    private static final String EVALUATED_FIELD = "evaluatedElement";
    private static final String PUBLIC_KEY_FIELD = "publicKey";

    private final Suite suite;

    private Oprf(Suite suite) {
        this.suite = suite;
    }

    /** This instance's mode. */
    public Mode mode() {
        return suite.mode;
    }

    /**
     * RFC 9497 §3.2.1 DeriveKeyPair: a key determined by a secret seed and a public info string.
     *
     * @param seed 32 secret bytes (Ns)
     * @param info public key-derivation info, at most 65535 bytes
     */
    public OprfKey deriveKeyPair(byte[] seed, byte[] info) {
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(info, "info");
        if (seed.length != Suite.SCALAR_LENGTH) {
            throw new OprfException(OprfException.Rule.SEED_LENGTH, "seed");
        }
        if (info.length > Suite.MAX_PREFIXED_LENGTH) {
            throw new OprfException(OprfException.Rule.INFO_LENGTH, "info");
        }
        // RFC 9497 §3.2.1: deriveInput = seed || I2OSP(len(info), 2) || info, followed by a
        // one-byte counter that is bumped while HashToScalar yields zero.
        byte[] deriveInput = new byte[seed.length + 2 + info.length + 1];
        System.arraycopy(seed, 0, deriveInput, 0, seed.length);
        putLength(deriveInput, seed.length, info.length);
        System.arraycopy(info, 0, deriveInput, seed.length + 2, info.length);
        int counterIndex = deriveInput.length - 1;
        try {
            for (int counter = 0; counter <= 0xFF; counter++) {
                deriveInput[counterIndex] = (byte) counter;
                // RFC 9497 §3.2.1: skS = G.HashToScalar(deriveInput || I2OSP(counter, 1),
                //                                      DST = "DeriveKeyPair" || contextString)
                BigInteger candidate = P256Group.hashToScalar(deriveInput, suite.deriveKeyPairDst);
                if (candidate.signum() != 0) {
                    return new OprfKey(candidate);
                }
            }
        } finally {
            Arrays.fill(deriveInput, (byte) 0);
        }
        // RFC 9497 §3.2.1 DeriveKeyPairError: 256 zero scalars in a row, probability ~2^-65536.
        throw new OprfException(OprfException.Rule.KEY_DERIVE, "key");
    }

    /** A fresh random key: DeriveKeyPair (RFC 9497 §3.2.1) over a 32-byte seed from {@code random}. */
    public OprfKey generateKey(SecureRandom random, byte[] info) {
        Objects.requireNonNull(random, "random");
        byte[] seed = new byte[Suite.SCALAR_LENGTH];
        random.nextBytes(seed);
        try {
            return deriveKeyPair(seed, info);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * RFC 9497 §3.3.1 Blind (client).
     *
     * @param input      the private input, at most 65535 bytes
     * @param randomness source of the blind; {@link ScalarSource#secure()} outside tests
     * @throws OprfException {@code input.length} or {@code input.identity}
     */
    public Blinded blind(byte[] input, ScalarSource randomness) {
        checkInput(input);
        Objects.requireNonNull(randomness, "randomness");
        // RFC 9497 §3.3.1: blind = G.RandomScalar()
        BigInteger blind = randomness.nextScalar();
        if (!P256Group.isValidScalar(blind)) {
            throw new IllegalStateException("oprf: scalar source returned a blind outside [1, n - 1]");
        }
        // RFC 9497 §3.3.1: inputElement = G.HashToGroup(input); identity -> InvalidInputError
        ECPoint inputElement = hashToGroupChecked(input);
        // RFC 9497 §3.3.1: blindedElement = G.SerializeElement(blind * inputElement)
        byte[] blindedElement = P256Group.serializeElement(P256Group.multiplySecret(inputElement, blind));
        return new Blinded(blind, blindedElement);
    }

    /**
     * RFC 9497 §3.3.1 BlindEvaluate (server): {@code Z = skS * M}, after full validation of
     * {@code M} (RFC 9497 §4.3 DeserializeElement). In mode 0x01 this is the evaluation without
     * its proof; servers answer with {@link #blindEvaluateBatch}.
     *
     * @return the 33-byte serialized evaluated element
     * @throws OprfException with an {@code element.*} rule if the blinded element is invalid
     */
    public byte[] blindEvaluate(OprfKey key, byte[] blindedElement) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(blindedElement, "blindedElement");
        // RFC 9497 §4.3 DeserializeElement (InputValidationError on failure)
        ECPoint blinded = P256Group.deserializeElement(blindedElement, BLINDED_FIELD);
        // RFC 9497 §3.3.1: evaluatedElement = skS * blindedElement
        return P256Group.serializeElement(P256Group.multiplySecret(blinded, key.scalar()));
    }

    /**
     * RFC 9497 §3.3.2 BlindEvaluateBatch (VOPRF server): evaluates every element and proves, with
     * one DLEQ proof (§2.2.1), that all were evaluated under {@code key}.
     *
     * @param blindedElements 33-byte serialized elements, at least one
     * @param nonce           source of the proof nonce r; {@link ScalarSource#secure()} outside tests
     * @throws OprfException with an {@code element.*} rule and field {@code blindedElements[i]} for
     *                       the first invalid element, or {@code batch.size} for an empty batch
     */
    public BatchEvaluation blindEvaluateBatch(OprfKey key, List<byte[]> blindedElements, ScalarSource nonce) {
        requireVerifiable();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(nonce, "nonce");
        List<ECPoint> blinded = deserializeAll(blindedElements, "blindedElements");
        // The odd-multiple tables of the blinded elements, built once (one inversion for all): the
        // constant-time products below and the proof's composite M, a public sum, both read them.
        P256SecretMultiplier.Multiplication[] tables = P256SecretMultiplier.prepare(blinded.toArray(ECPoint[]::new));
        // RFC 9497 §3.3.2: evaluatedElement = skS * blindedElement, constant-time in skS, with one
        // field inversion for the whole batch (Montgomery's trick) instead of one per element.
        ECPoint[] products = P256SecretMultiplier.multiplyAll(tables, key.scalar());
        List<ECPoint> evaluated = List.of(products);
        List<byte[]> serialized = new ArrayList<>(products.length);
        for (ECPoint z : products) {
            serialized.add(P256Group.serializeElement(z));
        }
        // RFC 9497 §3.3.2: proof = GenerateProof(skS, G, pkS, blindedElements, evaluatedElements)
        byte[] proof = Dleq.prove(suite, key.scalar(), key.publicPoint(), blinded, tables, evaluated, nonce);
        return new BatchEvaluation(serialized, proof);
    }

    /**
     * RFC 9497 §3.3.2 Finalize for a batch (VOPRF client): verifies the proof against the
     * expected public key, then unblinds and hashes every element.
     *
     * @param inputs            the private inputs, in the order they were blinded
     * @param blinds            the state of {@link #blind} for each input
     * @param evaluatedElements the server's answer, one per input
     * @param proof             the server's 64-byte proof
     * @param publicKey         the 33-byte public key the client expects (pinned), never one taken from the answer
     * @return the 32-byte outputs, in input order
     * @throws OprfException {@code proof.invalid} when the proof fails (an evaluation under another
     *                       key), {@code proof.format}, {@code batch.size}, or an {@code element.*} rule
     */
    public List<byte[]> finalizeBatch(List<byte[]> inputs, List<Blinded> blinds, List<byte[]> evaluatedElements,
            byte[] proof, byte[] publicKey) {
        requireVerifiable();
        int m = inputs.size();
        if (m == 0 || blinds.size() != m || evaluatedElements.size() != m) {
            throw new OprfException(OprfException.Rule.BATCH_SIZE, "evaluatedElements");
        }
        ECPoint pk = P256Group.deserializeElement(publicKey, PUBLIC_KEY_FIELD);
        List<ECPoint> evaluated = deserializeAll(evaluatedElements, "evaluatedElements");
        List<ECPoint> blinded = new ArrayList<>(m);
        for (Blinded b : blinds) {
            blinded.add(P256Group.deserializeElement(b.blindedElement(), BLINDED_FIELD));
        }
        // RFC 9497 §3.3.2: if VerifyProof(G, pkS, blindedElements, evaluatedElements, proof) == false: raise VerifyError
        Dleq.verify(suite, pk, blinded, evaluated, proof);
        List<byte[]> outputs = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            checkInput(inputs.get(i));
            outputs.add(unblindAndHash(inputs.get(i), blinds.get(i), evaluated.get(i)));
        }
        return outputs;
    }

    /**
     * RFC 9497 §3.3.1 Finalize (OPRF client): unblinds the server's answer and hashes it with the input.
     *
     * @return the 32-byte OPRF output
     * @throws OprfException with an {@code element.*} rule if the evaluated element is invalid
     */
    public byte[] finalizeOutput(byte[] input, Blinded blinded, byte[] evaluatedElement) {
        if (suite.mode != Mode.OPRF) {
            throw new IllegalStateException("oprf: a VOPRF answer must be finalized with its proof (finalizeBatch)");
        }
        checkInput(input);
        Objects.requireNonNull(blinded, "blinded");
        Objects.requireNonNull(evaluatedElement, "evaluatedElement");
        // RFC 9497 §4.3 DeserializeElement
        ECPoint evaluated = P256Group.deserializeElement(evaluatedElement, EVALUATED_FIELD);
        return unblindAndHash(input, blinded, evaluated);
    }

    /**
     * RFC 9497 §3.3.1 Evaluate: the PRF output computed directly with the private key, equal to
     * the output of a full blind / evaluate / finalize exchange.
     *
     * @return the 32-byte OPRF output
     * @throws OprfException {@code input.length} or {@code input.identity}
     */
    public byte[] evaluate(OprfKey key, byte[] input) {
        Objects.requireNonNull(key, "key");
        checkInput(input);
        // RFC 9497 §3.3.1: inputElement = G.HashToGroup(input); identity -> InvalidInputError
        ECPoint inputElement = hashToGroupChecked(input);
        // RFC 9497 §3.3.1: evaluatedElement = skS * inputElement
        byte[] issued = P256Group.serializeElement(P256Group.multiplySecret(inputElement, key.scalar()));
        return finalizeHash(input, issued);
    }

    /** RFC 9497 §3.3.1 Finalize: N = blind^-1 * Z (constant-time inversion: the blind is secret), then the hash. */
    private static byte[] unblindAndHash(byte[] input, Blinded blinded, ECPoint evaluated) {
        BigInteger inverse = BigIntegers.modOddInverse(P256Group.ORDER, blinded.blind());
        byte[] unblinded = P256Group.serializeElement(P256Group.multiplySecret(evaluated, inverse));
        return finalizeHash(input, unblinded);
    }

    private static List<ECPoint> deserializeAll(List<byte[]> elements, String field) {
        Objects.requireNonNull(elements, field);
        if (elements.isEmpty() || elements.size() > Suite.MAX_PREFIXED_LENGTH) {
            throw new OprfException(OprfException.Rule.BATCH_SIZE, field);
        }
        List<ECPoint> points = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            points.add(P256Group.deserializeElement(Objects.requireNonNull(elements.get(i), field), field + "[" + i + "]"));
        }
        return points;
    }

    /**
     * RFC 9497 §3.3.1 (Finalize and Evaluate): Hash(I2OSP(len(input), 2) || input ||
     * I2OSP(len(element), 2) || element || "Finalize").
     */
    private static byte[] finalizeHash(byte[] input, byte[] element) {
        MessageDigest digest = Sha256.create();
        byte[] length = new byte[2];
        putLength(length, 0, input.length);
        digest.update(length);
        digest.update(input);
        putLength(length, 0, element.length);
        digest.update(length);
        digest.update(element);
        digest.update(Suite.FINALIZE_LABEL);
        return digest.digest();
    }

    private ECPoint hashToGroupChecked(byte[] input) {
        ECPoint element = suite.hashToGroup(input);
        if (element.isInfinity()) {
            throw new OprfException(OprfException.Rule.INPUT_IDENTITY, "input");
        }
        return element;
    }

    private void requireVerifiable() {
        if (suite.mode != Mode.VOPRF) {
            throw new IllegalStateException("oprf: batches with proofs exist only in mode 0x01 (VOPRF)");
        }
    }

    /** RFC 9497 §5.1: the input must fit the two-byte length prefix of the Finalize hash. */
    private static void checkInput(byte[] input) {
        Objects.requireNonNull(input, "input");
        if (input.length > Suite.MAX_PREFIXED_LENGTH) {
            throw new OprfException(OprfException.Rule.INPUT_LENGTH, "input");
        }
    }

    /** I2OSP(length, 2) written at {@code offset}. */
    private static void putLength(byte[] target, int offset, int length) {
        target[offset] = (byte) (length >>> 8);
        target[offset + 1] = (byte) length;
    }
}
