package org.leakcheck.protocol.identity;

/**
 * An identifier that cannot be canonicalized. {@link #field()} names the input field
 * ({@code nir}, {@code lastName}, {@code firstName}, {@code birthDate}, {@code factor}) and {@link #rule()} the
 * broken rule as a stable code such as {@code nir.key}, suitable for an RFC 9457 problem body.
 *
 * <p>The message is plain English built only from the field and the rule: it never contains the
 * input, so it is safe to log or to return to a caller.
 */
public final class InvalidIdentityException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String rule;

    InvalidIdentityException(String field, Rule rule) {
        super(field + ": " + rule.description() + " [" + rule.code() + "]");
        this.field = field;
        this.rule = rule.code();
    }

    /** The input field at fault: {@code nir}, {@code lastName}, {@code firstName}, {@code birthDate} or {@code factor}. */
    public String field() {
        return field;
    }

    /** The stable code of the broken rule, e.g. {@code nir.key} or {@code name.digits}. */
    public String rule() {
        return rule;
    }
}
