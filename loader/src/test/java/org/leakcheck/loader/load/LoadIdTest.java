package org.leakcheck.loader.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leakcheck.loader.LeakFixture;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.lookup.DisclosurePolicy;
import org.leakcheck.store.Progress;

/**
 * The load id is derived from the content (spec §6.3): the same rows under the same key give the
 * same id and the same items whatever the row order and the number of threads; another key gives
 * another id. Compute phases only (no table); needs nothing.
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

    private static PreparedLoad prepare(Path input, KeyMaterial key, int threads) throws Exception {
        // Membership: plain and factor-bound entries, the pairs made across rows in any order.
        LoadOptions options = LeakFixture.options(input, key, "", threads, DisclosurePolicy.MEMBERSHIP);
        return new LoadPipeline(options, Progress.NONE, Clock.systemUTC()).prepare();
    }

    @Test
    void givesTheSameLoadAndItemsWhateverTheThreadsAndTheRowOrder() throws Exception {
        List<String> records = new ArrayList<>(List.of(Files.readString(csv, StandardCharsets.UTF_8).split("\r\n")));
        List<String> body = new ArrayList<>(records.subList(1, records.size()));
        Collections.reverse(body);
        Path reversed = dir.resolve("reversed.csv");
        Files.writeString(reversed, records.get(0) + "\r\n" + String.join("\r\n", body) + "\r\n", StandardCharsets.UTF_8);

        PreparedLoad one = prepare(csv, key, 1);
        PreparedLoad three = prepare(csv, key, 3);
        PreparedLoad backwards = prepare(reversed, key, 2);

        assertEquals(one.load(), three.load());
        assertEquals(one.load(), backwards.load());
        assertEquals(one.items(), three.items());
        assertEquals(one.items(), backwards.items());
        // ~1,450 plain entries and ~1,300 factor-bound ones: B_D = 3 (2,048 <= N < 4,096).
        assertEquals(3, one.load().bucketBits(), one.report().entriesByKind().toString());
    }

    @Test
    void anotherKeyGivesAnotherLoadId() throws Exception {
        byte[] seed = new byte[32];
        seed[0] = 1;

        PreparedLoad mine = prepare(csv, key, 2);
        PreparedLoad theirs = prepare(csv, KeyMaterial.fromSeed(seed), 2);

        assertEquals(mine.report().entries(), theirs.report().entries());
        assertNotEquals(mine.load().loadIdHex(), theirs.load().loadIdHex());
    }
}
