package org.leakcheck.loader.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hand-written inputs, one per behaviour; every file is created in a temporary folder by the test. */
class CsvSourceTest {

    private static final String HEADER = "id;nom;prenoms;date_naissance;nir;email;analyses\r\n";

    @TempDir
    Path dir;

    private final Rejections rejections = new Rejections();

    /** Maps the small test header; e-mail and analyses feed two exposure groups. */
    static ColumnMapping mapping() {
        Properties p = new Properties();
        p.setProperty("person.key", "id");
        p.setProperty("identity.lastName", "nom");
        p.setProperty("identity.firstNames", "prenoms");
        p.setProperty("identity.birthDate", "date_naissance");
        p.setProperty("identity.nir", "nir");
        p.setProperty("group.IDENTITY", "nom, prenoms, date_naissance");
        p.setProperty("group.NIR", "nir");
        p.setProperty("group.EMAIL", "email");
        p.setProperty("group.MEDICAL", "analyses");
        return ColumnMapping.fromProperties(p, "test mapping");
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path path = dir.resolve(name);
        Files.write(path, bytes);
        return path;
    }

    private Path utf8(String content) throws IOException {
        return file("in.csv", content.getBytes(StandardCharsets.UTF_8));
    }

    private List<SourceRow> readAll(Path path, SourceOptions options) throws IOException {
        try (CsvSource source = CsvSource.open(path, options, mapping(), rejections)) {
            List<SourceRow> rows = new ArrayList<>();
            SourceRow row;
            while ((row = source.next()) != null) {
                rows.add(row);
            }
            return rows;
        }
    }

    private List<SourceRow> readAll(Path path) throws IOException {
        return readAll(path, SourceOptions.detect());
    }

    @Test
    void readsMappedCellsAndExposureBits() throws IOException {
        List<SourceRow> rows = readAll(utf8(HEADER
                + "P1;Lefèvre;Marie, Claire;1984-12-02;2 84 12 75 108 123 45;m@x.example;NFS\r\n"
                + "P2;Da Silva;Jean-Pierre;02/12/1984;;;TSH\r\n"));
        assertEquals(2, rows.size());
        SourceRow first = rows.get(0);
        assertEquals(2, first.lineNumber());
        assertEquals("P1", first.personKey());
        assertEquals("Lefèvre", first.lastName());
        assertEquals("Marie, Claire", first.firstNames());
        assertEquals("1984-12-02", first.birthDate());
        assertEquals("2 84 12 75 108 123 45", first.nir());
        assertNull(first.birthName(), "unmapped field");
        assertEquals(0b1001_0011, first.exposureMask());
        SourceRow second = rows.get(1);
        assertNull(second.nir(), "blank cell");
        assertEquals(0b1000_0001, second.exposureMask());
    }

    @Test
    void readsTheNonBlankCellsOfEveryFactorColumnInMappingOrder() throws IOException {
        Properties p = new Properties();
        p.setProperty("identity.nir", "nir");
        p.setProperty("identity.factor", "adherent, dossier");
        ColumnMapping mapping = ColumnMapping.fromProperties(p, "factor mapping");
        Path path = utf8("nir;dossier;adherent\r\n185057800604830;D-12;MU 0042\r\n185057800604830;  ;MU0042\r\n"
                + "185057800604830;;\r\n");
        List<SourceRow> rows = new ArrayList<>();
        try (CsvSource source = CsvSource.open(path, SourceOptions.detect(), mapping, rejections)) {
            for (SourceRow row = source.next(); row != null; row = source.next()) {
                rows.add(row);
            }
        }

        assertEquals(List.of("MU 0042", "D-12"), rows.get(0).factors(), "as read, not canonicalized");
        assertEquals(List.of("MU0042"), rows.get(1).factors(), "a blank cell is left out");
        assertEquals(List.of(), rows.get(2).factors());
        assertEquals(List.of(), readAll(utf8(HEADER + "P1;Roux;Luc;1990-01-01;;;x\r\n")).get(0).factors(),
                "no factor mapped");
    }

