package org.leakcheck.protocol.lookup;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Combines the two lookups of one typed identity, alone and bound to the typed factor, into one
 * verdict per dataset ({@code docs/protocol.md} §7.5):
 *
 * <pre>
 *   factor-bound entry found                  -> KINDS, with its kinds
 *   else plain entry found, scope KINDS       -> KINDS (an open dataset)
 *   else plain entry found, scope MEMBERSHIP  -> FACTOR_NEEDED (no factor typed) / FACTOR_WRONG (one was)
 *   else                                      -> absent: not found (gated, wrong or missing factor)
 * </pre>
 */
public final class Verdicts {

    /** What a match lets the visitor see. */
    public enum Access {
        /** Membership and the person's kinds of data. */
        KINDS("kinds"),
        /** Membership; the kinds need the factor, which was not typed. */
        FACTOR_NEEDED("factor-needed"),
        /** Membership; a factor was typed but it is not this person's in this dataset. */
        FACTOR_WRONG("factor-wrong");

        private final String label;

        Access(String label) {
            this.label = label;
        }

        /** The wire name, as in the page's {@code combineVerdicts}. */
        public String label() {
            return label;
        }
    }

    /**
     * The identity is in {@code datasetId}.
     *
     * @param kinds the person's kinds when {@code access} is {@link Access#KINDS}, else empty
     */
    public record Match(String datasetId, Access access, Set<ExposureKind> kinds) {
        public Match {
            Objects.requireNonNull(datasetId, "datasetId");
            Objects.requireNonNull(access, "access");
            kinds = Collections.unmodifiableSet(kinds.isEmpty() ? EnumSet.noneOf(ExposureKind.class) : EnumSet.copyOf(kinds));
            if (access != Access.KINDS && !kinds.isEmpty()) {
                throw new IllegalArgumentException("only a KINDS match carries kinds");
            }
        }
    }

    private Verdicts() {
    }

    /**
     * The verdicts of one typed base identity, sorted by dataset id.
     *
     * @param plain       the lookup of the identity alone
     * @param factorBound the lookup of the identity bound to the typed factor, or null when no
     *                    factor was typed
     */
    public static List<Match> combine(LookupResult plain, LookupResult factorBound) {
        Objects.requireNonNull(plain, "plain");
        Map<String, Match> byDataset = new TreeMap<>();
        for (LookupResult.Match m : plain.matches()) {
            Details d = m.details();
            Access access = !d.membershipOnly() ? Access.KINDS
                    : factorBound == null ? Access.FACTOR_NEEDED : Access.FACTOR_WRONG;
            byDataset.put(m.datasetId(), new Match(m.datasetId(), access, d.kinds()));
        }
        if (factorBound != null) {
            for (LookupResult.Match m : factorBound.matches()) {
                // A factor-bound entry is always scope KINDS; one that says otherwise carries no kinds.
                Details d = m.details();
                byDataset.put(m.datasetId(), new Match(m.datasetId(), Access.KINDS, d.kinds()));
            }
        }
        return List.copyOf(byDataset.values());
    }
}
