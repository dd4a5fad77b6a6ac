package org.leakcheck.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import org.leakcheck.protocol.keys.KeyIds;
import org.leakcheck.protocol.lookup.BucketBits;
import org.leakcheck.protocol.lookup.DatasetIds;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.rules.RuleCases;

/** A stored manifest takes exactly the forms the protocol's rules take: the store has no rule of its own. Pure Java. */
class DatasetManifestTest {

    private static final String LOAD = "9f0c1e5b7d2a41e3b6c8d0f2a4c6e8f0";

    private static DatasetManifest manifest(String datasetId, int bucketBits, String keyId, String loadId) {
        return new DatasetManifest(datasetId, "Synthetic", "Generated test data", 1_000, 2_100,
                Map.of("nir", 1_000L, "name-dob", 1_100L), bucketBits, 608, 32, keyId, 2, loadId,
                Instant.parse("2026-02-24T10:15:30Z"));
    }

    private static boolean accepts(Runnable build) {
        try {
            build.run();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static <T> void agrees(Iterable<T> cases, Predicate<T> rule, Consumer<T> build) {
        for (T input : cases) {
            assertEquals(rule.test(input), accepts(() -> build.accept(input)), "case \"" + input + "\"");
        }
    }

    @Test
    void refusesEveryDatasetIdThatDatasetIdsRefusesAndTakesTheRest() {
        agrees(RuleCases.DATASET_IDS, DatasetIds::isValid, id -> manifest(id, 11, TestBuckets.KEY_ID, LOAD));
    }

    @Test
    void refusesEveryBucketBitsOutsideBucketBitsAndTakesTheRest() {
        agrees(RuleCases.BUCKET_BITS, BucketBits::isValid, bits -> manifest("labs-2021", bits, TestBuckets.KEY_ID, LOAD));
    }

    @Test
    void refusesEveryKeyIdThatKeyIdsRefusesAndTakesTheRest() {
        agrees(RuleCases.KEY_IDS, KeyIds::isValid, keyId -> manifest("labs-2021", 11, keyId, LOAD));
    }

    @Test
    void refusesEveryLoadIdThatDatasetLoadRefusesAndTakesTheRest() {
        agrees(RuleCases.LOAD_IDS, DatasetLoad::isValidLoadId, load -> manifest("labs-2021", 11, TestBuckets.KEY_ID, load));
    }
}
