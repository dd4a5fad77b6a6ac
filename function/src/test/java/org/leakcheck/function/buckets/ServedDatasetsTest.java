package org.leakcheck.function.buckets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.leakcheck.function.PartnerBatchLimit;
import org.leakcheck.function.http.Problem;
import org.leakcheck.function.http.ProblemException;
import org.leakcheck.function.support.Datasets;
import org.leakcheck.function.support.MemoryBucketSource;
import org.leakcheck.function.support.TestKeys;
import org.leakcheck.store.DatasetManifest;

/**
 * The manifest cache, the servable filter and the rule for which items may be served, with an
 * in-memory table and a hand-driven clock. Needs nothing to run.
 */
class ServedDatasetsTest {

    private static final String KEY_ID = TestKeys.key().keyId();

    private final AtomicLong now = new AtomicLong();
    private final MemoryBucketSource source = new MemoryBucketSource();

    private ServedDatasets served() {
        return new ServedDatasets(source, new BucketsConfig(TestKeys.key().publicKey(), PartnerBatchLimit.DEFAULT,
                Duration.ofSeconds(60), now::get));
    }

    @Test
    void queriesTheManifestsOncePerTtl() {
        source.manifest(Datasets.manifest("labs-2021", Datasets.LOAD, 16, 12, KEY_ID));
        ServedDatasets datasets = served();
        datasets.current();
        datasets.current();
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        datasets.current();
        assertEquals(1, source.manifestQueries());
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        datasets.current();
        assertEquals(2, source.manifestQueries());
        datasets.invalidate();
        datasets.current();
        assertEquals(3, source.manifestQueries());
    }

    @Test
    void aReloadIsServedAndItsPredecessorIsNotOnceTheTtlHasPassed() {
        ServedDatasets datasets = served();
        assertEquals(0, datasets.current().size());
        source.manifest(Datasets.manifest("labs-2021", Datasets.OLD_LOAD, 16, 12, KEY_ID));
        now.addAndGet(Duration.ofSeconds(60).toNanos());
        assertTrue(datasets.served("labs-2021", Datasets.OLD_LOAD).isPresent());
        source.manifest(Datasets.manifest("labs-2021", Datasets.LOAD, 16, 12, KEY_ID));
        assertTrue(datasets.served("labs-2021", Datasets.OLD_LOAD).isPresent(), "cached for at most the TTL");
        now.addAndGet(Duration.ofSeconds(60).toNanos());
        assertTrue(datasets.served("labs-2021", Datasets.OLD_LOAD).isEmpty());
        assertTrue(datasets.served("labs-2021", Datasets.LOAD).isPresent());
    }

    @Test
    void aLoadThisInstanceHasNotSeenYetIsLookedUpAgainButAtMostOnceEveryFiveSeconds() {
        source.manifest(Datasets.manifest("labs-2021", Datasets.OLD_LOAD, 16, 12, KEY_ID));
        ServedDatasets datasets = served();
        assertTrue(datasets.served("labs-2021", Datasets.OLD_LOAD).isPresent());
        source.manifest(Datasets.manifest("labs-2021", Datasets.LOAD, 16, 12, KEY_ID));
        assertTrue(datasets.served("labs-2021", Datasets.LOAD).isEmpty(), "a fresh list is not read again at once");
        assertEquals(1, source.manifestQueries());
        now.addAndGet(ServedDatasets.UNKNOWN_LOAD_REFRESH.toNanos());
        assertTrue(datasets.served("labs-2021", Datasets.LOAD).isPresent(), "the reload is found before the TTL ends");
        assertEquals(2, source.manifestQueries());
        for (int i = 0; i < 100; i++) {
            assertTrue(datasets.served("labs-2021", "ab".repeat(16)).isEmpty());
        }
        assertEquals(2, source.manifestQueries(), "made-up loads cost no Query each");
    }

