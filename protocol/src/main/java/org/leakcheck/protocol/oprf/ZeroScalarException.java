package org.leakcheck.protocol.oprf;

/**
 * The scalar is zero. A zero key maps every input to the identity, and a zero blind has
 * no inverse, so Finalize could not unblind.
 */
public final class ZeroScalarException extends InvalidScalarException {

    private static final long serialVersionUID = 1L;

    /** Stable rule code carried by this exception. */
    public static final String RULE = "scalar.zero";

    ZeroScalarException(String field) {
        super(RULE, field + " must not be zero");
    }
}
