package org.leakcheck.protocol.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The disclosure policies' labels and the entries each writes (§3.1), and Q (§7.1). */
class PoliciesAndBatchSizesTest {

    @Test
    void policiesParseTheirLabelsOnly() {
        for (DisclosurePolicy p : DisclosurePolicy.values()) {
            assertEquals(p, DisclosurePolicy.parse(p.label()));
        }
        assertEquals("open", DisclosurePolicy.OPEN.label());
        assertEquals("membership", DisclosurePolicy.MEMBERSHIP.label());
        assertEquals("gated", DisclosurePolicy.GATED.label());
    }

    @Test
    void anUnknownPolicyNamesTheAllowedLabelsWithoutEchoingTheInput() {
        for (String bad : new String[] {"OPEN", "Membership", " gated", "closed-secret", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DisclosurePolicy.parse(bad));
            assertEquals("disclosure policy must be one of open, membership, gated", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> DisclosurePolicy.parse(null));
    }

    @Test
    void eachPolicyWritesTheEntriesOfItsRow() {
        assertTrue(DisclosurePolicy.OPEN.writesPlainEntries());
        assertTrue(DisclosurePolicy.OPEN.plainEntriesCarryKinds());
        assertFalse(DisclosurePolicy.OPEN.usesFactor());

        assertTrue(DisclosurePolicy.MEMBERSHIP.writesPlainEntries());
        assertFalse(DisclosurePolicy.MEMBERSHIP.plainEntriesCarryKinds());
        assertTrue(DisclosurePolicy.MEMBERSHIP.usesFactor());

        assertFalse(DisclosurePolicy.GATED.writesPlainEntries());
        assertFalse(DisclosurePolicy.GATED.plainEntriesCarryKinds());
        assertTrue(DisclosurePolicy.GATED.usesFactor());
    }

    @Test
    void thePageSendsFourElements() {
        assertEquals(4, BatchSizes.PAGE);
        assertTrue(BatchSizes.PAGE <= BatchSizes.MAX);
    }
}
