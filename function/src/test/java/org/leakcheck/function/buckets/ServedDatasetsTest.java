package org.leakcheck.function.buckets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.leakcheck.function.support.Datasets;
import org.leakcheck.function.support.MemoryBucketSource;
import org.leakcheck.store.DatasetManifest;

/** The manifest cache and the servable filter, with an in-memory table and a hand-driven clock. */
class ServedDatasetsTest {

    private final AtomicLong now = new AtomicLong();
    private final MemoryBucketSource source = new MemoryBucketSource();

    private ServedDatasets served(Optional<String> keyId) {
        return new ServedDatasets(source, new BucketsConfig(12, keyId, Duration.ofSeconds(60), now::get));
    }

    @Test
    void queriesTheManifestsOncePerTtl() {
        source.manifest(Datasets.manifest("labs-2021", 2, 12, "k-1"));
        ServedDatasets datasets = served(Optional.empty());
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
    void aNewDatasetIsServedOnceTheTtlHasPassed() {
        ServedDatasets datasets = served(Optional.empty());
        assertEquals(0, datasets.current().size());
        source.manifest(Datasets.manifest("labs-2021", 2, 12, "k-1"));
        assertEquals(0, datasets.current().size());
        now.addAndGet(Duration.ofSeconds(60).toNanos());
        assertEquals(1, datasets.current().size());
    }

    @Test
    void servesOnlyManifestsOfThisProtocolEntrySizeAndBucketBits() {
        source.manifest(Datasets.manifest("ok-dataset", 2, 12, "k-1"))
                .manifest(Datasets.manifest("other-bits", 2, 13, "k-1"))
                .manifest(new DatasetManifest("other-version", "", "", 1, 1, java.util.Map.of(), 1, 32, 2, "k-1", 2, 12,
                        Datasets.LOADED_AT))
                .manifest(new DatasetManifest("other-size", "", "", 1, 1, java.util.Map.of(), 1, 64, 2, "k-1", 1, 12,
                        Datasets.LOADED_AT));
        assertEquals(java.util.List.of("ok-dataset"),
                served(Optional.empty()).current().stream().map(DatasetManifest::datasetId).toList());
    }

    @Test
    void announcesTheConfiguredKeyIdElseTheNewestManifests() {
        assertEquals(Optional.empty(), served(Optional.empty()).keyId());
        source.manifest(Datasets.manifest("aaa-old", 2, 12, "k-old"));
        source.manifest(new DatasetManifest("zzz-new", "", "", 1, 1, java.util.Map.of(), 1, 32, 2, "k-new", 1, 12,
                Datasets.LOADED_AT.plusSeconds(60)));
        assertEquals(Optional.of("k-new"), served(Optional.empty()).keyId());
        assertEquals(Optional.of("k-set"), served(Optional.of("k-set")).keyId());
    }
}
