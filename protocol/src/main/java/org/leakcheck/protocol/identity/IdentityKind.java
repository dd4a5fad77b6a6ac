package org.leakcheck.protocol.identity;

/**
 * The kinds of identity a person can be looked up by. The {@link #tag()} is the first byte of
 * {@link Identity#canonicalBytes()}, so two kinds can never produce the same encoding.
 */
public enum IdentityKind {
    /** French social security number (NIR), one field. */
    NIR(0x01, "nir"),
    /** Last name, first name and birth date, three fields. */
    NAME_DOB(0x02, "name-dob");

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

    /** A short ASCII name for logs, metrics and documentation ({@code "nir"}, {@code "name-dob"}). */
    public String label() {
        return label;
    }
}
