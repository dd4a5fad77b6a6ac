package org.leakcheck.loader.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.leakcheck.loader.LeakFixture;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.lookup.DisclosurePolicy;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.Progress;
import org.leakcheck.store.WriteOptions;
import org.leakcheck.testkit.DynaliteExtension;

/**
 * Writes paced to a number of write request units a second (what an on-demand table sustains)
 * take at least the time that rate gives, and write every item. Only a lower bound is asserted:
 * it holds on any machine. Needs Node 20 and testkit's node_modules.
 */
class PacedWriteTest {
    @RegisterExtension
    static final DynaliteExtension DYNAMO = DynaliteExtension.perClass();

    @TempDir
    Path dir;

    @Test
    void countsOneWriteUnitPerKilobyteOfItemRoundedUp() {
        assertEquals(1, LoadPipeline.TableSink.writeUnits(16 * 32));
        assertEquals(2, LoadPipeline.TableSink.writeUnits(32 * 32));
        // A national leak's item: 624 entries of 32 bytes.
        assertEquals(20, LoadPipeline.TableSink.writeUnits(624 * 32));
    }

    @Test
    void aPacedLoadWritesEveryItemNoFasterThanTheRate() throws Exception {
        // 3,000 patients: ~6,300 entries, B_D = 4, 16 items of ~400 entries (13 KB: 13 units each).
        Path csv = LeakFixture.generate(dir, 3_000, 41)[0];
        LoadOptions options = LeakFixture.options(csv, KeyMaterial.fromSeed(new byte[32]), "", 2, DisclosurePolicy.OPEN);
        BucketTable table = new BucketTable(DYNAMO.client(), "paced");
        table.createIfMissing();

        long start = System.nanoTime();
        LoadReport report = new LoadPipeline(options, Progress.NONE, Clock.systemUTC())
                .load(table, WriteOptions.defaults(), 100);
        double seconds = (System.nanoTime() - start) / 1e9;

        int units = LoadPipeline.TableSink.writeUnits(report.paddedSize() * 32);
        double floor = (double) report.buckets() * units / 100;
        assertEquals(16, report.buckets());
        assertTrue(seconds >= floor * 0.9, String.format("%.1f s for %d items of %d units at 100 a second", seconds,
                report.buckets(), units));
        assertEquals(16, table.scanLoad(table.manifest("labs-2021").orElseThrow().load()).count());
    }
}
