package org.leakcheck.loader.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.leakcheck.loader.LeakFixture;
import org.leakcheck.testkit.DynaliteExtension;

/**
 * No plaintext anywhere: after a load, no NIR, name, e-mail or phone number of the input appears in
 * stdout, stderr (progress and summary), the JSON report, or any DynamoDB item — neither as typed
 * nor canonicalized. Needs Node 20 and testkit's node_modules.
 */
class NoPlaintextTest {
    @RegisterExtension
    static final DynaliteExtension DYNAMO = DynaliteExtension.perClass();

    /** Values shorter than this are common words or numbers ("LE", "12"), not identifiers. */
    private static final int MIN_LENGTH = 6;

    @TempDir
    Path dir;

    @Test
    void noIdentifierOfTheInputAppearsInAnyOutput() throws Exception {
        Path[] files = LeakFixture.generate(dir, 1_500, 5);
        Path key = dir.resolve("key.json");
        Path report = dir.resolve("report.json");
        assertEquals(0, LeakFixture.cli("keygen", "--out", key.toString()).exit());
        LeakFixture.Run run = LeakFixture.cli("load", "--input", files[0].toString(), "--dataset", "labs-2021",
                "--key", key.toString(), "--table", "leak", "--endpoint", DYNAMO.endpoint().toString(),
                "--create-table", "--report", report.toString());
        assertEquals(0, run.exit(), run.err());

        Set<String> secrets = identifiers(files[0]);
        assertTrue(secrets.size() > 5_000, "the search covers the whole file: " + secrets.size());

        List<String> outputs = new ArrayList<>();
        outputs.add(run.out());
        outputs.add(run.err());
        outputs.add(Files.readString(report));
        for (byte[] item : LeakFixture.allBytes(DYNAMO.client(), "leak")) {
            outputs.add(new String(item, StandardCharsets.ISO_8859_1));
            outputs.add(new String(item, StandardCharsets.UTF_8));
        }
        String haystack = String.join("\n", outputs);
        for (String secret : secrets) {
            assertTrue(!haystack.contains(secret), "an identifier of the input leaked into an output");
        }
    }

    /** Every NIR, name, e-mail and phone cell of the file, as typed, trimmed, upper-cased and without separators. */
    private static Set<String> identifiers(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        String[] header = lines.get(0).split(";", -1);
        List<Integer> columns = new ArrayList<>();
        for (int i = 0; i < header.length; i++) {
            String h = header[i].trim().toLowerCase(Locale.ROOT);
            if (h.equals("nir") || h.equals("nom") || h.equals("nom_naissance") || h.equals("prenoms")
                    || h.equals("email") || h.startsWith("telephone")) {
                columns.add(i);
            }
        }
        assertEquals(7, columns.size(), "the generator's identifier columns");
        Set<String> out = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(";", -1);
            if (cells.length != header.length) {
                continue;
            }
            for (int c : columns) {
                String v = cells[c].replace("\"", "").trim();
                for (String form : List.of(v, v.toUpperCase(Locale.ROOT), v.replaceAll("[ .\\-]", ""))) {
                    if (form.length() >= MIN_LENGTH) {
                        out.add(form);
                    }
                }
            }
        }
        return out;
    }
}
