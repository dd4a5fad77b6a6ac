package org.leakcheck.loader.source;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into RFC 4180 records without decoding it.
 *
 * <p>Working on bytes is what keeps the reader fast and safe: in every encoding the reader accepts
 * (ASCII-compatible ones: UTF-8, ISO-8859-x, windows-125x) the delimiter, the quote, CR and LF are
 * single bytes that never occur inside a multi-byte character, so records can be cut before
 * anything is decoded, and only the mapped cells are decoded later.
 *
 * <p>Quoting follows RFC 4180 section 2: a field starting with {@code "} runs to the next lone
 * {@code "}, may hold delimiters, CR and LF, and {@code ""} stands for one quote. Leniencies of
 * real exports: a quote inside an unquoted field is kept as a character, text after a closing
 * quote is appended to the field, and lines may end with CRLF, LF or a lone CR.
 *
 * <p>Memory is bounded: at most {@code maxRecordBytes} bytes and {@link #MAX_FIELDS} fields of a
 * record are kept; past that the record is only scanned to find its end and is flagged.
 */
final class CsvTokenizer {

    /** More fields than any export has; bounds memory on a line made of delimiters. */
    static final int MAX_FIELDS = 10_000;

    /** Why a record cannot be used, in order of precedence. */
    enum Problem { NONE, TRUNCATED, UNTERMINATED_QUOTE, TOO_LONG, NUL, TOO_MANY_FIELDS }

    private static final int START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_SEEN = 3;

    private final InputStream in;
    private final byte delimiter;
    private final int maxRecordBytes;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean truncated;
    private boolean skipLf;
    private long nextLine = 1;

    private byte[] record = new byte[1024];
    private int recordLength;
    private int[] ends = new int[64];
    private int fieldCount;
    private long recordLine;
    private boolean quoted;
    private boolean tooLong;
    private boolean nul;
    private boolean tooManyFields;
    private boolean unterminated;
    private boolean endedByTruncation;

    CsvTokenizer(InputStream in, byte delimiter, int maxRecordBytes) {
        this.in = in;
        this.delimiter = delimiter;
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * Reads the next record.
     *
     * @return false at the end of the input (no record read)
     */
    boolean next() throws IOException {
        recordLength = 0;
        fieldCount = 0;
        quoted = false;
        tooLong = false;
        nul = false;
        tooManyFields = false;
        unterminated = false;
        endedByTruncation = false;
        if (skipLf) {
            if (!available()) {
                return false;
            }
            if (buf[pos] == '\n') {
                pos++;
            }
            skipLf = false;
        }
        if (!available()) {
            return false;
        }
        recordLine = nextLine;
        int state = START;
        final byte delim = delimiter;
        while (true) {
            if (pos >= limit && !available()) {
                if (state == QUOTED) {
                    unterminated = true;
                }
                endedByTruncation = truncated;
                endField();
                return true;
            }
            byte b = buf[pos++];
            switch (state) {
                case START, UNQUOTED -> {
                    if (b == delim) {
                        endField();
                        state = START;
                    } else if (b == '\n') {
                        return endRecord(false);
                    } else if (b == '\r') {
                        return endRecord(true);
                    } else if (b == '"' && state == START) {
                        state = QUOTED;
                        quoted = true;
                    } else {
                        append(b);
                        state = UNQUOTED;
                    }
                }
                case QUOTED -> {
                    if (b == '"') {
                        state = QUOTE_SEEN;
                    } else {
                        if (b == '\n') {
                            nextLine++;
                        }
                        append(b);
                    }
                }
                default -> { // QUOTE_SEEN
                    if (b == '"') {
                        append(b);
                        state = QUOTED;
                    } else if (b == delim) {
                        endField();
                        state = START;
                    } else if (b == '\n') {
                        return endRecord(false);
                    } else if (b == '\r') {
                        return endRecord(true);
                    } else {
                        append(b);
                        state = UNQUOTED;
                    }
                }
            }
        }
    }

    private boolean endRecord(boolean carriageReturn) {
        nextLine++;
        skipLf = carriageReturn;
        endField();
        return true;
    }

    private void append(byte b) {
        if (b == 0) {
            nul = true;
        }
        if (recordLength == record.length) {
            if (record.length >= maxRecordBytes) {
                tooLong = true;
                return;
            }
            record = Arrays.copyOf(record, Math.min(record.length * 2, maxRecordBytes));
        }
        record[recordLength++] = b;
    }

    private void endField() {
        if (fieldCount == ends.length) {
            if (ends.length >= MAX_FIELDS) {
                tooManyFields = true;
                return;
            }
            ends = Arrays.copyOf(ends, Math.min(ends.length * 2, MAX_FIELDS));
        }
        ends[fieldCount++] = recordLength;
    }

    /** Ensures {@code pos < limit}, reading more input; false at the end of the input. */
    private boolean available() throws IOException {
        while (pos >= limit) {
            if (eof) {
                return false;
            }
            int n;
            try {
                n = in.read(buf, 0, buf.length);
            } catch (EOFException e) {
                // GZIPInputStream's way of saying the compressed data stops mid-stream.
                truncated = true;
                n = -1;
            }
            if (n < 0) {
                eof = true;
                return false;
            }
            pos = 0;
            limit = n;
        }
        return true;
    }

    /** Problem of the last record, {@link Problem#NONE} if it is usable. */
    Problem problem() {
        if (endedByTruncation) {
            return Problem.TRUNCATED;
        }
        if (unterminated) {
            return Problem.UNTERMINATED_QUOTE;
        }
        if (tooLong) {
            return Problem.TOO_LONG;
        }
        if (nul) {
            return Problem.NUL;
        }
        if (tooManyFields) {
            return Problem.TOO_MANY_FIELDS;
        }
        return Problem.NONE;
    }

    /** True when the last record is an empty or white-space-only line (no delimiter, no quote). */
    boolean blank() {
        if (fieldCount != 1 || quoted) {
            return false;
        }
        return isBlank(record, 0, recordLength);
    }

    /** True when the input ended because compressed data stopped mid-stream. */
    boolean truncated() {
        return truncated;
    }

    /** 1-based physical line where the last record starts. */
    long recordLine() {
        return recordLine;
    }

    /** 1-based physical line the next record would start on. */
    long nextLine() {
        return nextLine;
    }

    int fieldCount() {
        return fieldCount;
    }

    int fieldStart(int index) {
        return index == 0 ? 0 : ends[index - 1];
    }

    int fieldEnd(int index) {
        return ends[index];
    }

    /** Backing array of the last record's unquoted field bytes; valid until the next call. */
    byte[] bytes() {
        return record;
    }

    /** True when the range holds only spaces and tabs. */
    static boolean isBlank(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
