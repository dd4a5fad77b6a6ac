package org.leakcheck.protocol.oprf;

import java.util.Objects;

/**
 * Every error of the OPRF layer: one exception, with the {@link Rule} that was broken.
 *
 * <p>The message starts with {@code "oprf: "} and names the field and the rule, never the
 * offending value: elements and scalars may be secret or identifying. {@link #rule()} is stable,
 * so that callers can map it exhaustively (an HTTP handler to an RFC 9457 problem, a client to
 * its own error).
 */
public final class OprfException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What was wrong. {@link #code()} is the machine-readable rule, e.g. {@code element.length}. */
    public enum Rule {
        /** RFC 9497 §4.3 DeserializeElement: not 33 bytes. */
        ELEMENT_LENGTH("element.length", "must be exactly 33 bytes (compressed SEC1 point)"),
        /** SEC1 §2.3.4: the first byte is neither 0x02 nor 0x03. */
        ELEMENT_PREFIX("element.prefix", "must start with 0x02 or 0x03 (compressed SEC1 point)"),
        /** SEC1 §2.3.4: x is not a canonical field element. */
        ELEMENT_COORDINATE_RANGE("element.coordinate-range", "has an x-coordinate that is not below the field prime p"),
        /** SEC1 §2.3.4: no curve point has this x. */
        ELEMENT_NOT_ON_CURVE("element.not-on-curve", "is not a point of P-256 (x^3 - 3x + b has no square root)"),
        /** RFC 9497 §4.3: the identity element is refused. */
        ELEMENT_IDENTITY("element.identity", "must not be the identity element (point at infinity)"),
        /** RFC 9497 §4.3 DeserializeScalar: not 32 bytes. */
        SCALAR_LENGTH("scalar.length", "must be exactly 32 bytes"),
        /** A key or blind of zero is not invertible. */
        SCALAR_ZERO("scalar.zero", "must not be zero"),
        /** RFC 9497 §4.3 DeserializeScalar: not below the group order n. */
        SCALAR_RANGE("scalar.range", "must be below the group order n"),
        /** RFC 9497 §5.1: the input must fit a two-byte length. */
        INPUT_LENGTH("input.length", "must be at most 65535 bytes"),
        /** RFC 9497 §3.3.1 InvalidInputError: the input hashes to the identity. */
        INPUT_IDENTITY("input.identity", "hashes to the identity element"),
        /** RFC 9497 §3.2.1: the seed of DeriveKeyPair is not Ns bytes. */
        SEED_LENGTH("seed.length", "must be exactly 32 bytes"),
        /** RFC 9497 §3.2.1: the info of DeriveKeyPair does not fit a two-byte length. */
        INFO_LENGTH("info.length", "must be at most 65535 bytes"),
        /** RFC 9497 §3.2.1 DeriveKeyPairError (probability about 2^-65536). */
        KEY_DERIVE("key.derive", "yields no non-zero scalar"),
        /** RFC 9497 §3.3.2: a batch must hold at least one element, and as many answers as requests. */
        BATCH_SIZE("batch.size", "must hold one element or more, one answer per blinded element"),
        /** RFC 9497 §2.2.2 VerifyProof failed (VerifyError): not evaluated under the expected key. */
        PROOF_INVALID("proof.invalid", "does not verify under the expected public key"),
        /** A proof is not two 32-byte scalars below n. */
        PROOF_FORMAT("proof.format", "must be 64 bytes: two scalars below the group order n");

        private final String code;
        private final String sentence;

        Rule(String code, String sentence) {
            this.code = code;
            this.sentence = sentence;
        }

        /** The stable code, such as {@code "element.not-on-curve"}. */
        public String code() {
            return code;
        }
    }

    private final Rule rule;
    private final String field;

    OprfException(Rule rule, String field) {
        super("oprf: " + field + " " + rule.sentence + " [" + rule.code + "]");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.field = field;
    }

    /** The rule that was broken. */
    public Rule rule() {
        return rule;
    }

    /** The name of the value that broke it ({@code "blindedElement"}, {@code "proof"}, ...): never its content. */
    public String field() {
        return field;
    }

    /** True for the rules of RFC 9497 DeserializeElement: the element itself was malformed. */
    public boolean isElementRule() {
        return rule.code.startsWith("element.");
    }
}
