package org.leakcheck.loader.load;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a load did, in counts and line numbers only — never a value from the file — so it can be
 * written to {@code --report} (as JSON, one field per component, in this order) and shown on
 * stdout. Immutable: the pipeline gathers the counts phase by phase in a {@link Builder} and
 * builds the report once, when the load (or the dry run) is over.
 *
 * @param rowsRead       rows read, accepted or rejected
 * @param rowsAccepted   rows with at least one valid identity
 * @param emptyLines     blank lines skipped
 * @param rowsRejected   rejected rows per rule, with their count and the first line numbers; sorted by rule
 * @param fieldsRejected identity fields that were present but invalid (the row may still be accepted
 *                       through another identity); sorted by rule
 * @param persons        persons after merging rows
 * @param entries        entries (identities), {@code N}
 * @param entriesByKind  entries per identity kind ({@code nir}, {@code name-dob}, {@code nir+factor},
 *                       {@code name-dob+factor}); sorted by kind
 * @param personsWithoutFactor persons without a valid factor value (policies that use the factor;
 *                       0 under open): under membership they have the plain entry only, under gated none
 * @param exposedMask    the union of every person's exposure mask (the dataset-level kinds)
 * @param disclosure     the disclosure policy's label
 * @param servedUntil    the end date, an ISO-8601 instant
 * @param factorIgnored  true under open when the mapping names factor columns: they were not read
 * @param bucketBits     {@code B_D}, chosen from {@code entries} by the rule of {@code docs/protocol.md} §3
 * @param buckets        2^B_D, the number of bucket items
 * @param loadId         the load id {@code L} in hex: derived from the content, so a reload of the same
 *                       content gives the same one
 * @param maxBucketSize  the entries of the largest bucket, before padding
 * @param paddedSize     {@code P}, the entries of every bucket item after padding ({@code paddedSize} in
 *                       {@code /v2/info})
 * @param itemsDeleted   items of the dataset's other loads (a previous content, an interrupted load)
 *                       deleted after the manifest; 0 in a dry run
 * @param encoding       the export's encoding, detected or forced
 * @param delimiter      the export's delimiter, {@code tab} for a tab
 * @param partitions     {@code P}, the person and entry partitions the work was split into (docs/loader.md)
 * @param spillBytes     the largest size the work directory reached, in bytes
 * @param piecesReused   phases and partitions an earlier run of the same load had finished, not redone
 * @param workDir        the work directory of the temporary files (deleted at the end)
 * @param dryRun         whether nothing was written
 * @param phaseSeconds   seconds per phase, in order
 */
public record LoadReport(long rowsRead, long rowsAccepted, long emptyLines,
                         Map<String, Rejected> rowsRejected, Map<String, Rejected> fieldsRejected,
                         long persons, long entries, Map<String, Long> entriesByKind,
                         long personsWithoutFactor, int exposedMask, String disclosure, String servedUntil,
                         boolean factorIgnored, int bucketBits, int buckets, String loadId, int maxBucketSize, int paddedSize,
                         long itemsDeleted, String encoding, String delimiter, int partitions, long spillBytes,
                         int piecesReused, String workDir, boolean dryRun,
                         Map<String, Double> phaseSeconds) {

    /** Count and first line numbers of one rule. */
    public record Rejected(long count, List<Long> lines) {
        public Rejected {
            lines = List.copyOf(lines);
        }
    }

    /** Copies the maps, keeping their order: sorted by key, except the phases, in the order they ran. */
    public LoadReport {
        rowsRejected = Collections.unmodifiableMap(new TreeMap<>(rowsRejected));
        fieldsRejected = Collections.unmodifiableMap(new TreeMap<>(fieldsRejected));
        entriesByKind = Collections.unmodifiableMap(new TreeMap<>(entriesByKind));
        phaseSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(phaseSeconds));
    }

    long rowsRejectedTotal() {
        return total(rowsRejected);
    }

    private static long total(Map<String, Rejected> rejected) {
        return rejected.values().stream().mapToLong(Rejected::count).sum();
    }

    /** The human summary printed on stdout. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(dryRun ? "dry run (nothing written)\n" : "");
        s.append(String.format("rows read        %,d (accepted %,d, rejected %,d, empty lines %,d)%n",
                rowsRead, rowsAccepted, rowsRejectedTotal(), emptyLines));
        rowsRejected.forEach((rule, r) -> s.append(String.format("  rejected %-22s %,d%n", rule, r.count())));
        fieldsRejected.forEach((rule, r) -> s.append(String.format("  invalid field %-17s %,d%n", rule, r.count())));
        s.append(String.format("persons          %,d%n", persons));
        s.append(String.format("entries          %,d %s%n", entries, entriesByKind));
        s.append(String.format("disclosure       %s%s%n", disclosure, factorIgnored
                ? " (factor columns ignored: the open policy uses no factor)"
                : personsWithoutFactor > 0 ? String.format(" (%,d persons without a factor)", personsWithoutFactor) : ""));
        s.append(String.format("served until     %s%n", servedUntil));
        s.append(String.format("buckets          %,d (bucket bits %d; largest %,d entries, padded to %,d)%n", buckets,
                bucketBits, maxBucketSize, paddedSize));
        s.append(String.format("load             %s%n", loadId));
        s.append(String.format("work directory   %s (%d partitions, at most %,d MB on disk%s)%n", workDir, partitions,
                (spillBytes + (1 << 20) - 1) >> 20, piecesReused > 0 ? String.format("; %d pieces of an earlier"
                        + " run reused", piecesReused) : ""));
        if (!dryRun) {
            s.append(String.format("items deleted    %,d (other loads of the dataset)%n", itemsDeleted));
        }
        phaseSeconds.forEach((phase, sec) -> s.append(String.format("%-16s %.1f s%n", phase, sec)));
        return s.toString();
    }

    /**
     * The counts of a load as its phases produce them; only the pipeline fills one. Not
     * thread-safe: the pipeline's coordinating thread alone writes to it.
     */
    static final class Builder {
        long rowsRead;
        long rowsAccepted;
        long emptyLines;
        final Map<String, Rejected> rowsRejected = new TreeMap<>();
        final Map<String, Rejected> fieldsRejected = new TreeMap<>();
        long persons;
        long entries;
        final Map<String, Long> entriesByKind = new TreeMap<>();
        long personsWithoutFactor;
        int exposedMask;
        String disclosure;
        String servedUntil;
        boolean factorIgnored;
        int bucketBits;
        int buckets;
        String loadId;
        int maxBucketSize;
        int paddedSize;
        long itemsDeleted;
        String encoding;
        String delimiter;
        int partitions;
        long spillBytes;
        int piecesReused;
        String workDir;
        final Map<String, Double> phaseSeconds = new LinkedHashMap<>();

        long rowsRejectedTotal() {
            return total(rowsRejected);
        }

        /** The report of what has been gathered, {@code dryRun} saying whether anything was written. */
        LoadReport build(boolean dryRun) {
            return new LoadReport(rowsRead, rowsAccepted, emptyLines, rowsRejected, fieldsRejected, persons, entries,
                    entriesByKind, personsWithoutFactor, exposedMask, disclosure, servedUntil, factorIgnored, bucketBits,
                    buckets, loadId, maxBucketSize, paddedSize, itemsDeleted, encoding,
                    delimiter, partitions, spillBytes, piecesReused, workDir, dryRun, phaseSeconds);
        }
    }
}
