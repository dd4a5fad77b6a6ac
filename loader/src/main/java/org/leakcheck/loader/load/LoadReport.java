package org.leakcheck.loader.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a load did, in counts and line numbers only — never a value from the file — so it can be
 * written to {@code --report} and shown on stdout.
 */
public final class LoadReport {
    /** Rows by outcome. */
    public long rowsRead;
    public long rowsAccepted;
    public long emptyLines;
    /** Rejected rows per rule, with their count and the first line numbers. */
    public final Map<String, Rejected> rowsRejected = new TreeMap<>();
    /** Identity fields that were present but invalid (the row may still be accepted through another identity). */
    public final Map<String, Rejected> fieldsRejected = new TreeMap<>();
    public long persons;
    public long entries;
    public Map<String, Long> entriesByKind = new TreeMap<>();
    /** {@code B_D}, chosen from {@link #entries} by the rule of {@code docs/protocol.md} §3. */
    public int bucketBits;
    /** 2^B_D, the number of bucket items. */
    public int buckets;
    /** The load id {@code L} in hex: derived from the content, so a reload of the same content gives the same one. */
    public String loadId;
    public int maxBucketSize;
    /** {@code P}, the entries of every bucket item after padding ({@code paddedSize} in {@code /v2/info}). */
    public int paddedSize;
    /** Items of the dataset's other loads (a previous content, an interrupted load) deleted after the manifest. */
    public long itemsDeleted;
    public String encoding;
    public String delimiter;
    public boolean dryRun;
    /** Seconds per phase, in order. */
    public final Map<String, Double> phaseSeconds = new LinkedHashMap<>();

    /** Count and first line numbers of one rule. */
    public record Rejected(long count, List<Long> lines) {
    }

    long rowsRejectedTotal() {
        return rowsRejected.values().stream().mapToLong(Rejected::count).sum();
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
        s.append(String.format("buckets          %,d (bucket bits %d; largest %,d entries, padded to %,d)%n", buckets,
                bucketBits, maxBucketSize, paddedSize));
        s.append(String.format("load             %s%n", loadId));
        if (!dryRun) {
            s.append(String.format("items deleted    %,d (other loads of the dataset)%n", itemsDeleted));
        }
        phaseSeconds.forEach((phase, sec) -> s.append(String.format("%-16s %.1f s%n", phase, sec)));
        return s.toString();
    }
}
