package org.leakcheck.protocol.oprf;

/** The element's first byte is not a compressed-point prefix (0x02 or 0x03). */
public final class ElementPrefixException extends InvalidElementException {

    private static final long serialVersionUID = 1L;

    /** Stable rule code carried by this exception. */
    public static final String RULE = "element.prefix";

    ElementPrefixException(String field) {
        super(RULE, field + " must start with 0x02 or 0x03 (compressed SEC1 point)");
    }
}
