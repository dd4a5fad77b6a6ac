package org.leakcheck.protocol.identity;

/**
 * The kinds of identity a person can be looked up by. The {@link #tag()} is the first byte of
 * {@link Identity#canonicalBytes()}, so two kinds can never produce the same encoding.
 */
public enum IdentityKind {
    /** French social security number (NIR), one field. */
    NIR(0x01, "nir"),
    /** Last name, first name and birth date, three fields. */
    NAME_DOB(0x02, "name-dob"),
    /** A NIR bound to a factor ({@link FactorIdentity}): the NIR's field, then the factor. */
    NIR_FACTOR(0x03, "nir+factor"),
    /** A name and birth date bound to a factor: the three fields, then the factor. */
    NAME_DOB_FACTOR(0x04, "name-dob+factor");

    private final byte tag;
    private final String label;

    IdentityKind(int tag, String label) {
        this.tag = (byte) tag;
        this.label = label;
    }

    /** The kind tag: first byte of the canonical encoding. */
    public byte tag() {
        return tag;
    }

    /** True for the kinds bound to a factor. */
    public boolean factorBound() {
        return this == NIR_FACTOR || this == NAME_DOB_FACTOR;
    }

    /** The plain kind this one binds ({@link #NIR} for {@link #NIR_FACTOR}…); a plain kind is its own base. */
    public IdentityKind base() {
        return switch (this) {
            case NIR_FACTOR -> NIR;
            case NAME_DOB_FACTOR -> NAME_DOB;
            default -> this;
        };
    }

    /**
     * The factor-bound kind of a plain kind.
     *
     * @throws IllegalArgumentException when {@code plain} is already factor-bound
     */
    public static IdentityKind factorBound(IdentityKind plain) {
        return switch (plain) {
            case NIR -> NIR_FACTOR;
            case NAME_DOB -> NAME_DOB_FACTOR;
            default -> throw new IllegalArgumentException("the kind is already bound to a factor");
        };
    }

    /**
     * The kind whose tag is {@code tag}, the first byte of a canonical encoding.
     *
     * @throws IllegalArgumentException for a tag of no kind
     */
    public static IdentityKind fromTag(byte tag) {
        for (IdentityKind kind : values()) {
            if (kind.tag == tag) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown identity tag");
    }

    /** A short ASCII name for logs, metrics and documentation ({@code "nir"}, {@code "name-dob"}). */
    public String label() {
        return label;
    }
}
