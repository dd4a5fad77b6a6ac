package org.leakcheck.loader.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.leakcheck.loader.LeakFixture;
import org.leakcheck.loader.LoaderCli;
import org.leakcheck.testkit.DynaliteExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A load SIGKILLed in the middle of its compute phase, then run again with the same command,
 * continues after its last finished partition and converges to the table a clean load gives; the
 * files it left behind hold no identifier of the export, and the work directory is gone once the
 * load is over. The kill is real: the load runs in a child JVM. Needs Node 20 and testkit's
 * node_modules.
 */
class ResumeTest {
    @RegisterExtension
    static final DynaliteExtension DYNAMO = DynaliteExtension.perClass();

    @TempDir
    Path dir;

    @Test
    void resumesAfterAKillDuringComputeWithoutRedoingFinishedPartitions() throws Exception {
        // ~8.5 MB of CSV: 9 partitions of 1 MB.
        Path csv = LeakFixture.generate(dir, 8_000, 31)[0];
        Path key = dir.resolve("key.json");
        assertEquals(0, LeakFixture.cli("keygen", "--out", key.toString()).exit());
        Path work = dir.resolve("work");
        Path report = dir.resolve("report.json");

        Process child = new ProcessBuilder(LeakFixture.concat(new String[] {
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                LoaderCli.class.getName()}, load(csv, key, "resumed", work, "--threads", "1")))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
        Path third = work.resolve(EntryEvaluation.marker(2) + ".done");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.exists(third) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(child.isAlive(), "the load is still computing when it is killed");
        child.destroyForcibly();
        assertTrue(child.waitFor(1, TimeUnit.MINUTES));
        assertTrue(Files.exists(work.resolve(EntryEvaluation.marker(2) + ".done")));
        assertFalse(Files.exists(work.resolve(EntryEvaluation.marker(8) + ".done")), "killed mid-compute");

        Set<String> secrets = LeakFixture.identifiers(csv, 6);
        String left = leftBehind(work);
        assertTrue(left.length() > 1_000_000, "the partitions are on disk: " + left.length());
        for (String secret : secrets) {
            assertFalse(left.contains(secret), "an identifier of the export is in a temporary file");
        }

        LeakFixture.Run resumed = LeakFixture.cli(LeakFixture.concat(load(csv, key, "resumed", work),
                "--report", report.toString()));
        assertEquals(0, resumed.exit(), resumed.err());
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertEquals(9, json.get("partitions").asInt());
        // read, merge, and at least the 3 partitions evaluated before the kill.
        assertTrue(json.get("piecesReused").asInt() >= 5, json.toString());
        assertFalse(Files.exists(work), "the work directory is deleted once the load is over");

        LeakFixture.Run clean = LeakFixture.cli(load(csv, key, "clean", dir.resolve("clean-work")));
        assertEquals(0, clean.exit(), clean.err());
        assertEquals(items("clean"), items("resumed"), "the resumed load wrote the clean load's items");
    }

    @Test
    void aFailedLoadLeavesNoTemporaryFile() throws Exception {
        Path csv = dir.resolve("empty.csv");
        Path generated = LeakFixture.generate(dir, 10, 32)[0];
        Files.writeString(csv, Files.readAllLines(generated, StandardCharsets.UTF_8).get(0) + "\r\n");
        Path key = dir.resolve("key.json");
        assertEquals(0, LeakFixture.cli("keygen", "--out", key.toString()).exit());
        Path work = dir.resolve("failed-work");

        LeakFixture.Run run = LeakFixture.cli(load(csv, key, "failed", work));

        assertTrue(run.exit() != 0);
        assertTrue(run.err().contains("nothing to load"), run.err());
        assertFalse(Files.exists(work), "the work directory is deleted after a failure too");
    }

    private String[] load(Path csv, Path key, String table, Path work, String... more) {
        return LeakFixture.concat(LeakFixture.concat(new String[] {"load", "--input", csv.toString(), "--dataset",
                "labs-2021", "--key", key.toString(), "--table", table, "--endpoint", DYNAMO.endpoint().toString(),
                "--create-table", "--work-dir", work.toString(), "--partition-mb", "1"},
                LeakFixture.policy("membership")), more);
    }

    /** Every file of the work directory, as one string of ISO-8859-1 and UTF-8 readings. */
    private static String leftBehind(Path work) throws Exception {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(work)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                byte[] bytes = Files.readAllBytes(f);
                out.add(new String(bytes, StandardCharsets.ISO_8859_1));
                out.add(new String(bytes, StandardCharsets.UTF_8));
            }
        }
        return String.join("\n", out);
    }

    /** The bucket items of a table, without its manifest (whose load time differs from run to run). */
    private static Map<String, Map<String, AttributeValue>> items(String table) {
        Map<String, Map<String, AttributeValue>> all = new java.util.TreeMap<>(LeakFixture.snapshot(DYNAMO.client(), table));
        all.keySet().removeIf(k -> k.startsWith(org.leakcheck.store.TableLayout.MANIFEST_PARTITION + "/"));
        return all;
    }
}
