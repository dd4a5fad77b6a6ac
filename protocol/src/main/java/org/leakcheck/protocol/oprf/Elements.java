package org.leakcheck.protocol.oprf;

/**
 * Validation of serialized group elements received from the other party, for callers that
 * want to reject a bad element before doing anything else with it (for example an HTTP handler
 * that maps each failure to a 400 naming the rule).
 */
public final class Elements {

    private static final String FIELD = "element";

    private Elements() {
    }

    /**
     * Checks that {@code element} is a valid serialized P-256 element as RFC 9497 §4.3
     * DeserializeElement requires: 33 bytes, prefix 0x02 or 0x03, x below p, x on the curve, and
     * not the identity.
     *
     * @throws ElementLengthException    if the length is not 33 bytes
     * @throws ElementPrefixException    if the first byte is neither 0x02 nor 0x03
     * @throws CoordinateRangeException  if x is not below the field prime p
     * @throws PointNotOnCurveException  if no curve point has that x
     * @throws IdentityElementException  if the element encodes the identity
     */
    public static void validate(byte[] element) {
        P256Group.deserializeElement(element, FIELD);
    }
}
