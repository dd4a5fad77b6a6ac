package org.leakcheck.protocol.lookup;

import java.util.List;

/** The outcome of a lookup: the datasets in which the identity was found, with their opened details. */
public record LookupResult(List<Match> matches) {
    /** True when the identity is in at least one dataset. */
    public boolean found() {
        return !matches.isEmpty();
    }

    /** The identity is in {@code datasetId}, with these exposed kinds of data. */
    public record Match(String datasetId, Details details) {
    }
}
