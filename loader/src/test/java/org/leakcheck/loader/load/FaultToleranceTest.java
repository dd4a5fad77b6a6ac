package org.leakcheck.loader.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leakcheck.loader.LeakFixture;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.lookup.DisclosurePolicy;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.DatasetManifest;
import org.leakcheck.store.StoreException;
import org.leakcheck.store.WriteOptions;
import org.leakcheck.testkit.Dynalite;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import org.leakcheck.store.Progress;

/**
 * No data lost on faults: a table serves one content of a dataset; a load of a new content is
 * killed (SIGKILL of the DynamoDB engine) in the middle of its write phase; the load fails with a
 * clear message while the old content stays served; the engine restarts on its data folder, the
 * same load runs again from its sealed ranges (the compute is not redone), and the table ends up identical to a clean load of the new content, with
 * no item of the old load left. Needs Node 20 and testkit's node_modules.
 */
class FaultToleranceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
    private static final WriteOptions QUICK_RETRIES = new WriteOptions(4, 3, Duration.ofMillis(10), Duration.ofMillis(40));
    /** One batch at a time, so the kill after the first batch leaves the rest unwritten. */
    private static final WriteOptions ONE_AT_A_TIME = new WriteOptions(1, 3, Duration.ofMillis(10), Duration.ofMillis(40));

    @TempDir
    Path dir;

    @Test
    void resumesAfterKilledLoad() throws Exception {
        // 10,000 patients give ~20,800 entries: B_D = 6, 64 items, 3 batches of 25.
        Path csv = LeakFixture.generate(dir, 10_000, 11)[0];
        Path oldCsv = LeakFixture.generate(dir, 2_000, 12)[0];
        Path keyFile = dir.resolve("key.json");
        assertEquals(0, LeakFixture.cli("keygen", "--out", keyFile.toString()).exit());
        KeyMaterial key = KeyMaterial.parse(Files.readString(keyFile));
        LoadOptions options = options(csv, key);

        try (Dynalite engine = Dynalite.startPersistent(Files.createDirectories(dir.resolve("engine")))) {
            BucketTable faulty = table(engine, "faulty");
            BucketTable clean = table(engine, "clean");
            new LoadPipeline(options, Progress.NONE, CLOCK).load(clean, QUICK_RETRIES);
            new LoadPipeline(options(oldCsv, key), Progress.NONE, CLOCK).load(faulty, QUICK_RETRIES);
            DatasetManifest old = faulty.manifest("labs-2021").orElseThrow();

            AtomicLong written = new AtomicLong();
            Progress killer = new KillAfter(engine, written, 25);
            StoreException failure = assertThrows(StoreException.class,
                    () -> new LoadPipeline(options, killer, CLOCK).load(faulty, ONE_AT_A_TIME));
            assertTrue(failure.getMessage().contains("labs-2021"), failure.getMessage());
            assertTrue(failure.getMessage().contains("not written"), failure.getMessage());
            assertTrue(written.get() >= 25 && written.get() < 64, "killed mid-write: " + written.get());

            engine.restart();
            BucketTable reopened = table(engine, "faulty");
            assertEquals(old, reopened.manifest("labs-2021").orElseThrow(), "the old load is still the served one");
            assertTrue(Files.exists(options.workDir().resolve("seal.done")), "the sealed ranges stay for a rerun");
            LoadReport rerun = new LoadPipeline(options, Progress.NONE, CLOCK).load(reopened, QUICK_RETRIES);
            // read, merge and the one partition's compute and seal: only the write is redone.
            assertEquals(3, rerun.piecesReused(), rerun.toString());
            assertFalse(Files.exists(options.workDir()), "the work directory is deleted once the load is over");

            try (DynamoDbClient client = engine.newClient()) {
                Map<String, Map<String, AttributeValue>> a = LeakFixture.snapshot(client, "faulty");
                Map<String, Map<String, AttributeValue>> b = LeakFixture.snapshot(client, "clean");
                assertEquals(65, b.size(), "64 bucket items and the manifest");
                assertEquals(b, a);
                assertTrue(a.keySet().stream().noneMatch(k -> k.endsWith(old.loadId())), "no item of the old load");
            }
        }
    }

    private static LoadOptions options(Path csv, KeyMaterial key) {
        return LeakFixture.options(csv, key, "Synthetic", 2, DisclosurePolicy.OPEN);
    }

    private static BucketTable table(Dynalite engine, String name) {
        BucketTable table = new BucketTable(engine.newClient(), name);
        table.createIfMissing();
        return table;
    }

    /** Counts items confirmed in the write phase and SIGKILLs the engine once {@code after} are confirmed. */
    private static final class KillAfter implements Progress {
        private final Dynalite engine;
        private final AtomicLong written;
        private final long after;
        private volatile boolean writing;

        KillAfter(Dynalite engine, AtomicLong written, long after) {
            this.engine = engine;
            this.written = written;
            this.after = after;
        }

        @Override
        public void start(String phase, String unit, long total) {
            writing = "write".equals(phase);
        }

        @Override
        public void advance(long done) {
            if (writing && written.addAndGet(done) >= after && engine.isRunning()) {
                engine.kill();
            }
        }

        @Override
        public void total(long total) {
        }

        @Override
        public void finish() {
            assertFalse(writing, "the write phase must not finish while the engine is down");
        }
    }
}