    @Test
    void refusesAMissingFactorColumnNamingItsKey() throws IOException {
        Properties p = new Properties();
        p.setProperty("identity.nir", "nir");
        p.setProperty("identity.factor", "adherent");
        Path path = utf8("nir;dossier\r\n185057800604830;D-12\r\n");

        SourceException e = assertThrows(SourceException.class, () -> CsvSource.open(path, SourceOptions.detect(),
                ColumnMapping.fromProperties(p, "factor mapping"), rejections));

        assertEquals(SourceRules.HEADER_MISSING_COLUMN, e.rule());
        assertTrue(e.getMessage().contains("'adherent' (identity.factor)"), e.getMessage());
    }

    @Test
    void parsesQuotedFieldsWithDelimitersDoubledQuotesAndLineBreaks() throws IOException {
        List<SourceRow> rows = readAll(utf8(HEADER
                + "P1;\"Le Gall; dit \"\"Yann\"\"\";\"Jean\nPierre\";1984-12-02;;;\"a;b\"\r\n"
                + "P2;Roux;Luc;1990-01-01;;;x\r\n"));
        assertEquals(2, rows.size());
        assertEquals("Le Gall; dit \"Yann\"", rows.get(0).lastName());
        assertEquals("Jean\nPierre", rows.get(0).firstNames());
        assertEquals(2, rows.get(0).lineNumber());
        assertEquals(4, rows.get(1).lineNumber(), "the quoted line break counts as a physical line");
    }

    @Test
    void acceptsLfAndLoneCrLineEnds() throws IOException {
        List<SourceRow> lf = readAll(utf8(HEADER.replace("\r\n", "\n") + "P1;A;B;1990-01-01;;;x\nP2;C;D;1990-01-01;;;x\n"));
        assertEquals(List.of(2L, 3L), lf.stream().map(SourceRow::lineNumber).toList());
        List<SourceRow> cr = readAll(utf8(HEADER.replace("\r\n", "\r") + "P1;A;B;1990-01-01;;;x\rP2;C;D;1990-01-01;;;x"));
        assertEquals(List.of(2L, 3L), cr.stream().map(SourceRow::lineNumber).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {";", ",", "\t", "|"})
    void detectsTheDelimiterFromTheHeader(String delimiter) throws IOException {
        String content = (HEADER + "P1;Roux;\"Luc, Paul\";1990-01-01;;;x\r\n").replace(";", delimiter);
        Path path = utf8(content);
        try (CsvSource source = CsvSource.open(path, SourceOptions.detect(), mapping(), rejections)) {
            assertEquals(delimiter.charAt(0), source.delimiter());
            assertEquals("Luc, Paul", source.next().firstNames());
        }
    }

    @Test
    void ignoresDelimitersInsideQuotedHeaderNamesWhenDetecting() throws IOException {
        String header = "\"a,b,c,d,e,f,g,h\";id;nom;prenoms;date_naissance;nir;email;analyses\r\n";
        Path path = utf8(header + "x;P1;Roux;Luc;1990-01-01;;;x\r\n");
        try (CsvSource source = CsvSource.open(path, SourceOptions.detect(), mapping(), rejections)) {
            assertEquals(';', source.delimiter());
            assertEquals("Roux", source.next().lastName());
        }
    }

    @Test
    void aForcedDelimiterOverridesDetection() throws IOException {
        // Commas dominate the header, but the file is ';'-separated with commas inside names.
        String header = "id;nom;prenoms;date_naissance;nir;email;analyses;x,y,z,t,u,v,w,q,r,s\r\n";
        Path path = utf8(header + "P1;Roux;Luc, Paul;1990-01-01;;;x;\r\n");
        List<SourceRow> rows = readAll(path, SourceOptions.detect().withDelimiter(';'));
        assertEquals("Luc, Paul", rows.get(0).firstNames());
    }

    @Test
    void detectsUtf8AndSkipsItsByteOrderMark() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.write((HEADER + "P1;Müller;Zoé;1990-01-01;;;x\r\n").getBytes(StandardCharsets.UTF_8));
        Path path = file("bom.csv", bytes.toByteArray());
        try (CsvSource source = CsvSource.open(path, SourceOptions.detect(), mapping(), rejections)) {
            assertEquals(StandardCharsets.UTF_8, source.encoding());
            assertEquals("id", source.header().get(0), "the BOM is not part of the first header name");
            assertEquals("Müller", source.next().lastName());
        }
    }

