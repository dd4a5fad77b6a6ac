package org.leakcheck.cli.batch;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.leakcheck.client.BatchStats;

/**
 * The counts of a run's output rows (those of an earlier, resumed run included) and the summary
 * printed at the end: rows, found per dataset and access, rejected per rule with their first lines,
 * errors, and the requests this run used with the 429s it met.
 */
final class Tally {

    private static final int LINES_SHOWN = 5;

    private long rows;
    private long found;
    private long notFound;
    private long rejected;
    private long errors;
    private final Map<String, Map<String, Long>> perDataset = new TreeMap<>();
    private final Map<String, Long> rejectedPerRule = new TreeMap<>();
    private final Map<String, List<Long>> rejectedLines = new TreeMap<>();
    private final Map<String, Long> errorsPerCode = new TreeMap<>();

    void add(ResultRow row) {
        rows++;
        switch (row.verdict()) {
            case ResultRow.FOUND -> {
                found++;
                for (int d = 0; d < row.datasets().size(); d++) {
                    String access = d < row.access().size() ? row.access().get(d) : "";
                    perDataset.computeIfAbsent(row.datasets().get(d), k -> new TreeMap<>()).merge(access, 1L, Long::sum);
                }
            }
            case ResultRow.NOT_FOUND -> notFound++;
            case ResultRow.REJECTED -> {
                rejected++;
                String rule = row.notes().isEmpty() ? "?" : row.notes().get(0);
                rejectedPerRule.merge(rule, 1L, Long::sum);
                List<Long> lines = rejectedLines.computeIfAbsent(rule, k -> new ArrayList<>());
                if (lines.size() < LINES_SHOWN) {
                    lines.add(row.line());
                }
            }
            default -> {
                errors++;
                errorsPerCode.merge(row.notes().isEmpty() ? "?" : row.notes().get(0), 1L, Long::sum);
            }
        }
    }

    long rows() {
        return rows;
    }

    long found() {
        return found;
    }

    /** Rows with no verdict: rejected or in error. */
    long withoutVerdict() {
        return rejected + errors;
    }

    void print(PrintWriter out, BatchStats.Snapshot requests, boolean complete, String stopped) {
        out.printf("check --batch: %,d rows: %,d found, %,d not found, %,d rejected, %,d errors%s%n", rows, found, notFound,
                rejected, errors, complete ? "" : "; STOPPED before the end of the input");
        perDataset.forEach((dataset, access) -> out.printf("  found in %s: %,d (%s)%n", dataset,
                access.values().stream().mapToLong(Long::longValue).sum(), describe(access)));
        rejectedPerRule.forEach((rule, count) -> out.printf("  rejected %s: %,d (line%s %s%s)%n", rule, count,
                count > 1 ? "s" : "", join(rejectedLines.get(rule)), count > LINES_SHOWN ? ", ..." : ""));
        errorsPerCode.forEach((code, count) -> out.printf("  errors %s: %,d%n", code, count));
        out.printf("  requests this run: %,d (%,d info, %,d evaluations of %,d elements, %,d bucket reads of which %,d "
                        + "not modified; %,d buckets from the cache without a request); %,d retries, %,d server errors, "
                        + "%,d network errors%n",
                requests.requests(), requests.infoReads(), requests.evaluations(), requests.elements(),
                requests.bucketReads(), requests.notModified(), requests.cacheHits(), requests.retries(),
                requests.serverErrors(), requests.networkErrors());
        out.printf("  429 seen: %,d (throttled %,d, quota %,d, daily cap %,d, per address %,d, other %,d)%n",
                requests.rateLimited(), requests.throttled(), requests.quota(), requests.dailyCap(),
                requests.perAddress(), requests.unknown429());
        if (stopped != null) {
            out.println("  stopped: " + stopped);
        }
    }

    private static String describe(Map<String, Long> access) {
        List<String> parts = new ArrayList<>();
        access.forEach((a, n) -> parts.add(String.format("%s %,d", a, n)));
        return String.join(", ", parts);
    }

    private static String join(List<Long> lines) {
        List<String> parts = new ArrayList<>();
        lines.forEach(l -> parts.add(Long.toString(l)));
        return String.join(", ", parts);
    }
}
