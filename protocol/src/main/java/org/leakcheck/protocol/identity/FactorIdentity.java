package org.leakcheck.protocol.identity;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An identity bound to a factor ({@link Factor}): the kind a dataset under the {@code membership}
 * or {@code gated} disclosure policy keeps the person's kinds of data under
 * ({@code docs/protocol.md} §2.2, §3.1). It is an identity of its own, with its own OPRF input
 * and its own entry, so the server learns nothing more from it than from a plain identity.
 *
 * <p>Canonical encoding: the factor-bound tag ({@code 0x03} for a NIR, {@code 0x04} for a name
 * and birth date), then the base identity's fields exactly as in its own encoding, then
 * {@code u16 BE length || factor ASCII}:
 * <pre>
 *   0x03 || 0x00 0x0F || NIR (15)                                 || u16 len || factor
 *   0x04 || u16 len || last || u16 len || first || 0x00 0x0A || date || u16 len || factor
 * </pre>
 * The tag differs from the base's, so no factor-bound encoding equals a plain one, and the length
 * prefixes keep the encoding injective.
 *
 * @param base   the plain identity, a {@link NirIdentity} or a {@link NameDobIdentity}
 * @param factor the canonical factor ({@link Factor#canonical})
 */
public record FactorIdentity(Identity base, String factor) implements Identity {

    /**
     * @throws IllegalArgumentException when {@code base} is not a plain identity, or {@code factor}
     *                                  is not canonical (use {@link #parse})
     * @throws InvalidIdentityException when {@code factor} is not a valid factor at all
     */
    public FactorIdentity {
        Objects.requireNonNull(base, "base");
        if (!(base instanceof NirIdentity) && !(base instanceof NameDobIdentity)) {
            throw new IllegalArgumentException("base: a factor binds a NIR or a name with birth date only");
        }
        Objects.requireNonNull(factor, "factor");
        if (!Factor.canonical(factor).equals(factor)) {
            throw new IllegalArgumentException("factor: not in canonical form, use FactorIdentity.parse");
        }
    }

    /**
     * Binds {@code base} to an already canonical factor.
     *
     * @throws IllegalArgumentException as the constructor
     */
    public static FactorIdentity bind(Identity base, String canonicalFactor) {
        return new FactorIdentity(base, canonicalFactor);
    }

    /**
     * Canonicalizes a typed factor and binds {@code base} to it.
     *
     * @throws InvalidIdentityException with field {@code factor} and the rule broken
     */
    public static FactorIdentity parse(Identity base, String rawFactor) {
        return new FactorIdentity(base, Factor.canonical(rawFactor));
    }

    @Override
    public IdentityKind kind() {
        return IdentityKind.factorBound(base.kind());
    }

    @Override
    public byte[] canonicalBytes() {
        byte[] plain = base.canonicalBytes();
        byte[] f = factor.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[plain.length + 2 + f.length];
        out[0] = kind().tag();
        System.arraycopy(plain, 1, out, 1, plain.length - 1);
        out[plain.length] = (byte) (f.length >>> 8);
        out[plain.length + 1] = (byte) f.length;
        System.arraycopy(f, 0, out, plain.length + 2, f.length);
        return out;
    }

    /** Redacted: an identity and its factor must never reach a log line. */
    @Override
    public String toString() {
        return "FactorIdentity[redacted]";
    }
}
