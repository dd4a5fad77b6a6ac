package org.leakcheck.client;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.leakcheck.protocol.identity.IdentityKind;
import org.leakcheck.protocol.lookup.ExposureKind;

/**
 * The verdict for one identity of a check.
 *
 * @param kind      the kind of the identity (the identity itself is not kept)
 * @param exposures one per dataset the identity was found in (empty: not found)
 * @param checked   the datasets that were searched
 */
public record CheckResult(IdentityKind kind, List<Exposure> exposures, List<DatasetInfo> checked) {

    public CheckResult {
        exposures = List.copyOf(exposures);
        checked = List.copyOf(checked);
    }

    /** True when the identity is in at least one dataset. */
    public boolean found() {
        return !exposures.isEmpty();
    }

    /**
     * The identity is in {@code dataset}, which exposed these kinds of data about the person.
     *
     * @param dataset the dataset as /v2/info describes it
     * @param kinds   the kinds of data exposed, from the entry's opened details
     */
    public record Exposure(DatasetInfo dataset, Set<ExposureKind> kinds) {
        public Exposure {
            kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
        }
    }
}
