package org.leakcheck.loader.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leakcheck.loader.LeakFixture;
import org.leakcheck.loader.LoaderCli;
import org.leakcheck.loader.generate.GeneratorOptions;

/**
 * Bounded memory: the full-size synthetic leak (491,840 patients, ~1 M identities) goes through
 * every compute phase of a load (OPRF, content digest, load id, sealing, padding) in a JVM limited
 * to a 512 MB heap, under the membership policy, the one with the most entries: each identity
 * alone and bound to the person's member number, ~1.9 M entries. Runs a child JVM for the real
 * heap limit; takes several minutes (it is the whole OPRF workload), but no timing is asserted —
 * speed is measured by {@code bench/load.sh}.
 */
class BoundedMemoryTest {
    @TempDir
    Path dir;

    @Test
    void fullSizeLeakLoadsInA512MegabyteHeap() throws Exception {
        Path csv = LeakFixture.generate(dir, GeneratorOptions.DEFAULT_PATIENTS, 1)[0];
        Path key = dir.resolve("key.json");
        Path report = dir.resolve("report.json");
        assertEquals(0, LeakFixture.cli("keygen", "--out", key.toString()).exit());

        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-cp", classPath, LoaderCli.class.getName(),
                "load", "--input", csv.toString(), "--dataset", "full-size", "--key", key.toString(),
                "--dry-run", "--report", report.toString(), "--disclosure", "membership", "--served-until",
                LeakFixture.servedUntil(), "--notice", LeakFixture.noticeFile().toString(), "--factor-label",
                LeakFixture.factorLabelFile().toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
        assertTrue(child.waitFor(30, TimeUnit.MINUTES), "the load finishes");
        assertEquals(0, child.exitValue(), () -> "load under -Xmx512m failed: " + tail(dir.resolve("child.log")));

        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertTrue(json.get("persons").asLong() > 490_000, json.toString());
        assertTrue(json.get("entriesByKind").get("nir").asLong() + json.get("entriesByKind").get("name-dob").asLong()
                > 1_000_000, json.toString());
        assertTrue(json.get("entriesByKind").get("nir+factor").asLong() > 400_000, json.toString());
        assertTrue(json.get("entriesByKind").get("name-dob+factor").asLong() > 450_000, json.toString());
        // ~1.9 M entries: B_D = 12 by the rule (docs/protocol.md §3), 4,096 items of ~470 entries.
        assertEquals(12, json.get("bucketBits").asInt(), json.toString());
        assertEquals(4096, json.get("buckets").asInt());
        assertTrue(json.get("paddedSize").asInt() >= 464 && json.get("paddedSize").asInt() <= 608, json.toString());
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }
}
