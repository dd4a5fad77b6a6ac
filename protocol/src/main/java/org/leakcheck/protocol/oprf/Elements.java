package org.leakcheck.protocol.oprf;

/**
 * Validation of serialized group elements received from the other party, for callers that
 * want to reject a bad element before doing anything else with it (an HTTP handler that maps
 * each failure to a 400 naming the rule, a client checking a published public key).
 */
public final class Elements {

    private Elements() {
    }

    /**
     * Checks that {@code element} is a valid serialized P-256 element as RFC 9497 §4.3
     * DeserializeElement requires: 33 bytes, prefix 0x02 or 0x03, x below p, x on the curve, and
     * not the identity.
     *
     * @param field the name to report in the error ({@code "blindedElements[2]"}, {@code "publicKey"})
     * @throws OprfException with rule {@code element.length}, {@code element.prefix},
     *                       {@code element.coordinate-range}, {@code element.not-on-curve} or {@code element.identity}
     */
    public static void validate(byte[] element, String field) {
        P256Group.deserializeElement(element, field);
    }
}
