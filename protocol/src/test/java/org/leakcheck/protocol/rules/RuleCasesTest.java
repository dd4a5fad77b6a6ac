package org.leakcheck.protocol.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import org.leakcheck.protocol.keys.KeyIds;
import org.leakcheck.protocol.lookup.BucketBits;
import org.leakcheck.protocol.lookup.DatasetIds;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.lookup.DisclosurePolicy;

/** The shared cases hold what the rules accept and, just past each edge, what they refuse. */
class RuleCasesTest {

    private static <T> List<T> accepted(List<T> cases, Predicate<T> rule) {
        return cases.stream().filter(rule).toList();
    }

    @Test
    void datasetIdsAcceptOnlyThreeToFortyOfLowerCaseDigitsAndInnerHyphens() {
        assertEquals(List.of("labs-2021", "abc", "a-b", "a1b", "000", "a".repeat(40), "a" + "-".repeat(38) + "b"),
                accepted(RuleCases.DATASET_IDS, DatasetIds::isValid));
    }

    @Test
    void loadIdsAcceptOnlyThirtyTwoLowerCaseHexCharacters() {
        assertEquals(List.of("9f0c1e5b7d2a41e3b6c8d0f2a4c6e8f0", "0".repeat(32), "f".repeat(32)),
                accepted(RuleCases.LOAD_IDS, DatasetLoad::isValidLoadId));
    }

    @Test
    void keyIdsAcceptOnlySixteenLowerCaseHexCharacters() {
        assertEquals(List.of("3f9a0c1e5b7d2a4f", "0".repeat(16), "f".repeat(16)),
                accepted(RuleCases.KEY_IDS, KeyIds::isValid));
    }

    @Test
    void bucketBitsAcceptOnlyZeroToTwentyFour() {
        assertEquals(List.of(0, 1, 11, 23, 24), accepted(RuleCases.BUCKET_BITS, BucketBits::isValid));
    }

    @Test
    void disclosureLabelsAcceptOnlyTheThreeLowerCaseNames() {
        assertEquals(List.of("open", "membership", "gated"), accepted(RuleCases.DISCLOSURE_LABELS, label -> {
            try {
                return DisclosurePolicy.parse(label).label().equals(label);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }));
    }
}
