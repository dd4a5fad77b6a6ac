package org.leakcheck.protocol.identity;

/**
 * A person identified by their canonical NIR (see {@link Nir}).
 *
 * <p>Canonical encoding: {@code 0x01 || 0x00 0x0F || 15 ASCII bytes}.
 *
 * @param nir the 15-character canonical NIR; the constructor refuses any other form
 */
public record NirIdentity(String nir) implements Identity {

    /**
     * @throws InvalidIdentityException if {@code nir} is not a valid NIR
     * @throws IllegalArgumentException if it is valid but not canonical (use {@link #parse})
     */
    public NirIdentity {
        if (!Nir.canonicalize(nir).equals(nir)) {
            throw new IllegalArgumentException("nir: not in canonical form, use NirIdentity.parse");
        }
    }

    /**
     * Canonicalizes typed input.
     *
     * @throws InvalidIdentityException with field {@code nir} and the rule broken
     */
    public static NirIdentity parse(String raw) {
        return new NirIdentity(Nir.canonicalize(raw));
    }

    @Override
    public IdentityKind kind() {
        return IdentityKind.NIR;
    }

    @Override
    public byte[] canonicalBytes() {
        return CanonicalEncoding.encode(IdentityKind.NIR, nir);
    }

    /** Redacted: an identity must never reach a log line. */
    @Override
    public String toString() {
        return "NirIdentity[redacted]";
    }
}
