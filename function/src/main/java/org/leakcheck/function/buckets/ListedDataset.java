package org.leakcheck.function.buckets;

import java.time.Duration;
import java.time.Instant;

import org.leakcheck.store.DatasetManifest;

/**
 * A dataset {@code /v2/info} lists (docs/protocol.md §7.4): its manifest, which passed the
 * servable filter of {@link ServedDatasets}, and its notice as the compact JSON object to publish.
 *
 * @param manifest the manifest
 * @param notice   the manifest's notice, re-written by our own generator from the parsed text
 *                 ({@link NoticeJson}): one JSON object, whatever the table holds
 */
public record ListedDataset(DatasetManifest manifest, String notice) {

    /** True while the dataset is served: {@code now} is before its {@code servedUntil}. */
    public boolean servedAt(Instant now) {
        return manifest.servedAt(now);
    }

    /** The whole seconds left until {@code servedUntil}, 0 once it has come. */
    public long secondsLeft(Instant now) {
        return secondsLeft(manifest.servedUntil(), now);
    }

    /** The whole seconds from {@code now} until {@code end}, 0 once it has come. */
    static long secondsLeft(Instant end, Instant now) {
        return now.isBefore(end) ? Duration.between(now, end).getSeconds() : 0;
    }
}
