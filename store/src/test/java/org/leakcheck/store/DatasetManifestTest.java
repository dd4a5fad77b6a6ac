package org.leakcheck.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import org.leakcheck.protocol.keys.KeyIds;
import org.leakcheck.protocol.lookup.BucketBits;
import org.leakcheck.protocol.lookup.DatasetIds;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.lookup.DisclosurePolicy;
import org.leakcheck.protocol.rules.RuleCases;

/** A stored manifest takes exactly the forms the protocol's rules take: the store has no rule of its own. Pure Java. */
class DatasetManifestTest {

    private static final String LOAD = "9f0c1e5b7d2a41e3b6c8d0f2a4c6e8f0";

    private static DatasetManifest manifest(String datasetId, int bucketBits, String keyId, String loadId) {
        return new DatasetManifest(datasetId, "Synthetic", "Generated test data", 1_000, 2_100,
                Map.of("nir", 1_000L, "name-dob", 1_100L), bucketBits, 608, 32, keyId, 2, loadId,
                Instant.parse("2026-02-24T10:15:30Z"), DisclosurePolicy.OPEN, 3, null, TestBuckets.SERVED_UNTIL,
                TestBuckets.NOTICE);
    }

    private static DatasetManifest withPolicy(DisclosurePolicy disclosure, int exposedMask, FactorLabel factor,
                                              String notice) {
        return new DatasetManifest("labs-2021", "", "", 1, 2, Map.of("nir", 2L), 0, 16, 32, TestBuckets.KEY_ID, 2,
                LOAD, Instant.EPOCH, disclosure, exposedMask, factor, TestBuckets.SERVED_UNTIL, notice);
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
    void requiresAFactorLabelExactlyWhenThePolicyUsesAFactor() {
        for (DisclosurePolicy policy : DisclosurePolicy.values()) {
            assertEquals(!policy.usesFactor(), accepts(() -> withPolicy(policy, 3, null, TestBuckets.NOTICE)),
                    policy.label() + " without factor");
            assertEquals(policy.usesFactor(), accepts(() -> withPolicy(policy, 3, TestBuckets.FACTOR, TestBuckets.NOTICE)),
                    policy.label() + " with factor");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> withPolicy(DisclosurePolicy.GATED, 3, null, TestBuckets.NOTICE));
        assertEquals("factor: is required when disclosure is gated", e.getMessage());
    }

    @Test
    void takesAnExposedMaskThatFitsInSixteenBits() {
        assertTrue(accepts(() -> withPolicy(DisclosurePolicy.OPEN, 0, null, TestBuckets.NOTICE)));
        assertTrue(accepts(() -> withPolicy(DisclosurePolicy.OPEN, 0xFFFF, null, TestBuckets.NOTICE)));
        assertFalse(accepts(() -> withPolicy(DisclosurePolicy.OPEN, 0x10000, null, TestBuckets.NOTICE)));
        assertFalse(accepts(() -> withPolicy(DisclosurePolicy.OPEN, -1, null, TestBuckets.NOTICE)));
    }

    @Test
    void refusesABlankOrOversizedNoticeWithoutEchoingIt() {
        assertFalse(accepts(() -> withPolicy(DisclosurePolicy.OPEN, 3, null, " ")));
        String huge = "{\"controller\":\"" + "é".repeat(DatasetManifest.MAX_NOTICE_BYTES / 2) + "\"}";

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> withPolicy(DisclosurePolicy.OPEN, 3, null, huge));

        assertEquals("notice: must be at most 300000 bytes in UTF-8", e.getMessage());
    }

    @Test
    void refusesAFactorLabelThatIsBlankTooLongOrSpansLinesNamingTheField() {
        String label = "Numéro d'adhérent";
        String hint = "Sur votre carte";
        assertEquals("labelEn: must not be blank", assertThrows(IllegalArgumentException.class,
                () -> new FactorLabel(label, " ", hint, hint)).getMessage());
        assertEquals("labelFr: must be at most 120 characters", assertThrows(IllegalArgumentException.class,
                () -> new FactorLabel("x".repeat(121), label, hint, hint)).getMessage());
        assertEquals("hintFr: must be at most 300 characters", assertThrows(IllegalArgumentException.class,
                () -> new FactorLabel(label, label, "x".repeat(301), hint)).getMessage());
        assertEquals("hintEn: must not contain control characters", assertThrows(IllegalArgumentException.class,
                () -> new FactorLabel(label, label, hint, "line\nbreak")).getMessage());
        assertTrue(accepts(() -> new FactorLabel("x".repeat(120), label, "x".repeat(300), hint)));
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
