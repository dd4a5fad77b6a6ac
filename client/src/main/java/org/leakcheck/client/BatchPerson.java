package org.leakcheck.client;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.leakcheck.protocol.identity.Factor;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.IdentityKind;

/**
 * One person of a batch check ({@link LeakcheckClient#checkAll}): their plain identities (a NIR,
 * a name with birth date, or both) and, optionally, their factor. Whatever is given, the person
 * costs the same elements in an evaluation: each kind alone and bound to the factor, dummies in
 * the places of what is missing (docs/batch.md).
 *
 * @param identities one or two plain identities of distinct kinds ({@code nir}, {@code name-dob})
 * @param factor     the factor as given, canonicalized here ({@link Factor#canonical}); empty for none
 */
public record BatchPerson(List<Identity> identities, Optional<String> factor) {

    /**
     * @throws IllegalArgumentException when there is no identity, more than two, two of one kind,
     *                                  or a factor-bound one
     * @throws org.leakcheck.protocol.identity.InvalidIdentityException when the factor breaks a rule
     */
    public BatchPerson {
        identities = List.copyOf(identities);
        Set<IdentityKind> kinds = EnumSet.noneOf(IdentityKind.class);
        for (Identity identity : identities) {
            if (identity.kind().factorBound() || !kinds.add(identity.kind())) {
                throw new IllegalArgumentException("identities: one or two plain identities of distinct kinds");
            }
        }
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("identities: one or two plain identities of distinct kinds");
        }
        factor = factor.map(Factor::canonical);
    }

    /** Redacted: the identities and the factor are personal data. */
    @Override
    public String toString() {
        return "BatchPerson[redacted]";
    }
}
