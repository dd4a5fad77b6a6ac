package org.leakcheck.loader.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leakcheck.loader.LeakFixture;

/**
 * Bad input never crashes the loader: each broken file gives either a clear error naming the line
 * or column and the rule (exit 2), or a counted rejection in the report. Runs as dry runs: the
 * reading path is the same with or without a table.
 */
class BadInputTest {
    @TempDir
    static Path dir;
    static List<String> lines;
    static Path key;

    @BeforeAll
    static void sample() throws Exception {
        Path csv = LeakFixture.generate(dir, 200, 3)[0];
        lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        key = dir.resolve("key.json");
        assertEquals(0, LeakFixture.cli("keygen", "--out", key.toString()).exit());
    }

    private static LeakFixture.Run dryRun(Path input, Path report) {
        return LeakFixture.cli(LeakFixture.concat(new String[] {"load", "--input", input.toString(), "--dataset",
                "labs-2021", "--key", key.toString(), "--dry-run", "--report", report.toString()},
                LeakFixture.policy("open")));
    }

    private static JsonNode report(Path input) throws Exception {
        Path report = dir.resolve(input.getFileName() + ".report.json");
        LeakFixture.Run run = dryRun(input, report);
        assertEquals(0, run.exit(), run.err());
        return new ObjectMapper().readTree(report.toFile());
    }

    @Test
    void truncatedFileCountsTheUnfinishedRecord() throws Exception {
        String whole = String.join("\n", lines.subList(0, 50)) + "\n";
        Path truncated = dir.resolve("truncated.csv");
        Files.writeString(truncated, whole + lines.get(50).substring(0, 12) + ";\"unterminated");
        JsonNode json = report(truncated);
        assertTrue(json.get("rowsRejected").has("line.unterminated-quote"), json.toString());
        assertTrue(json.get("rowsAccepted").asLong() >= 40);
    }

    @Test
    void wrongForcedEncodingRejectsRowsInsteadOfCrashing() throws Exception {
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1));
        Path report = dir.resolve("latin1-forced.json");
        LeakFixture.Run run = LeakFixture.cli(LeakFixture.concat(new String[] {"load", "--input", latin1.toString(),
                "--dataset", "labs-2021", "--key", key.toString(), "--dry-run", "--encoding", "UTF-8", "--report",
                report.toString()}, LeakFixture.policy("open")));
        assertEquals(0, run.exit(), run.err());
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertTrue(json.get("fieldsRejected").has("name.characters"), json.toString());

        JsonNode detected = report(latin1);
        assertEquals("ISO-8859-1", detected.get("encoding").asText(), "detection reads it right");
    }

    @Test
    void missingColumnIsAClearErrorNamingTheColumn() throws Exception {
        Path noNir = dir.resolve("no-nir.csv");
        Files.writeString(noNir, lines.get(0).replace("nir;", "numero;") + "\n" + lines.get(1) + "\n");
        LeakFixture.Run run = dryRun(noNir, dir.resolve("no-nir.json"));
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("line 1") && run.err().contains("no column 'nir'"), run.err());
    }

    @Test
    void headerOnlyIsAClearError() throws Exception {
        Path header = dir.resolve("header.csv");
        Files.writeString(header, lines.get(0) + "\n");
        LeakFixture.Run run = dryRun(header, dir.resolve("header.json"));
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("nothing to load"), run.err());
    }

    @Test
    void tenMegabyteLineIsCountedAndTheRestIsLoaded() throws Exception {
        Path huge = dir.resolve("huge.csv");
        try (OutputStream out = Files.newOutputStream(huge)) {
            out.write((String.join("\n", lines.subList(0, 20)) + "\n").getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 10; i++) {
                out.write(chunk);
            }
            out.write(("\n" + String.join("\n", lines.subList(20, 60)) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        JsonNode json = report(huge);
        assertEquals(1, json.get("rowsRejected").get("line.too-long").get("count").asLong(), json.toString());
        assertEquals(21, json.get("rowsRejected").get("line.too-long").get("lines").get(0).asLong());
        assertTrue(json.get("rowsAccepted").asLong() >= 50);
    }

    @Test
    void nulBytesAreCountedWithTheirLine() throws Exception {
        Path nul = dir.resolve("nul.csv");
        StringBuilder s = new StringBuilder(String.join("\n", lines.subList(0, 10))).append('\n');
        s.append(lines.get(10), 0, 5).append('\0').append(lines.get(10).substring(5)).append('\n');
        s.append(String.join("\n", lines.subList(11, 30))).append('\n');
        Files.writeString(nul, s.toString());
        JsonNode json = report(nul);
        assertEquals(11, json.get("rowsRejected").get("line.nul").get("lines").get(0).asLong(), json.toString());
    }

    @Test
    void gzipInputIsDetectedAndLoaded() throws Exception {
        Path gz = dir.resolve("leak.csv.gz");
        try (OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        }
        JsonNode json = report(gz);
        assertTrue(json.get("rowsAccepted").asLong() > 150, json.toString());
    }
}
