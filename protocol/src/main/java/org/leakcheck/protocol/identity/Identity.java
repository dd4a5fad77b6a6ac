package org.leakcheck.protocol.identity;

/**
 * A canonical identity: the value a person is looked up by, already normalised so that every
 * way of typing the same identity yields the same bytes.
 *
 * <p>The canonical encoding (OPRF input and bucket input) is the kind tag followed by each field
 * as a u16 big-endian byte length and the field's UTF-8 bytes:
 * <pre>
 *   tag (1 byte) || len(f1) (2 bytes BE) || f1 || len(f2) || f2 ...
 * </pre>
 * Length prefixes make the encoding injective: no choice of field values makes two identities
 * share an encoding. A {@link FactorIdentity} binds a NIR or a name with birth date to a factor:
 * its own tag, the base's fields, then the factor.
 *
 * <p>Implementations override {@code toString()} so that an identity written to a log by
 * mistake does not reveal the identifier.
 */
public sealed interface Identity permits NirIdentity, NameDobIdentity, FactorIdentity {

    /** The kind of identity, whose tag opens the canonical encoding. */
    IdentityKind kind();

    /** The canonical encoding; a fresh array on each call. */
    byte[] canonicalBytes();
}
