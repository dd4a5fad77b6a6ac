package org.leakcheck.loader.generate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A list of values read from a UTF-8 resource next to this class (one per line, {@code #} starts
 * a comment line), with an optional rank weighting: entry {@code r} (0-based) gets weight
 * {@code 1 / (r + offset)}, a Zipf-like law close to how surnames and first names are spread.
 */
final class WordList {

    private final String[] values;
    private final double[] cumulative;

    private WordList(String[] values, double[] cumulative) {
        this.values = values;
        this.cumulative = cumulative;
    }

    /** Every entry equally likely. */
    static WordList uniform(String resource) {
        return new WordList(read(resource), null);
    }

    /** Entry of rank r has weight 1 / (r + offset): a larger offset flattens the law. */
    static WordList ranked(String resource, double offset) {
        String[] values = read(resource);
        return new WordList(values, rankCumulative(values.length, offset));
    }

    String pick(Rng rng) {
        return values[cumulative == null ? rng.nextInt(values.length) : pickIndex(cumulative, rng)];
    }

    /** Cumulative, normalized weights 1 / (r + offset) for ranks 0..n-1. */
    static double[] rankCumulative(int n, double offset) {
        double[] cumulative = new double[n];
        double total = 0;
        for (int r = 0; r < n; r++) {
            total += 1.0 / (r + offset);
            cumulative[r] = total;
        }
        for (int r = 0; r < n; r++) {
            cumulative[r] /= total;
        }
        return cumulative;
    }

    /** An index drawn with the weights of {@link #rankCumulative}. */
    static int pickIndex(double[] cumulative, Rng rng) {
        int i = Arrays.binarySearch(cumulative, rng.nextDouble());
        int index = i >= 0 ? i + 1 : -i - 1;
        return Math.min(index, cumulative.length - 1);
    }

    int size() {
        return values.length;
    }

    String get(int index) {
        return values[index];
    }

    static String[] read(String resource) {
        try (InputStream in = WordList.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("generator resource missing: " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> values = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    values.add(line.strip());
                }
            }
            if (values.isEmpty()) {
                throw new IllegalStateException("generator resource is empty: " + resource);
            }
            return values.toArray(new String[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("generator resource unreadable: " + resource, e);
        }
    }
}
