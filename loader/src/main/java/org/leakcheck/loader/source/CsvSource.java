package org.leakcheck.loader.source;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipException;
import org.leakcheck.protocol.lookup.ExposureKind;

/**
 * Streams the rows of a leaked export (CSV, or CSV compressed with gzip) as {@link SourceRow}s,
 * in bounded memory whatever the file size.
 *
 * <h2>Detection (each can be forced through {@link SourceOptions})</h2>
 * <ul>
 *   <li>gzip: by the magic bytes 0x1f 0x8b, not by the file name;</li>
 *   <li>encoding: a UTF-8 byte order mark means UTF-8 (and is skipped); otherwise
 *       {@link EncodingSniffer}: valid UTF-8 means UTF-8, else ISO-8859-1. UTF-16 is refused;</li>
 *   <li>delimiter: the most frequent of {@code ; , tab |} outside quotes in the header line.</li>
 * </ul>
 *
 * <h2>Records</h2>
 * The first non-blank record is the header; columns are found by the {@link ColumnMapping}.
 * Then every record is one of:
 * <ul>
 *   <li>blank (empty or white space only): skipped and counted in {@link #emptyLines()};</li>
 *   <li>rejected, reported to the {@link RejectionSink} with its line number and rule, never its
 *       content: {@code line.too-long}, {@code line.nul}, {@code line.field-count},
 *       {@code line.unterminated-quote}, {@code line.encoding}, {@code file.truncated};</li>
 *   <li>returned by {@link #next()}.</li>
 * </ul>
 * Only fatal problems throw {@link SourceException}: no header, a header too long or malformed, a
 * mapped column missing from the header, an unsupported encoding, a corrupt gzip stream.
 * Messages name the line, the rule and the mapped column, never a cell value nor the file's own
 * header cells (a file without a header would have personal data there).
 *
 * <p>Not thread-safe: one reader thread pulls rows and hands them on.
 */
public final class CsvSource implements Closeable {

    private final long sizeBytes;
    private final SourceInput input;
    private final CsvTokenizer tokenizer;
    private final Charset charset;
    private final CharsetDecoder decoder;
    private final boolean singleByteLatin1;
    private final char delimiter;
    private final RejectionSink rejections;
    private final List<String> header;
    private final int lastNameIndex;
    private final int birthNameIndex;
    private final int firstNamesIndex;
    private final int birthDateIndex;
    private final int nirIndex;
    private final int personKeyIndex;
    private final int[] factorColumns;
    private final int[][] groupColumns;
    private final int[] groupBits;

    private long recordsRead;
    private long rowsReturned;
    private long emptyLines;
    private long rejected;
    private boolean truncationReported;
    private boolean finished;

