package org.leakcheck.protocol.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.leakcheck.protocol.lookup.Verdicts.Access;
import org.leakcheck.protocol.lookup.Verdicts.Match;

/**
 * Every policy × (no factor, right factor, wrong factor), as the entries a load writes (§3.1)
 * make the two lookups come out, combined into the verdict the visitor sees (§7.5).
 */
class VerdictsTest {
    private static final String OPEN = "open-2021";
    private static final String MEMBERSHIP = "membership-2022";
    private static final String GATED = "gated-2023";
    private static final EnumSet<ExposureKind> KINDS = EnumSet.of(ExposureKind.NIR, ExposureKind.MEDICAL);

    /** What the factor lookup finds: nothing typed (null), the person's factor, or another one. */
    private enum Typed { NONE, RIGHT, WRONG }

    /** The plain lookup and the factor-bound lookup of one person present in {@code dataset} under its policy. */
    private static List<Match> verdict(DisclosurePolicy policy, String dataset, Typed typed) {
        List<LookupResult.Match> plain = new ArrayList<>();
        if (policy.writesPlainEntries()) {
            plain.add(new LookupResult.Match(dataset,
                    policy.plainEntriesCarryKinds() ? Details.of(KINDS, dataset) : Details.membership(dataset)));
        }
        List<LookupResult.Match> bound = new ArrayList<>();
        if (policy.usesFactor() && typed == Typed.RIGHT) {
            bound.add(new LookupResult.Match(dataset, Details.of(KINDS, dataset)));
        }
        return Verdicts.combine(new LookupResult(plain), typed == Typed.NONE ? null : new LookupResult(bound));
    }

    private static List<Match> kinds(String dataset) {
        return List.of(new Match(dataset, Access.KINDS, KINDS));
    }

    @Test
    void openGivesKindsWithoutAFactor() {
        assertEquals(kinds(OPEN), verdict(DisclosurePolicy.OPEN, OPEN, Typed.NONE));
    }

    @Test
    void openGivesKindsWhateverFactorIsTyped() {
        assertEquals(kinds(OPEN), verdict(DisclosurePolicy.OPEN, OPEN, Typed.RIGHT));
        assertEquals(kinds(OPEN), verdict(DisclosurePolicy.OPEN, OPEN, Typed.WRONG));
    }

    @Test
    void membershipWithoutAFactorSaysTheFactorIsNeeded() {
        assertEquals(List.of(new Match(MEMBERSHIP, Access.FACTOR_NEEDED, Set.of())),
                verdict(DisclosurePolicy.MEMBERSHIP, MEMBERSHIP, Typed.NONE));
    }

    @Test
    void membershipWithTheRightFactorGivesKinds() {
        assertEquals(kinds(MEMBERSHIP), verdict(DisclosurePolicy.MEMBERSHIP, MEMBERSHIP, Typed.RIGHT));
    }

    @Test
    void membershipWithAWrongFactorStillShowsMembershipAndSaysTheFactorIsWrong() {
        assertEquals(List.of(new Match(MEMBERSHIP, Access.FACTOR_WRONG, Set.of())),
                verdict(DisclosurePolicy.MEMBERSHIP, MEMBERSHIP, Typed.WRONG));
    }

    @Test
    void gatedWithoutAFactorIsNotFound() {
        assertEquals(List.of(), verdict(DisclosurePolicy.GATED, GATED, Typed.NONE));
    }

    @Test
    void gatedWithTheRightFactorGivesKinds() {
        assertEquals(kinds(GATED), verdict(DisclosurePolicy.GATED, GATED, Typed.RIGHT));
    }

    @Test
    void gatedWithAWrongFactorIsNotFound() {
        assertEquals(List.of(), verdict(DisclosurePolicy.GATED, GATED, Typed.WRONG));
    }

    @Test
    void anAbsentPersonIsNotFoundWithOrWithoutAFactor() {
        assertEquals(List.of(), Verdicts.combine(new LookupResult(List.of()), null));
        assertEquals(List.of(), Verdicts.combine(new LookupResult(List.of()), new LookupResult(List.of())));
    }

    @Test
    void combinesSeveralDatasetsSortedByIdEachByItsOwnEntries() {
        LookupResult plain = new LookupResult(List.of(
                new LookupResult.Match(OPEN, Details.of(EnumSet.of(ExposureKind.EMAIL), OPEN)),
                new LookupResult.Match(MEMBERSHIP, Details.membership(MEMBERSHIP))));
        LookupResult bound = new LookupResult(List.of(new LookupResult.Match(GATED, Details.of(KINDS, GATED))));
        assertEquals(List.of(
                        new Match(GATED, Access.KINDS, KINDS),
                        new Match(MEMBERSHIP, Access.FACTOR_WRONG, Set.of()),
                        new Match(OPEN, Access.KINDS, EnumSet.of(ExposureKind.EMAIL))),
                Verdicts.combine(plain, bound));
    }

    @Test
    void theFactorBoundEntryWinsOverThePlainOne() {
        LookupResult plain = new LookupResult(List.of(new LookupResult.Match(MEMBERSHIP, Details.membership(MEMBERSHIP))));
        LookupResult bound = new LookupResult(List.of(
                new LookupResult.Match(MEMBERSHIP, Details.of(EnumSet.of(ExposureKind.INSURER), MEMBERSHIP))));
        assertEquals(List.of(new Match(MEMBERSHIP, Access.KINDS, EnumSet.of(ExposureKind.INSURER))),
                Verdicts.combine(plain, bound));
    }

    @Test
    void aFoundEntryWithNoKindsIsStillKindsAccess() {
        // An open dataset whose person had no kind recorded: membership and an empty list, not "factor needed".
        LookupResult plain = new LookupResult(List.of(new LookupResult.Match(OPEN, Details.of(Set.of(), OPEN))));
        assertEquals(List.of(new Match(OPEN, Access.KINDS, Set.of())), Verdicts.combine(plain, null));
    }

    @Test
    void matchesAreImmutableAndOnlyKindsMatchesCarryKinds() {
        Match m = new Match(OPEN, Access.KINDS, KINDS);
        assertThrows(UnsupportedOperationException.class, () -> m.kinds().add(ExposureKind.EMAIL));
        assertThrows(IllegalArgumentException.class, () -> new Match(OPEN, Access.FACTOR_WRONG, KINDS));
        assertThrows(NullPointerException.class, () -> Verdicts.combine(null, null));
        assertTrue(Verdicts.combine(new LookupResult(List.of()), null).isEmpty());
    }

    @Test
    void accessLabelsAreTheWireNamesOfThePage() {
        assertEquals("kinds", Access.KINDS.label());
        assertEquals("factor-needed", Access.FACTOR_NEEDED.label());
        assertEquals("factor-wrong", Access.FACTOR_WRONG.label());
    }
}
