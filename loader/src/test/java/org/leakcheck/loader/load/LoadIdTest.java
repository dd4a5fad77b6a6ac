package org.leakcheck.loader.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leakcheck.loader.LeakFixture;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.lookup.DisclosurePolicy;
import org.leakcheck.store.Progress;
import org.leakcheck.store.StoredBucket;

/**
 * The load id is derived from the content (spec §6.3): the same rows under the same key give the
 * same id and the same items whatever the row order, the number of threads and the number of
 * partitions the work is split into (the persons' rows, far apart in the file, merged across
 * them); another key gives another id. Compute phases only (no table); needs nothing.
 */
class LoadIdTest {
    @TempDir
    static Path dir;
    static Path csv;
    static KeyMaterial key;

    @BeforeAll
    static void leak() throws Exception {
        csv = LeakFixture.generate(dir, 700, 21)[0];
        key = KeyMaterial.fromSeed(new byte[32]);
    }

    /** A computed load and its items by bucket. */
    private record Outcome(DatasetLoad load, LoadReport report, Map<Integer, String> items) {
    }

    private static Outcome compute(Path input, KeyMaterial key, int threads, long bytesPerPartition) throws Exception {
        // Membership: plain and factor-bound entries, the pairs made across rows in any order.
        LoadOptions options = LeakFixture.options(input, key, "", threads, DisclosurePolicy.MEMBERSHIP);
        Map<Integer, String> items = new TreeMap<>();
        BucketWriting.Sink collect = new BucketWriting.Sink() {
            @Override
            public synchronized void write(DatasetLoad load, List<StoredBucket> range) {
                range.forEach(item -> items.put(item.bucket(), java.util.HexFormat.of().formatHex(item.entries())));
            }

            @Override
            public String target() {
                return null;
            }
        };
        LoadPipeline.Computed computed = new LoadPipeline(options, Progress.NONE, Clock.systemUTC(), bytesPerPartition)
                .compute(collect, true);
        return new Outcome(computed.load(), computed.report().build(true), items);
    }

    @Test
    void givesTheSameLoadAndItemsWhateverTheThreadsThePartitionsAndTheRowOrder() throws Exception {
        List<String> records = new ArrayList<>(List.of(Files.readString(csv, StandardCharsets.UTF_8).split("\r\n")));
        List<String> body = new ArrayList<>(records.subList(1, records.size()));
        Collections.reverse(body);
        Path reversed = dir.resolve("reversed.csv");
        Files.writeString(reversed, records.get(0) + "\r\n" + String.join("\r\n", body) + "\r\n", StandardCharsets.UTF_8);

        Outcome one = compute(csv, key, 1, Partitions.INPUT_BYTES_PER_PARTITION);
        Outcome three = compute(csv, key, 3, 64 << 10);
        Outcome backwards = compute(reversed, key, 2, 20 << 10);

        assertEquals(1, one.report().partitions());
        assertTrue(three.report().partitions() >= 8, "split: " + three.report().partitions());
        assertTrue(backwards.report().partitions() >= 20, "split: " + backwards.report().partitions());
        assertEquals(one.load(), three.load());
        assertEquals(one.load(), backwards.load());
        assertEquals(one.report().persons(), backwards.report().persons());
        assertEquals(one.report().entriesByKind(), backwards.report().entriesByKind());
        assertEquals(8, one.items().size());
        assertEquals(one.items(), three.items());
        assertEquals(one.items(), backwards.items());
        // ~1,450 plain entries and ~1,300 factor-bound ones: B_D = 3 (2,048 <= N < 4,096).
        assertEquals(3, one.load().bucketBits(), one.report().entriesByKind().toString());
    }

    @Test
    void anotherKeyGivesAnotherLoadId() throws Exception {
        byte[] seed = new byte[32];
        seed[0] = 1;

        Outcome mine = compute(csv, key, 2, Partitions.INPUT_BYTES_PER_PARTITION);
        Outcome theirs = compute(csv, KeyMaterial.fromSeed(seed), 2, Partitions.INPUT_BYTES_PER_PARTITION);

        assertEquals(mine.report().entries(), theirs.report().entries());
        assertNotEquals(mine.load().loadIdHex(), theirs.load().loadIdHex());
    }
}
