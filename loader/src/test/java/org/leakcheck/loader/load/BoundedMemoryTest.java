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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.leakcheck.loader.LeakFixture;
import org.leakcheck.loader.LoaderCli;
import org.leakcheck.testkit.DynaliteExtension;

/**
 * Bounded memory at scale: 2,000,000 synthetic patients, four times the 2021 leak, generated in a
 * JVM limited to a 128 MB heap, then loaded into dynalite under the membership policy (the one
 * with the most entries: each identity alone and bound to the member number, ~7.9 M entries) in a
 * JVM limited to a 512 MB heap, and verified with the generator's known answers. Child JVMs give
 * the real heap limits. This is the suite's one large case; it takes several minutes (it is the
 * whole OPRF workload), but no timing is asserted: speed is measured by {@code bench/scale.sh},
 * which also runs the case, with the 200,000-patient reference it is compared to. Needs Node 20 and
 * testkit's node_modules.
 */
class BoundedMemoryTest {
    static final long PATIENTS = 2_000_000;

    @RegisterExtension
    static final DynaliteExtension DYNAMO = DynaliteExtension.perClass();

    @TempDir
    Path dir;

    @Test
    void twoMillionPatientsLoadInA512MegabyteHeapAndAnswerTheirKnownAnswers() throws Exception {
        Path csv = dir.resolve("leak.csv");
        Path answers = dir.resolve("known-answers.json");
        Path key = dir.resolve("key.json");
        Path report = dir.resolve("report.json");
        assertEquals(0, LeakFixture.cli("keygen", "--out", key.toString()).exit());

        child("-Xmx128m", "generate", "--records", Long.toString(PATIENTS), "--output", csv.toString(),
                "--known-answers", answers.toString());
        child("-Xmx512m", LeakFixture.concat(new String[] {"load", "--input", csv.toString(), "--dataset", "national",
                "--key", key.toString(), "--table", "leak", "--endpoint", DYNAMO.endpoint().toString(),
                "--create-table", "--work-dir", dir.resolve("work").toString(), "--report", report.toString()},
                LeakFixture.policy("membership")));

        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertTrue(json.get("persons").asLong() > 1_990_000, json.toString());
        assertTrue(json.get("entries").asLong() > 7_500_000, json.toString());
        // ~7.9 M entries: B_D = 14 by the rule (docs/protocol.md §3), 16,384 items of ~480 entries.
        assertEquals(14, json.get("bucketBits").asInt(), json.toString());
        long csvBytes = Files.size(csv);
        assertEquals((csvBytes + Partitions.INPUT_BYTES_PER_PARTITION - 1) / Partitions.INPUT_BYTES_PER_PARTITION,
                json.get("partitions").asLong(), "one partition per 64 MB of CSV");
        assertTrue(json.get("spillBytes").asLong() < csvBytes / 2, "the temporary files stay under half the export");
        assertTrue(!Files.exists(dir.resolve("work")), "and are gone");

        LeakFixture.Run verify = LeakFixture.cli("verify", "--dataset", "national", "--table", "leak", "--endpoint",
                DYNAMO.endpoint().toString(), "--key", key.toString(), "--known-answers", answers.toString());
        assertEquals(0, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.out().contains("known answers all correct"), verify.out());
    }

    /** Runs the loader CLI in a child JVM with {@code heap}; fails with the end of its output unless it exits 0. */
    private void child(String heap, String... args) throws Exception {
        Path log = dir.resolve("child.log");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(LeakFixture.concat(new String[] {
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap,
                "-XX:+ExitOnOutOfMemoryError", "-XX:+UseParallelGC", "-cp", classPath, LoaderCli.class.getName()}, args))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(child.waitFor(40, TimeUnit.MINUTES), "the child finishes");
        assertEquals(0, child.exitValue(), () -> args[0] + " under " + heap + " failed: " + tail(log));
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
