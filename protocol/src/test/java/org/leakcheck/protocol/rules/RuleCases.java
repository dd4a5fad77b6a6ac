package org.leakcheck.protocol.rules;

import java.util.List;

/**
 * One shared list of inputs per protocol rule, accepted and refused alike, for the tests that show
 * each layer (store, function, client, CDK) agrees with the rule: every such test runs its own
 * check over the whole list and compares the outcome with the protocol's predicate
 * ({@code DatasetIds}, {@code DatasetLoad.isValidLoadId}, {@code BucketBits}, {@code KeyIds},
 * {@code DisclosurePolicy.parse}).
 * Shipped in protocol's test jar. {@link RuleCasesTest} pins which of them the rules accept, so a
 * list that loses its edge cases fails there.
 */
public final class RuleCases {

    /** Dataset ids: the edges of length and alphabet, and the spellings a URL or a typo would bring. */
    public static final List<String> DATASET_IDS = List.of(
            "labs-2021", "abc", "a-b", "a1b", "000", "a".repeat(40), "a" + "-".repeat(38) + "b",
            "ab", "a".repeat(41), "", " ", "-abc", "abc-", "Labs-2021", "labs_2021", "labs.2021", "labs 2021",
            "labs-2021 ", "labs%2D2021", "labs/2021", "lab\u00e9s", "labs\u00ad2021", "labs\n");

    /** Load ids: 32 lower-case hex characters, and every near miss. */
    public static final List<String> LOAD_IDS = List.of(
            "9f0c1e5b7d2a41e3b6c8d0f2a4c6e8f0", "0".repeat(32), "f".repeat(32),
            "9F0C1E5B7D2A41E3B6C8D0F2A4C6E8F0", "9f0c1e5b7d2a41e3b6c8d0f2a4c6e8f", "9f0c1e5b7d2a41e3b6c8d0f2a4c6e8f0a",
            "9f0c1e5b7d2a41e3b6c8d0f2a4c6e8g0", "9f0c1e5b-7d2a-41e3-b6c8-d0f2a4c6e8f0", "", " " + "0".repeat(31));

    /** Key ids: 16 lower-case hex characters, and every near miss (upper case, length, another alphabet). */
    public static final List<String> KEY_IDS = List.of(
            "3f9a0c1e5b7d2a4f", "0".repeat(16), "f".repeat(16),
            "3F9A0C1E5B7D2A4F", "3f9a0c1e5b7d2a4", "3f9a0c1e5b7d2a4f0", "3f9a0c1e5b7d2a4g", "k-2026-11-29-3f9a",
            "3f9a0c1e.5b7d2a4", "key id with spac", "", " ");

    /** Bucket bits: the whole range, its neighbours and the extremes of an int. */
    public static final List<Integer> BUCKET_BITS = List.of(
            0, 1, 11, 23, 24, -1, 25, 31, 32, 40, Integer.MIN_VALUE, Integer.MAX_VALUE);

    /** Disclosure policy labels: the three, and the spellings a typo, a shell or a spreadsheet would bring. */
    public static final List<String> DISCLOSURE_LABELS = List.of(
            "open", "membership", "gated",
            "OPEN", "Open", "Membership", "GATED", " open", "open ", "gated\n", "", "closed", "public",
            "membership-only", "member", "gate", "0", "null");

    private RuleCases() {
    }
}
