package org.leakcheck.protocol.oprf;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * RFC 9497 OPRF, mode 0x00 (base OPRF), ciphersuite P256-SHA256 (§4.3).
 *
 * <p>Client: {@link #blind} then, with the server's answer, {@link #finalizeOutput}. Server:
 * {@link #blindEvaluate}. Key holder computing outputs directly (the loader): {@link #evaluate},
 * which returns the same 32 bytes as a blind / blind-evaluate / finalize round trip.
 * All methods are stateless and thread-safe.
 */
public final class Oprf {

    /** RFC 9497 §4.3 ciphersuite identifier. */
    public static final String SUITE = Suite.IDENTIFIER;

    private static final String BLINDED_FIELD = "blindedElement";
    private static final String EVALUATED_FIELD = "evaluatedElement";

    private Oprf() {
    }

    /**
     * RFC 9497 §3.2.1 DeriveKeyPair: a key determined by a secret seed and a public info string.
     *
     * @param seed 32 secret bytes (Ns)
     * @param info public key-derivation info, at most 65535 bytes (here {@code Labels.KEY_INFO})
     */
    public static OprfKey deriveKeyPair(byte[] seed, byte[] info) {
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(info, "info");
        if (seed.length != Suite.SCALAR_LENGTH) {
            throw new OprfException("seed.length", "seed must be exactly 32 bytes");
        }
        if (info.length > Suite.MAX_PREFIXED_LENGTH) {
            throw new OprfException("info.length", "info must be at most 65535 bytes");
        }
        // RFC 9497 §3.2.1: deriveInput = seed || I2OSP(len(info), 2) || info, followed by a
        // one-byte counter that is bumped while HashToScalar yields zero.
        byte[] deriveInput = new byte[seed.length + 2 + info.length + 1];
        System.arraycopy(seed, 0, deriveInput, 0, seed.length);
        putLength(deriveInput, seed.length, info.length);
        System.arraycopy(info, 0, deriveInput, seed.length + 2, info.length);
        int counterIndex = deriveInput.length - 1;
        for (int counter = 0; counter <= 0xFF; counter++) {
            deriveInput[counterIndex] = (byte) counter;
            // RFC 9497 §3.2.1: skS = G.HashToScalar(deriveInput || I2OSP(counter, 1),
            //                                      DST = "DeriveKeyPair" || contextString)
            BigInteger candidate = P256Group.hashToScalar(deriveInput, Suite.DERIVE_KEY_PAIR_DST);
            if (candidate.signum() != 0) {
                return new OprfKey(candidate);
            }
        }
        // RFC 9497 §3.2.1 DeriveKeyPairError: 256 zero scalars in a row, probability ~2^-65536.
        throw new OprfException("key.derive", "key derivation found no non-zero scalar");
    }

    /**
     * A fresh random key: DeriveKeyPair (RFC 9497 §3.2.1) over a 32-byte seed from {@code random}.
     */
    public static OprfKey generateKey(SecureRandom random, byte[] info) {
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
     * @throws InvalidInputException if the input is too long or hashes to the identity
     */
    public static Blinded blind(byte[] input, ScalarSource randomness) {
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
     * RFC 9497 §3.3.1 BlindEvaluate (server): {@code Z = skS * M}. The blinded element is fully
     * validated first (RFC 9497 §4.3 DeserializeElement).
     *
     * @return the 33-byte serialized evaluated element
     * @throws InvalidElementException (a specific subclass) if the blinded element is invalid
     */
    public static byte[] blindEvaluate(OprfKey key, byte[] blindedElement) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(blindedElement, "blindedElement");
        // RFC 9497 §4.3 DeserializeElement (InputValidationError on failure)
        ECPoint blinded = P256Group.deserializeElement(blindedElement, BLINDED_FIELD);
        // RFC 9497 §3.3.1: evaluatedElement = skS * blindedElement
        return P256Group.serializeElement(P256Group.multiplySecret(blinded, key.scalar()));
    }

    /**
     * RFC 9497 §3.3.1 Finalize (client): unblinds the server's answer and hashes it with the input.
     *
     * @return the 32-byte OPRF output
     * @throws InvalidElementException if the evaluated element is invalid
     */
    public static byte[] finalizeOutput(byte[] input, Blinded blinded, byte[] evaluatedElement) {
        checkInput(input);
        Objects.requireNonNull(blinded, "blinded");
        Objects.requireNonNull(evaluatedElement, "evaluatedElement");
        // RFC 9497 §4.3 DeserializeElement
        ECPoint evaluated = P256Group.deserializeElement(evaluatedElement, EVALUATED_FIELD);
        // RFC 9497 §3.3.1: N = G.ScalarInverse(blind) * evaluatedElement
        // (constant-time inversion: the blind is secret)
        BigInteger inverse = BigIntegers.modOddInverse(P256Group.ORDER, blinded.blind());
        byte[] unblinded = P256Group.serializeElement(P256Group.multiplySecret(evaluated, inverse));
        return finalizeHash(input, unblinded);
    }

    /**
     * RFC 9497 §3.3.1 Evaluate: the PRF output computed directly with the private key, equal to
     * the output of a full blind / blind-evaluate / finalize exchange.
     *
     * @return the 32-byte OPRF output
     * @throws InvalidInputException if the input is too long or hashes to the identity
     */
    public static byte[] evaluate(OprfKey key, byte[] input) {
        Objects.requireNonNull(key, "key");
        checkInput(input);
        // RFC 9497 §3.3.1: inputElement = G.HashToGroup(input); identity -> InvalidInputError
        ECPoint inputElement = hashToGroupChecked(input);
        // RFC 9497 §3.3.1: evaluatedElement = skS * inputElement
        // (wNAF, not constant-time: Evaluate is the loader's offline bulk path, see package doc)
        byte[] issued = P256Group.serializeElement(P256Group.multiplyOffline(inputElement, key.scalar()));
        return finalizeHash(input, issued);
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

    private static ECPoint hashToGroupChecked(byte[] input) {
        ECPoint element = P256Group.hashToGroup(input);
        if (element.isInfinity()) {
            throw InvalidInputException.hashesToIdentity();
        }
        return element;
    }

    /** RFC 9497 §5.1: the input must fit the two-byte length prefix of the Finalize hash. */
    private static void checkInput(byte[] input) {
        Objects.requireNonNull(input, "input");
        if (input.length > Suite.MAX_PREFIXED_LENGTH) {
            throw InvalidInputException.tooLong();
        }
    }

    /** I2OSP(length, 2) written at {@code offset}. */
    private static void putLength(byte[] target, int offset, int length) {
        target[offset] = (byte) (length >>> 8);
        target[offset + 1] = (byte) length;
    }
}
