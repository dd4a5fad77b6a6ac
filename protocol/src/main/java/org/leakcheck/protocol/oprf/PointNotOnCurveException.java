package org.leakcheck.protocol.oprf;

/**
 * No point of P-256 has the element's x-coordinate: x^3 - 3x + b is not a square
 * modulo p.
 */
public final class PointNotOnCurveException extends InvalidElementException {

    private static final long serialVersionUID = 1L;

    /** Stable rule code carried by this exception. */
    public static final String RULE = "element.not-on-curve";

    PointNotOnCurveException(String field) {
        super(RULE, field + " is not a point of P-256 (x^3 - 3x + b has no square root)");
    }
}
