package org.leakcheck.loader.generate;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * What to generate.
 *
 * @param patients  number of people (each has 1 to 4 rows); {@link #DEFAULT_PATIENTS} like the 2021 leak
 * @param seed      the same seed and options give a byte-identical file
 * @param encoding  UTF-8, or ISO-8859-1 for the Latin-1 variant of older exports
 * @param delimiter {@code ;} (French Excel exports), {@code ,}, tab or {@code |}
 * @param threads   worker threads drawing people (the output does not depend on it)
 */
public record GeneratorOptions(long patients, long seed, Charset encoding, char delimiter, int threads) {

    /** The number of patients of the February 2021 leak. */
    public static final long DEFAULT_PATIENTS = 491_840L;
    /** Default seed: the date the leak became public, 2021-02-23. */
    public static final long DEFAULT_SEED = 20_210_223L;
    public static final char DEFAULT_DELIMITER = ';';

    public GeneratorOptions {
        if (patients < 0) {
            throw new IllegalArgumentException("patients must be >= 0");
        }
        if (!StandardCharsets.UTF_8.equals(encoding) && !StandardCharsets.ISO_8859_1.equals(encoding)) {
            throw new IllegalArgumentException("encoding must be UTF-8 or ISO-8859-1");
        }
        if (delimiter != ';' && delimiter != ',' && delimiter != '\t' && delimiter != '|') {
            throw new IllegalArgumentException("delimiter must be ; , tab or |");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
    }

    /** 491,840 patients, default seed, UTF-8, semicolons, one thread per core. */
    public static GeneratorOptions defaults() {
        return new GeneratorOptions(DEFAULT_PATIENTS, DEFAULT_SEED, StandardCharsets.UTF_8, DEFAULT_DELIMITER,
                Runtime.getRuntime().availableProcessors());
    }

    public GeneratorOptions withPatients(long n) {
        return new GeneratorOptions(n, seed, encoding, delimiter, threads);
    }

    public GeneratorOptions withSeed(long s) {
        return new GeneratorOptions(patients, s, encoding, delimiter, threads);
    }

    public GeneratorOptions withEncoding(Charset e) {
        return new GeneratorOptions(patients, seed, e, delimiter, threads);
    }

    public GeneratorOptions withDelimiter(char d) {
        return new GeneratorOptions(patients, seed, encoding, d, threads);
    }

    public GeneratorOptions withThreads(int t) {
        return new GeneratorOptions(patients, seed, encoding, delimiter, t);
    }
}
