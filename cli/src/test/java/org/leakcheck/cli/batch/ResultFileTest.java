package org.leakcheck.cli.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.leakcheck.loader.source.SourceException;

/** The output file's rows, header and resume point, and the mapping's refusals; no server needed. */
class ResultFileTest {

    @TempDir
    Path dir;

    private static final RunHeader HEADER = new RunHeader("ab".repeat(32), 1234, "cd".repeat(32), List.of("demo-2021"));

    @Test
    void aRowSurvivesItsOwnFormatWithQuotesCommasAndFormulaLikeIds() {
        ResultRow row = new ResultRow(12, "A,\"b\"", ResultRow.FOUND, List.of("d1", "d2"), List.of("kinds", "factor-needed"),
                List.of("IDENTITY+NIR", ""), List.of("nir.key"));
        assertEquals(row, ResultRow.parse(row.format().stripTrailing()));
        assertEquals("'=SUM(A1)", ResultRow.quote("=SUM(A1)"), "a spreadsheet never runs an id");
        assertEquals("\"x\"\"y\"", ResultRow.quote("x\"y"));
        assertThrows(IllegalArgumentException.class, () -> ResultRow.parse("1,a,maybe,,,,"));
    }

    @Test
    void aPartialLastLineIsCutAndTheRunAppendsAfterTheLastCompleteRow() throws IOException {
        Path out = dir.resolve("out.csv");
        try (ResultFile file = ResultFile.create(out, HEADER)) {
            file.write(new ResultRow(2, "", ResultRow.NOT_FOUND, List.of(), List.of(), List.of(), List.of()));
            file.write(new ResultRow(3, "", ResultRow.REJECTED, List.of(), List.of(), List.of(), List.of("line.nul")));
        }
        Files.writeString(out, "4,M4,fou", java.nio.file.StandardOpenOption.APPEND);   // a kill mid-write
        ResultFile.Existing existing = ResultFile.read(out);
        HEADER.check(existing.headerLine(), out);
        assertEquals(List.of(2L, 3L), existing.rows().stream().map(ResultRow::line).toList());
        try (ResultFile file = ResultFile.append(out, existing)) {
            file.write(new ResultRow(4, "M4", ResultRow.NOT_FOUND, List.of(), List.of(), List.of(), List.of()));
        }
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)),
                "the results are readable by their owner only");
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(List.of(HEADER.line(), ResultRow.HEADER, "2,,not-found,,,,", "3,,rejected,,,,line.nul",
                "4,M4,not-found,,,,"), lines);
    }

    @Test
    void aHeaderOfAnotherInputOtherOptionsOrOtherDatasetsIsRefusedSayingWhich() {
        Path out = dir.resolve("x.csv");
        RunHeader otherInput = new RunHeader("ef".repeat(32), 1234, HEADER.optionsSha256(), HEADER.datasets());
        RunHeader otherOptions = new RunHeader(HEADER.inputSha256(), 1234, "00".repeat(32), HEADER.datasets());
        RunHeader otherDatasets = new RunHeader(HEADER.inputSha256(), 1234, HEADER.optionsSha256(), List.of("x-2020"));
        assertTrue(assertThrows(ResultFile.ResumeException.class, () -> HEADER.check(otherInput.line(), out))
                .getMessage().contains("another input file"));
        assertTrue(assertThrows(ResultFile.ResumeException.class, () -> HEADER.check(otherOptions.line(), out))
                .getMessage().contains("other options"));
        assertTrue(assertThrows(ResultFile.ResumeException.class, () -> HEADER.check(otherDatasets.line(), out))
                .getMessage().contains("it now serves demo-2021"));
        assertTrue(assertThrows(ResultFile.ResumeException.class, () -> HEADER.check("nir,name", out))
                .getMessage().contains("no run header"));
    }

    @Test
    void theRowIdColumnMayNotBeAnIdentityOrFactorColumn() throws IOException {
        Path mapping = Files.writeString(dir.resolve("m.json"), "{\"identity.nir\": \"NIR\", \"person.key\": \"nir\"}");
        SourceException e = assertThrows(SourceException.class, () -> MemberMapping.read(mapping, null, null));
        assertTrue(e.getMessage().contains("mapping.id-is-identity"), e.getMessage());
        assertThrows(SourceException.class, () -> MemberMapping.read(null, null, "numero_adherent"));
        assertEquals("member", MemberMapping.read(mapping, null, "member").personKey().orElseThrow());
    }

    @Test
    void aMappingWithAnUnknownKeyIsRefused() throws IOException {
        Path mapping = Files.writeString(dir.resolve("typo.json"), "{\"identity.nirr\": \"nir\"}");
        SourceException e = assertThrows(SourceException.class, () -> MemberMapping.read(mapping, null, null));
        assertTrue(e.getMessage().contains("unknown key"), e.getMessage());
    }
}
