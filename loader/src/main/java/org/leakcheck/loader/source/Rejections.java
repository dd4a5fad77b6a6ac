package org.leakcheck.loader.source;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Counts rejections by rule and keeps the lowest line numbers of each, for the load report.
 * Memory stays bounded however dirty the input: only {@code linesPerRule} line numbers are kept
 * per rule. Thread-safe, so parallel stages of the loader can share one instance; keeping the
 * lowest lines, not the first reported, gives the same report whatever the order the workers
 * report in.
 */
public final class Rejections implements RejectionSink {

    /** Line numbers kept per rule by {@link #Rejections()}. */
    public static final int DEFAULT_LINES_PER_RULE = 100;

    private final int linesPerRule;
    private final Map<String, Long> counts = new TreeMap<>();
    private final Map<String, TreeSet<Long>> lines = new TreeMap<>();

    /** Keeps {@link #DEFAULT_LINES_PER_RULE} line numbers per rule. */
    public Rejections() {
        this(DEFAULT_LINES_PER_RULE);
    }

    /** @param linesPerRule how many line numbers to keep per rule (the count is always exact) */
    public Rejections(int linesPerRule) {
        if (linesPerRule < 0) {
            throw new IllegalArgumentException("linesPerRule must be >= 0");
        }
        this.linesPerRule = linesPerRule;
    }

    @Override
    public synchronized void reject(long lineNumber, String rule) {
        counts.merge(rule, 1L, Long::sum);
        TreeSet<Long> kept = lines.computeIfAbsent(rule, r -> new TreeSet<>());
        if (kept.size() < linesPerRule) {
            kept.add(lineNumber);
        } else if (linesPerRule > 0 && lineNumber < kept.last()) {
            kept.pollLast();
            kept.add(lineNumber);
        }
    }

    /** Total number of rejections. */
    public synchronized long total() {
        long total = 0;
        for (long count : counts.values()) {
            total += count;
        }
        return total;
    }

    /** Number of rejections for {@code rule} (0 if none). */
    public synchronized long count(String rule) {
        return counts.getOrDefault(rule, 0L);
    }

    /** Rejections by rule, sorted by rule code. */
    public synchronized Map<String, Long> counts() {
        return Collections.unmodifiableMap(new TreeMap<>(counts));
    }

    /** The lowest line numbers recorded for {@code rule}, in increasing order. */
    public synchronized List<Long> lines(String rule) {
        return List.copyOf(lines.getOrDefault(rule, new TreeSet<>()));
    }
}