    @Test
    void servesOnlyVersion2ManifestsOf32ByteEntriesUnderTheDeploymentsKey() {
        source.manifest(Datasets.manifest("ok-dataset", Datasets.LOAD, 16, 12, KEY_ID))
                .manifest(Datasets.manifest("tiny-leak", Datasets.LOAD, 16, 0, KEY_ID))
                .manifest(Datasets.manifest("other-key", Datasets.LOAD, 16, 12, TestKeys.otherKey().keyId()))
                .manifest(Datasets.manifest("other-version", Datasets.LOAD, 16, 12, KEY_ID, 1, 32))
                .manifest(Datasets.manifest("other-size", Datasets.LOAD, 16, 12, KEY_ID, 2, 64))
                .manifest(Datasets.manifest("odd-padding", Datasets.LOAD, 17, 12, KEY_ID));
        assertEquals(List.of("ok-dataset", "tiny-leak"),
                served().current().stream().map(DatasetManifest::datasetId).toList(), "sorted by id");
    }

    @Test
    void servesAnItemOfTheServedLoadWithTheLoadsPaddedSize() throws ProblemException {
        byte[] entries = Datasets.entries(16, 7);
        source.put("labs-2021", Datasets.LOAD, 7, entries)
                .manifest(Datasets.manifest("labs-2021", Datasets.LOAD, 16, 12, KEY_ID));
        ServedBucket served = served().bucket(new BucketPath("labs-2021", Datasets.LOAD, 7));
        assertEquals(Datasets.LOAD, served.manifest().loadId());
        assertEquals(7, served.bucket());
        assertArrayEquals(entries, served.entries());
    }

    @Test
    void refusesALoadThatIsNotTheServedOneAndABucketOutOfRange() {
        source.put("labs-2021", Datasets.OLD_LOAD, 7, Datasets.entries(16, 7))
                .manifest(Datasets.manifest("labs-2021", Datasets.LOAD, 16, 12, KEY_ID));
        ServedDatasets datasets = served();
        assertEquals(Problem.LOAD_UNKNOWN, assertThrows(ProblemException.class,
                () -> datasets.bucket(new BucketPath("labs-2021", Datasets.OLD_LOAD, 7))).problem());
        assertEquals(Problem.BUCKET_RANGE, assertThrows(ProblemException.class,
                () -> datasets.bucket(new BucketPath("labs-2021", Datasets.LOAD, 1 << 12))).problem());
        assertEquals(0, source.itemReads(), "neither reads an item");
    }

    @Test
    void neverServesAnItemOfAnotherSizeThanTheLoadsPaddedSize() {
        source.put("labs-2021", Datasets.LOAD, 7, Datasets.entries(15, 7))
                .manifest(Datasets.manifest("labs-2021", Datasets.LOAD, 16, 12, KEY_ID));
        assertThrows(IllegalStateException.class,
                () -> served().bucket(new BucketPath("labs-2021", Datasets.LOAD, 7)));
    }

    @Test
    void aMissingItemOfAReplacedLoadIsUnknownOnceTheManifestsAreReadAgain() {
        source.manifest(Datasets.manifest("labs-2021", Datasets.OLD_LOAD, 16, 12, KEY_ID));
        ServedDatasets datasets = served();
        datasets.current();
        source.manifest(Datasets.manifest("labs-2021", Datasets.LOAD, 16, 12, KEY_ID));
        assertEquals(Problem.LOAD_UNKNOWN, assertThrows(ProblemException.class,
                () -> datasets.bucket(new BucketPath("labs-2021", Datasets.OLD_LOAD, 7))).problem());
        assertEquals(2, source.manifestQueries(), "read again at once, without waiting for the TTL");
    }

    @Test
    void theManifestCacheLastsAtMostAMinute() {
        assertThrows(IllegalArgumentException.class, () -> new BucketsConfig(TestKeys.key().publicKey(),
                PartnerBatchLimit.DEFAULT, Duration.ofSeconds(61), System::nanoTime));
        assertEquals(Duration.ofSeconds(60), BucketsConfig.MAX_MANIFEST_TTL);
    }
}
