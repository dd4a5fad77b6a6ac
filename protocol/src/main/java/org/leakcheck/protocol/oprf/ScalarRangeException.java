package org.leakcheck.protocol.oprf;

/** The scalar is not canonical: it is greater than or equal to the P-256 group order n. */
public final class ScalarRangeException extends InvalidScalarException {

    private static final long serialVersionUID = 1L;

    /** Stable rule code carried by this exception. */
    public static final String RULE = "scalar.range";

    ScalarRangeException(String field) {
        super(RULE, field + " must be below the group order n");
    }
}
