package org.leakcheck.protocol.oprf;

/**
 * The element's x-coordinate is not a canonical field element: it is greater than or
 * equal to the field prime p.
 */
public final class CoordinateRangeException extends InvalidElementException {

    private static final long serialVersionUID = 1L;

    /** Stable rule code carried by this exception. */
    public static final String RULE = "element.coordinate-range";

    CoordinateRangeException(String field) {
        super(RULE, field + " has an x-coordinate that is not below the field prime p");
    }
}
