package org.leakcheck.function.buckets;

import java.time.Instant;
import java.util.List;

/**
 * What {@code /v2/info} and {@code /v2/feed.json} list, at one instant: every dataset that passed
 * the servable filter, sorted by id, each served (before its {@code servedUntil}) or ended.
 *
 * @param now      the instant the served/ended split is made at
 * @param datasets the datasets, served and ended, sorted by id
 */
public record Listing(Instant now, List<ListedDataset> datasets) {

    public Listing {
        datasets = List.copyOf(datasets);
    }

    /** The datasets served at {@link #now()}: their buckets may be read. */
    public List<ListedDataset> served() {
        return datasets.stream().filter(d -> d.servedAt(now)).toList();
    }

    /** True when {@code dataset} is served at {@link #now()}. */
    public boolean isServed(ListedDataset dataset) {
        return dataset.servedAt(now);
    }

    /**
     * The {@code max-age} of {@code /v2/info}: at most {@code limitSeconds}, and never past the end
     * of a served dataset (which must then be listed as ended).
     */
    public long infoMaxAge(long limitSeconds) {
        long maxAge = limitSeconds;
        for (ListedDataset dataset : served()) {
            maxAge = Math.min(maxAge, dataset.secondsLeft(now));
        }
        return Math.max(0, maxAge);
    }
}
