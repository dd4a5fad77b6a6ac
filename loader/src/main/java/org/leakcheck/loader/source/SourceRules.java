package org.leakcheck.loader.source;

/**
 * The rule codes the source reader reports. Row-level rules are counted rejections (the row is
 * skipped and reading goes on); the others are fatal and raised as {@link SourceException}.
 * Codes are stable: the load report and the documentation use them.
 */
public final class SourceRules {

    /** A record longer than {@link SourceOptions#maxRecordBytes()}; its content is discarded unread. */
    public static final String LINE_TOO_LONG = "line.too-long";
    /** A record containing a NUL byte (binary data, or UTF-16 read as a single-byte encoding). */
    public static final String LINE_NUL = "line.nul";
    /** A record whose number of fields differs from the header's. */
    public static final String LINE_FIELD_COUNT = "line.field-count";
    /** A quoted field still open at the end of the input (truncated file). */
    public static final String LINE_UNTERMINATED_QUOTE = "line.unterminated-quote";
    /** A mapped field whose bytes are not valid in the input encoding. */
    public static final String LINE_ENCODING = "line.encoding";
    /** The compressed input ended in the middle of a record (truncated .gz). */
    public static final String FILE_TRUNCATED = "file.truncated";

    /** Fatal: the input holds no header line. */
    public static final String HEADER_MISSING = "header.missing";
    /** Fatal: the header line is longer than the record limit. */
    public static final String HEADER_TOO_LONG = "header.too-long";
    /** Fatal: a column named by the mapping is not in the header. */
    public static final String HEADER_MISSING_COLUMN = "header.missing-column";
    /** Fatal: a column named by the mapping appears more than once in the header. */
    public static final String HEADER_DUPLICATE_COLUMN = "header.duplicate-column";
    /** Fatal: the header line opens a quote that is never closed. */
    public static final String HEADER_UNTERMINATED_QUOTE = "header.unterminated-quote";
    /** Fatal: the header contains a NUL byte. */
    public static final String HEADER_NUL = "header.nul";

    /** Fatal: the mapping file cannot be read. */
    public static final String MAPPING_UNREADABLE = "mapping.unreadable";
    /** Fatal: the mapping file has a key this version does not know (probably a typo). */
    public static final String MAPPING_UNKNOWN_KEY = "mapping.unknown-key";
    /** Fatal: the mapping maps neither the NIR nor the complete last name, first names and birth date. */
    public static final String MAPPING_NO_IDENTITY = "mapping.no-identity";
    /** Fatal: the mapping maps only part of last name, first names and birth date. */
    public static final String MAPPING_INCOMPLETE_NAME_DOB = "mapping.incomplete-name-dob";

    /** Fatal: the requested or detected encoding cannot be read (UTF-16, or not ASCII-compatible). */
    public static final String ENCODING_UNSUPPORTED = "encoding.unsupported";
    /** Fatal: the delimiter override is not one byte of ASCII punctuation or tab. */
    public static final String DELIMITER_UNSUPPORTED = "delimiter.unsupported";
    /** Fatal: the gzip stream is corrupt (not merely truncated). */
    public static final String INPUT_CORRUPT = "input.corrupt";

    private SourceRules() {
    }
}
