package org.leakcheck.loader.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.leakcheck.loader.LeakFixture;
import org.leakcheck.testkit.DynaliteExtension;

/**
 * No plaintext anywhere: after a load under the membership policy, no NIR, name, e-mail, phone
 * number or factor (member number, valid or not) of the input appears in stdout, stderr (progress
 * and summary), the JSON report, or any DynamoDB item — neither as typed nor canonicalized. Needs
 * Node 20 and testkit's node_modules.
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
        Path csv = withBadFactors(files[0]);
        LeakFixture.Run run = LeakFixture.cli(LeakFixture.concat(new String[] {"load", "--input", csv.toString(),
                "--dataset", "labs-2021", "--key", key.toString(), "--table", "leak", "--endpoint",
                DYNAMO.endpoint().toString(), "--create-table", "--report", report.toString()},
                LeakFixture.policy("membership")));
        assertEquals(0, run.exit(), run.err());
        assertTrue(Files.readString(report).contains("factor.characters"), "the invalid factors are counted by rule");

        Set<String> secrets = LeakFixture.identifiers(csv, MIN_LENGTH);
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

    /**
     * The file with the member number of every 50th data row made invalid ("MB#" + the number: a
     * character outside A-Z0-9), so that rejected factors are searched for too.
     */
    private static Path withBadFactors(Path csv) throws Exception {
        List<String> lines = new ArrayList<>(List.of(Files.readString(csv, StandardCharsets.UTF_8).split("\r\n", -1)));
        int factor = List.of(lines.get(0).split(";", -1)).indexOf("numero_adherent");
        int changed = 0;
        for (int i = 1; i < lines.size(); i += 50) {
            String[] cells = lines.get(i).split(";", -1);
            if (lines.get(i).contains("\"") || cells.length <= factor || cells[factor].isEmpty()) {
                continue;
            }
            cells[factor] = "MB#" + cells[factor];
            lines.set(i, String.join(";", cells));
            changed++;
        }
        assertTrue(changed > 10, "some factors made invalid");
        Path out = csv.resolveSibling("bad-factors.csv");
        Files.writeString(out, String.join("\r\n", lines), StandardCharsets.UTF_8);
        return out;
    }
}
