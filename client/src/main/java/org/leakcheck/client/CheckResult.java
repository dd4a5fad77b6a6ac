package org.leakcheck.client;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.leakcheck.protocol.identity.IdentityKind;
import org.leakcheck.protocol.lookup.ExposureKind;
import org.leakcheck.protocol.lookup.Verdicts;

/**
 * The verdict for one typed identity of a check, per dataset (docs/protocol.md §7.5).
 *
 * @param kind        the kind of the identity ({@code nir} or {@code name-dob}; the identity itself is not kept)
 * @param exposures   one per dataset the identity was found in, sorted by dataset id (empty: not found)
 * @param checked     the datasets that were searched
 * @param ended       the datasets listed as ended: not searched
 * @param factorGiven true when a factor was typed and sent
 */
public record CheckResult(IdentityKind kind, List<Exposure> exposures, List<DatasetInfo> checked,
                          List<EndedDataset> ended, boolean factorGiven) {

    public CheckResult {
        exposures = List.copyOf(exposures);
        checked = List.copyOf(checked);
        ended = List.copyOf(ended);
    }

    /** True when the identity is in at least one dataset. */
    public boolean found() {
        return !exposures.isEmpty();
    }

    /**
     * The identity is in {@code dataset}.
     *
     * @param dataset the dataset as /v2/info describes it (its notice holds the contact point)
     * @param access  what the match lets the visitor see: the kinds, or membership only because
     *                the factor is needed (none typed) or was not the right one
     * @param kinds   the person's kinds of data exposed when {@code access} is
     *                {@link Verdicts.Access#KINDS}; empty otherwise (the dataset's own
     *                {@link DatasetInfo#exposedKinds()} then says what the leak contained)
     */
    public record Exposure(DatasetInfo dataset, Verdicts.Access access, Set<ExposureKind> kinds) {
        public Exposure {
            kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
        }

        /** The dataset's contact point, for every "found". */
        public Notice.Contact contact() {
            return dataset.notice().contact();
        }
    }
}
