package org.leakcheck.protocol.oprf;

/**
 * The private input cannot be processed: it hashes to the identity element
 * (RFC 9497 §3.3.1 {@code InvalidInputError}, rule {@value #IDENTITY_RULE}), or it is longer than
 * the 2^16 - 1 bytes that the length prefix of Finalize can express (RFC 9497 §5.1, rule
 * {@value #LENGTH_RULE}).
 */
public final class InvalidInputException extends OprfException {

    private static final long serialVersionUID = 1L;

    /** Rule code for an input that hashes to the identity element. */
    public static final String IDENTITY_RULE = "input.identity";

    /** Rule code for an input longer than 65535 bytes. */
    public static final String LENGTH_RULE = "input.length";

    private InvalidInputException(String rule, String message) {
        super(rule, message);
    }

    static InvalidInputException hashesToIdentity() {
        return new InvalidInputException(IDENTITY_RULE, "input hashes to the identity element");
    }

    static InvalidInputException tooLong() {
        return new InvalidInputException(LENGTH_RULE, "input must be at most 65535 bytes");
    }
}
