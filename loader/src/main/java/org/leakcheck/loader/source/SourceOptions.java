package org.leakcheck.loader.source;

import java.nio.charset.Charset;
import java.util.Optional;

/**
 * How to read a source file. By default the delimiter and the encoding are detected (see
 * {@link CsvSource}); either can be forced.
 *
 * @param delimiter      forced field delimiter, or {@code null} to detect it from the header line
 * @param encoding       forced encoding, or {@code null} to detect it (UTF-8 if valid, else ISO-8859-1)
 * @param maxRecordBytes longest record kept, in bytes; a longer one is rejected as {@code line.too-long}
 */
public record SourceOptions(Character delimiter, Charset encoding, int maxRecordBytes) {

    /** 1 MiB: far above any real row (a row of the generated leak is under 1 KiB). */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

    /** Delimiters tried by detection, in order of preference on a tie. */
    public static final String DETECTED_DELIMITERS = ";,\t|";

    public SourceOptions {
        if (maxRecordBytes < 64) {
            throw new IllegalArgumentException("maxRecordBytes must be at least 64");
        }
        if (delimiter != null && !isSupportedDelimiter(delimiter)) {
            throw new SourceException(SourceRules.DELIMITER_UNSUPPORTED, 0,
                    "the delimiter must be tab or one ASCII punctuation character other than a double quote");
        }
    }

    /** Detect delimiter and encoding, 1 MiB record limit. */
    public static SourceOptions detect() {
        return new SourceOptions(null, null, DEFAULT_MAX_RECORD_BYTES);
    }

    /** Same options with a forced delimiter. */
    public SourceOptions withDelimiter(char forced) {
        return new SourceOptions(forced, encoding, maxRecordBytes);
    }

    /** Same options with a forced encoding. */
    public SourceOptions withEncoding(Charset forced) {
        return new SourceOptions(delimiter, forced, maxRecordBytes);
    }

    /** Same options with another record limit. */
    public SourceOptions withMaxRecordBytes(int limit) {
        return new SourceOptions(delimiter, encoding, limit);
    }

    /** The forced delimiter, if any. */
    public Optional<Character> forcedDelimiter() {
        return Optional.ofNullable(delimiter);
    }

    /** The forced encoding, if any. */
    public Optional<Charset> forcedEncoding() {
        return Optional.ofNullable(encoding);
    }

    private static boolean isSupportedDelimiter(char c) {
        return c == '\t' || (c > ' ' && c < 0x7F && c != '"' && !Character.isLetterOrDigit(c));
    }
}