    @Test
    void detectsLatin1WhenTheBytesAreNotUtf8() throws IOException {
        Path path = file("latin1.csv", (HEADER + "P1;Lefèvre;Zoé;1990-01-01;;;x\r\n").getBytes(StandardCharsets.ISO_8859_1));
        try (CsvSource source = CsvSource.open(path, SourceOptions.detect(), mapping(), rejections)) {
            assertEquals(StandardCharsets.ISO_8859_1, source.encoding());
            assertEquals("Lefèvre", source.next().lastName());
        }
    }

    @Test
    void latin1ReadAsForcedUtf8IsACountedEncodingRejection() throws IOException {
        Path path = file("latin1.csv", (HEADER + "P1;Lefèvre;Zoé;1990-01-01;;;x\r\nP2;Roux;Luc;1990-01-01;;;x\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        List<SourceRow> rows = readAll(path, SourceOptions.detect().withEncoding(StandardCharsets.UTF_8));
        assertEquals(1, rows.size());
        assertEquals(1, rejections.count(SourceRules.LINE_ENCODING));
        assertEquals(List.of(2L), rejections.lines(SourceRules.LINE_ENCODING));
    }

    @Test
    void refusesUtf16() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
        bytes.write(HEADER.getBytes(StandardCharsets.UTF_16LE));
        Path path = file("utf16.csv", bytes.toByteArray());
        SourceException e = assertThrows(SourceException.class, () -> readAll(path));
        assertEquals(SourceRules.ENCODING_UNSUPPORTED, e.rule());
        SourceException forced = assertThrows(SourceException.class,
                () -> readAll(utf8(HEADER), SourceOptions.detect().withEncoding(StandardCharsets.UTF_16)));
        assertEquals(SourceRules.ENCODING_UNSUPPORTED, forced.rule());
    }

    @Test
    void recognisesGzipByItsMagicBytesNotItsName() throws IOException {
        byte[] plain = (HEADER + "P1;Roux;Luc;1990-01-01;;;x\r\n").getBytes(StandardCharsets.UTF_8);
        Path gzipNamedCsv = file("looks-plain.csv", gzip(plain));
        Path plainNamedGz = file("looks-gzip.csv.gz", plain);
        try (CsvSource source = CsvSource.open(gzipNamedCsv, SourceOptions.detect(), mapping(), rejections)) {
            assertTrue(source.gzip());
            assertEquals("Roux", source.next().lastName());
        }
        try (CsvSource source = CsvSource.open(plainNamedGz, SourceOptions.detect(), mapping(), rejections)) {
            assertFalse(source.gzip());
            assertEquals("Roux", source.next().lastName());
        }
    }

    @Test
    void theDigestOfTheBytesReadIsTheFilesEvenWithBytesAfterTheGzipStream() throws Exception {
        StringBuilder content = new StringBuilder(HEADER);
        for (int i = 0; i < 5_000; i++) {
            content.append("P").append(i).append(";Roux;Luc;1990-01-01;;;x\r\n");
        }
        byte[] plain = content.toString().getBytes(StandardCharsets.UTF_8);
        byte[] gzipped = gzip(plain);
        byte[] trailing = Arrays.copyOf(gzipped, gzipped.length + 3);
        for (Path path : List.of(file("plain.csv", plain), file("leak.csv.gz", gzipped), file("trailing.csv.gz", trailing))) {
            for (SourceOptions options : List.of(SourceOptions.detect(), SourceOptions.detect().withDelimiter(';'))) {
                try (CsvSource source = CsvSource.open(path, options, mapping(), rejections)) {
                    while (source.next() != null) {
                        // read to the end
                    }
                    String expected = java.util.HexFormat.of().formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
                    assertEquals(expected, source.sha256(), path.getFileName().toString());
                }
            }
        }
    }

    @Test
    void aTruncatedGzipKeepsTheCompleteRowsAndCountsTheTruncation() throws IOException {
        StringBuilder content = new StringBuilder(HEADER);
        for (int i = 0; i < 20_000; i++) {
            content.append("P").append(i).append(";Roux;Luc;1990-01-01;;;x\r\n");
        }
        byte[] compressed = gzip(content.toString().getBytes(StandardCharsets.UTF_8));
        Path path = file("cut.csv.gz", Arrays.copyOf(compressed, compressed.length / 2));
        List<SourceRow> rows = readAll(path);
        assertTrue(rows.size() > 1_000 && rows.size() < 20_000);
        assertEquals(1, rejections.count(SourceRules.FILE_TRUNCATED));
        assertEquals(0, rejections.count(SourceRules.LINE_FIELD_COUNT), "the cut row is not reported twice");
    }

    @Test
    void aCorruptGzipHeaderIsAClearError() throws IOException {
        Path path = file("corrupt.csv.gz", new byte[] {0x1F, (byte) 0x8B, 9, 9, 9, 9});
        SourceException e = assertThrows(SourceException.class, () -> readAll(path));
        assertEquals(SourceRules.INPUT_CORRUPT, e.rule());
    }

    @Test
    void anUnterminatedQuoteAtTheEndIsRejectedWithItsLine() throws IOException {
        List<SourceRow> rows = readAll(utf8(HEADER + "P1;Roux;Luc;1990-01-01;;;x\r\nP2;\"Dupont;Luc;1990-01-01;;;x\r\n"));
        assertEquals(1, rows.size());
        assertEquals(List.of(3L), rejections.lines(SourceRules.LINE_UNTERMINATED_QUOTE));
    }

    @Test
    void aTenMegabyteLineIsRejectedAndReadingGoesOn() throws IOException {
        Path path = dir.resolve("huge.csv");
        try (OutputStream out = Files.newOutputStream(path)) {
            out.write(HEADER.getBytes(StandardCharsets.UTF_8));
            out.write("P1;".getBytes(StandardCharsets.UTF_8));
            byte[] block = new byte[1 << 20];
            Arrays.fill(block, (byte) 'A');
            for (int i = 0; i < 10; i++) {
                out.write(block);
            }
            out.write(";Luc;1990-01-01;;;x\r\nP2;Roux;Luc;1990-01-01;;;x\r\n".getBytes(StandardCharsets.UTF_8));
        }
        List<SourceRow> rows = readAll(path);
        assertEquals(List.of(2L), rejections.lines(SourceRules.LINE_TOO_LONG));
        assertEquals(1, rows.size());
        assertEquals(3, rows.get(0).lineNumber());
    }

    @Test
    void aLineOfDelimitersOnlyIsBoundedAndRejected() throws IOException {
        String delimiters = ";".repeat(200_000);
        List<SourceRow> rows = readAll(utf8(HEADER + delimiters + "\r\nP2;Roux;Luc;1990-01-01;;;x\r\n"));
        assertEquals(1, rows.size());
        assertEquals(List.of(2L), rejections.lines(SourceRules.LINE_FIELD_COUNT));
    }

    @Test
    void aNulByteRejectsItsRow() throws IOException {
        List<SourceRow> rows = readAll(utf8(HEADER + "P1;Ro\0ux;Luc;1990-01-01;;;x\r\nP2;Roux;Luc;1990-01-01;;;x\r\n"));
        assertEquals(1, rows.size());
        assertEquals(List.of(2L), rejections.lines(SourceRules.LINE_NUL));
    }

    @Test
    void aWrongFieldCountRejectsItsRow() throws IOException {
        List<SourceRow> rows = readAll(utf8(HEADER + "P1;Roux;Luc\r\nP2;Roux;Luc;1990-01-01;;;x;extra\r\nP3;Roux;Luc;1990-01-01;;;x\r\n"));
        assertEquals(1, rows.size());
        assertEquals(List.of(2L, 3L), rejections.lines(SourceRules.LINE_FIELD_COUNT));
    }

    @Test
    void emptyLinesAreSkippedAndCounted() throws IOException {
        Path path = utf8("\r\n" + HEADER + "P1;Roux;Luc;1990-01-01;;;x\r\n\r\n   \r\nP2;Roux;Luc;1990-01-01;;;x\r\n\r\n");
        try (CsvSource source = CsvSource.open(path, SourceOptions.detect(), mapping(), rejections)) {
            assertEquals(3, source.next().lineNumber());
            assertEquals(6, source.next().lineNumber());
            assertNull(source.next());
            assertEquals(4, source.emptyLines());
            assertEquals(0, source.rejected());
        }
    }

    @Test
    void aHeaderOnlyFileHasNoRows() throws IOException {
        Path path = utf8(HEADER);
        try (CsvSource source = CsvSource.open(path, SourceOptions.detect(), mapping(), rejections)) {
            assertNull(source.next());
            assertEquals(0, source.rowsReturned());
            assertEquals(0, rejections.total());
        }
    }

    @Test
    void anEmptyFileHasNoHeader() throws IOException {
        SourceException e = assertThrows(SourceException.class, () -> readAll(utf8("\r\n  \r\n")));
        assertEquals(SourceRules.HEADER_MISSING, e.rule());
        assertEquals(3, e.lineNumber());
    }

    @Test
    void aMissingColumnIsNamedWithItsMappingKeyButNoDataIsEchoed() throws IOException {
        // No header at all: the first data row is taken for the header, and must not leak into the message.
        Path path = utf8("P1;Lefèvre;Marie;1984-12-02;284127510812345;m@x.example;NFS\r\n");
        SourceException e = assertThrows(SourceException.class, () -> readAll(path));
        assertEquals(SourceRules.HEADER_MISSING_COLUMN, e.rule());
        assertEquals(1, e.lineNumber());
        assertTrue(e.getMessage().contains("'nir' (identity.nir)"), e.getMessage());
        assertTrue(e.getMessage().contains("'email' (group.EMAIL)"), e.getMessage());
        for (String value : List.of("Lefèvre", "Marie", "1984", "284127510812345", "m@x.example")) {
            assertFalse(e.getMessage().contains(value), "the message must not echo a cell");
        }
    }

    @Test
    void headerNamesMatchIgnoringCaseAndSpaces() throws IOException {
        Path path = utf8(" ID ;NOM;Prenoms;Date_Naissance;NIR;Email;Analyses\r\nP1;Roux;Luc;1990-01-01;;;x\r\n");
        assertEquals("Roux", readAll(path).get(0).lastName());
    }

    @Test
    void aDuplicatedMappedColumnIsFatal() throws IOException {
        Path path = utf8("id;nom;nom;prenoms;date_naissance;nir;email;analyses\r\n");
        SourceException e = assertThrows(SourceException.class, () -> readAll(path));
        assertEquals(SourceRules.HEADER_DUPLICATE_COLUMN, e.rule());
        assertTrue(e.getMessage().contains("'nom' (identity.lastName)"));
    }

    @Test
    void anUnterminatedQuoteInTheHeaderIsFatal() throws IOException {
        SourceException e = assertThrows(SourceException.class, () -> readAll(utf8("id;\"nom;prenoms\r\nP1;x\r\n")));
        assertEquals(SourceRules.HEADER_UNTERMINATED_QUOTE, e.rule());
    }

    @Test
    void rowsAndRejectionsNeverPrintCellValues() throws IOException {
        List<SourceRow> rows = readAll(utf8(HEADER + "P1;Lefèvre;Marie;1984-12-02;284127510812345;m@x.example;NFS\r\n"));
        String printed = rows.get(0).toString();
        assertFalse(printed.contains("Lef") || printed.contains("Marie") || printed.contains("2841"), printed);
        assertTrue(printed.contains("line=2"));
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(plain);
        }
        return bytes.toByteArray();
    }
}