    private CsvSource(Path file, SourceOptions options, ColumnMapping mapping, RejectionSink rejections)
            throws IOException {
        this.sizeBytes = Files.size(file);
        this.rejections = rejections;
        this.charset = chooseCharset(file, options);
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.singleByteLatin1 = charset.equals(StandardCharsets.ISO_8859_1);
        SourceInput opened = SourceInput.open(file);
        try {
            InputStream content = opened.content();
            byte delim;
            if (options.forcedDelimiter().isPresent()) {
                delim = (byte) options.forcedDelimiter().get().charValue();
            } else {
                DelimiterSniffer.Result sniffed = DelimiterSniffer.sniff(content, options.maxRecordBytes());
                delim = sniffed.delimiter();
                // The sequence closes each stream it finishes: the file stays open until close(), so
                // that sha256() can read what the parser left.
                content = new SequenceInputStream(new ByteArrayInputStream(sniffed.consumed()), new FilterInputStream(content) {
                    @Override
                    public void close() {
                    }
                });
            }
            this.delimiter = (char) delim;
            this.tokenizer = new CsvTokenizer(content, delim, options.maxRecordBytes());
            this.header = readHeader();
            Map<String, Integer> positions = positions(header);
            List<String> missing = new ArrayList<>();
            this.lastNameIndex = column(mapping, ColumnMapping.LAST_NAME, positions, missing);
            this.birthNameIndex = column(mapping, ColumnMapping.BIRTH_NAME, positions, missing);
            this.firstNamesIndex = column(mapping, ColumnMapping.FIRST_NAMES, positions, missing);
            this.birthDateIndex = column(mapping, ColumnMapping.BIRTH_DATE, positions, missing);
            this.nirIndex = column(mapping, ColumnMapping.NIR, positions, missing);
            this.personKeyIndex = column(mapping, ColumnMapping.PERSON_KEY, positions, missing);
            List<String> factor = mapping.factor();
            this.factorColumns = new int[factor.size()];
            for (int i = 0; i < factor.size(); i++) {
                factorColumns[i] = lookup(factor.get(i), ColumnMapping.FACTOR, positions, missing);
            }
            Map<ExposureKind, List<String>> groups = mapping.groups();
            this.groupColumns = new int[groups.size()][];
            this.groupBits = new int[groups.size()];
            int g = 0;
            for (Map.Entry<ExposureKind, List<String>> group : groups.entrySet()) {
                List<String> columns = group.getValue();
                groupColumns[g] = new int[columns.size()];
                for (int i = 0; i < columns.size(); i++) {
                    groupColumns[g][i] = lookup(columns.get(i), ColumnMapping.GROUP_PREFIX + group.getKey().name(),
                            positions, missing);
                }
                groupBits[g] = 1 << group.getKey().bit();
                g++;
            }
            if (!missing.isEmpty()) {
                throw new SourceException(SourceRules.HEADER_MISSING_COLUMN, tokenizer.recordLine(),
                        "the header has no column " + String.join(", ", missing)
                                + " (" + mapping.origin() + "; header names are matched ignoring case and surrounding spaces)");
            }
            this.input = opened;
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /**
     * Opens {@code file}, detects its format and reads its header.
     *
     * @param rejections receives every rejected record (line number and rule)
     * @throws SourceException on a fatal problem (see the class documentation)
     * @throws IOException     if the file cannot be read
     */
    public static CsvSource open(Path file, SourceOptions options, ColumnMapping mapping, RejectionSink rejections)
            throws IOException {
        return new CsvSource(file, options, mapping, rejections);
    }

    /**
     * Returns the next accepted row, or {@code null} at the end of the file. Blank lines are
     * skipped and rejected records reported on the way.
     *
     * @throws SourceException if the gzip stream turns out to be corrupt
     * @throws IOException     on a read error
     */
    public SourceRow next() throws IOException {
        if (finished) {
            return null;
        }
        while (true) {
            boolean more;
            try {
                more = tokenizer.next();
            } catch (ZipException e) {
                throw new SourceException(SourceRules.INPUT_CORRUPT, tokenizer.nextLine(),
                        "the gzip data is corrupt", e);
            }
            if (!more) {
                finished = true;
                if (tokenizer.truncated() && !truncationReported) {
                    reject(tokenizer.nextLine(), SourceRules.FILE_TRUNCATED);
                }
                return null;
            }
            recordsRead++;
            if (tokenizer.blank()) {
                emptyLines++;
                continue;
            }
            String rule = rule(tokenizer.problem());
            if (rule == null && tokenizer.fieldCount() != header.size()) {
                rule = SourceRules.LINE_FIELD_COUNT;
            }
            if (rule != null) {
                if (rule.equals(SourceRules.FILE_TRUNCATED)) {
                    truncationReported = true;
                }
                reject(tokenizer.recordLine(), rule);
                continue;
            }
            SourceRow row;
            try {
                row = new SourceRow(tokenizer.recordLine(), cell(personKeyIndex), cell(lastNameIndex),
                        cell(birthNameIndex), cell(firstNamesIndex), cell(birthDateIndex), cell(nirIndex), factors(),
                        exposureMask());
            } catch (CharacterCodingException e) {
                reject(tokenizer.recordLine(), SourceRules.LINE_ENCODING);
                continue;
            }
            rowsReturned++;
            return row;
        }
    }

    private List<String> readHeader() throws IOException {
        while (tokenizer.next()) {
            if (tokenizer.blank()) {
                emptyLines++;
                continue;
            }
            switch (tokenizer.problem()) {
                case TOO_LONG, TOO_MANY_FIELDS -> throw new SourceException(SourceRules.HEADER_TOO_LONG,
                        tokenizer.recordLine(), "the header line is longer than the record limit");
                case NUL -> throw new SourceException(SourceRules.HEADER_NUL, tokenizer.recordLine(),
                        "the header line contains a NUL byte (binary or UTF-16 file?)");
                case UNTERMINATED_QUOTE, TRUNCATED -> throw new SourceException(SourceRules.HEADER_UNTERMINATED_QUOTE,
                        tokenizer.recordLine(), "the header line opens a quote that is never closed");
                default -> {
                }
            }
            List<String> names = new ArrayList<>(tokenizer.fieldCount());
            for (int i = 0; i < tokenizer.fieldCount(); i++) {
                int start = tokenizer.fieldStart(i);
                names.add(new String(tokenizer.bytes(), start, tokenizer.fieldEnd(i) - start, charset));
            }
            return List.copyOf(names);
        }
        throw new SourceException(SourceRules.HEADER_MISSING, tokenizer.nextLine(),
                "the file has no header line (it is empty or blank)");
    }

    private static Map<String, Integer> positions(List<String> header) {
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = ColumnMapping.normalizeHeader(header.get(i));
            // -2 marks a name present more than once: fatal only if the mapping uses it.
            positions.merge(name, i, (a, b) -> -2);
        }
        return positions;
    }

    private int column(ColumnMapping mapping, String key, Map<String, Integer> positions, List<String> missing) {
        Optional<String> name = mapping.field(key);
        return name.isEmpty() ? -1 : lookup(name.get(), key, positions, missing);
    }

    private int lookup(String name, String key, Map<String, Integer> positions, List<String> missing) {
        Integer index = positions.get(ColumnMapping.normalizeHeader(name));
        if (index == null) {
            missing.add("'" + name + "' (" + key + ")");
            return -1;
        }
        if (index == -2) {
            throw new SourceException(SourceRules.HEADER_DUPLICATE_COLUMN, tokenizer.recordLine(),
                    "the header has column '" + name + "' (" + key + ") more than once");
        }
        return index;
    }

    private static String rule(CsvTokenizer.Problem problem) {
        return switch (problem) {
            case NONE -> null;
            case TRUNCATED -> SourceRules.FILE_TRUNCATED;
            case UNTERMINATED_QUOTE -> SourceRules.LINE_UNTERMINATED_QUOTE;
            case TOO_LONG -> SourceRules.LINE_TOO_LONG;
            case NUL -> SourceRules.LINE_NUL;
            case TOO_MANY_FIELDS -> SourceRules.LINE_FIELD_COUNT;
        };
    }

    private void reject(long line, String rule) {
        rejected++;
        rejections.reject(line, rule);
    }

    private String cell(int index) throws CharacterCodingException {
        if (index < 0) {
            return null;
        }
        byte[] bytes = tokenizer.bytes();
        int start = tokenizer.fieldStart(index);
        int end = tokenizer.fieldEnd(index);
        if (CsvTokenizer.isBlank(bytes, start, end)) {
            return null;
        }
        if (singleByteLatin1 || isAscii(bytes, start, end)) {
            return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        }
        return decoder.decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
    }

    private List<String> factors() throws CharacterCodingException {
        if (factorColumns.length == 0) {
            return List.of();
        }
        List<String> cells = new ArrayList<>(factorColumns.length);
        for (int index : factorColumns) {
            String cell = cell(index);
            if (cell != null) {
                cells.add(cell);
            }
        }
        return cells;
    }

    private int exposureMask() {
        byte[] bytes = tokenizer.bytes();
        int mask = 0;
        for (int g = 0; g < groupColumns.length; g++) {
            for (int index : groupColumns[g]) {
                if (!CsvTokenizer.isBlank(bytes, tokenizer.fieldStart(index), tokenizer.fieldEnd(index))) {
                    mask |= groupBits[g];
                    break;
                }
            }
        }
        return mask;
    }

    private static boolean isAscii(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static Charset chooseCharset(Path file, SourceOptions options) throws IOException {
        if (options.forcedEncoding().isPresent()) {
            Charset forced = options.forcedEncoding().get();
            if (!isAsciiCompatible(forced)) {
                throw new SourceException(SourceRules.ENCODING_UNSUPPORTED, 0,
                        "encoding " + forced.name() + " is not ASCII-compatible; convert the file to UTF-8 first");
            }
            return forced;
        }
        try (SourceInput sniffing = SourceInput.open(file)) {
            if (sniffing.bom() == SourceInput.Bom.UTF_8) {
                return StandardCharsets.UTF_8;
            }
            return EncodingSniffer.sniff(sniffing.content());
        }
    }

    /** The tokenizer cuts records on bytes, so tab, CR, LF, quote and the delimiters must be their ASCII bytes. */
    static boolean isAsciiCompatible(Charset charset) {
        if (!charset.canEncode()) {
            return false;
        }
        String probe = "\t\n\r \"',;|0123456789ABCXYZabcxyz";
        return Arrays.equals(probe.getBytes(charset), probe.getBytes(StandardCharsets.US_ASCII));
    }

    /** The header cells as read. They may be personal data if the file has no header: do not log them. */
    public List<String> header() {
        return header;
    }

    /** The encoding used, forced or detected. */
    public Charset encoding() {
        return charset;
    }

    /** The delimiter used, forced or detected. */
    public char delimiter() {
        return delimiter;
    }

    /** True if the file is gzip-compressed. */
    public boolean gzip() {
        return input.gzip();
    }

    /** Size of the file on disk, for a progress bar. */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** Bytes of the file read so far (compressed bytes for a .gz), for a progress bar. */
    public long bytesRead() {
        return input.bytesRead();
    }

    /**
     * The SHA-256 of the file, hex, taken from the bytes as they were read: call it once, after
     * {@link #next()} returned null. It equals the SHA-256 of the file read on its own.
     */
    public String sha256() throws IOException {
        return java.util.HexFormat.of().formatHex(input.sha256());
    }

    /** Records read after the header, including blank and rejected ones. */
    public long recordsRead() {
        return recordsRead;
    }

    /** Rows returned by {@link #next()}. */
    public long rowsReturned() {
        return rowsReturned;
    }

    /** Blank lines skipped, before and after the header. */
    public long emptyLines() {
        return emptyLines;
    }

    /** Records reported to the rejection sink by this reader. */
    public long rejected() {
        return rejected;
    }

    @Override
    public void close() throws IOException {
        input.close();
    }

    /** A summary for logs: format and counts only. */
    @Override
    public String toString() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("encoding", charset.name());
        summary.put("delimiter", delimiter == '\t' ? "\\t" : String.valueOf(delimiter));
        summary.put("gzip", input.gzip());
        summary.put("rows", rowsReturned);
        summary.put("emptyLines", emptyLines);
        summary.put("rejected", rejected);
        return "CsvSource" + summary;
    }
}
