package org.leakcheck.protocol.oprf;

/**
 * Base of every error raised by the OPRF layer.
 *
 * <p>The message always starts with {@code "oprf: "} and names the field and the rule that was
 * broken, never the offending value: elements and scalars may be secret or identifying.
 * {@link #rule()} gives a stable, machine-readable code (for example {@code "element.length"})
 * that callers can put in an RFC 9457 problem body.
 */
public class OprfException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private static final String PREFIX = "oprf: ";

    private final String rule;

    OprfException(String rule, String message) {
        super(PREFIX + message);
        this.rule = rule;
    }

    /** Stable code of the rule that was broken, such as {@code "element.not-on-curve"}. */
    public String rule() {
        return rule;
    }
}
