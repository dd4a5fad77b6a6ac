package org.leakcheck.client;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.lookup.DisclosurePolicy;
import org.leakcheck.protocol.lookup.ExposureKind;

/**
 * One served dataset, as {@code /v2/info} describes it (docs/protocol.md §7.4).
 *
 * @param id           dataset id
 * @param load         its served load, 32 lower-case hex characters
 * @param bucketBits   B_D: the dataset has 2^B_D buckets
 * @param paddedSize   P: entries in every bucket of the load
 * @param title        short title (may be empty)
 * @param description  longer description (may be empty)
 * @param patients     number of persons in it
 * @param entries      number of real entries in it
 * @param loadedAt     when it was loaded
 * @param servedUntil  when it stops being served
 * @param disclosure   what an identity alone tells (open, membership, gated)
 * @param exposedKinds what the leak contained, over all its persons (the dataset-level description)
 * @param factor       the factor's label and hint; empty under {@code open}
 * @param notice       the controller's notice
 */
public record DatasetInfo(String id, String load, int bucketBits, int paddedSize, String title, String description,
                          long patients, long entries, Instant loadedAt, Instant servedUntil,
                          DisclosurePolicy disclosure, Set<ExposureKind> exposedKinds, Optional<FactorPrompt> factor,
                          Notice notice) {

    public DatasetInfo {
        exposedKinds = exposedKinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(exposedKinds));
    }

    /** The load, as the per-dataset derivations (§5) take it. */
    public DatasetLoad datasetLoad() {
        return DatasetLoad.of(id, load, bucketBits);
    }

    /** The title, or the id when the title is empty. */
    public String displayName() {
        return title.isBlank() ? id : title;
    }
}
