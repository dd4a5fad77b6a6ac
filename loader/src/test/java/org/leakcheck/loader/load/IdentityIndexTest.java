package org.leakcheck.loader.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.leakcheck.protocol.identity.FactorIdentity;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.NameDobIdentity;
import org.leakcheck.protocol.identity.NirIdentity;
import org.leakcheck.protocol.lookup.DisclosurePolicy;

/**
 * Which entries each policy makes of a person's rows, merged across rows (docs/protocol.md §3.1).
 * Synthetic identities only; pure Java.
 */
class IdentityIndexTest {
    private static final Identity NIR = NirIdentity.parse("185057800604830");
    private static final Identity NAME = NameDobIdentity.parse("Lefèvre", "Hélène", "1985-05-12");
    private static final Identity BIRTH_NAME = NameDobIdentity.parse("Martin", "Hélène", "1985-05-12");
    private static final int EMAIL = 1 << 4;
    private static final int PHONE = 1 << 3;
    private static final int IDENTITY = 1;

    /** Entries by canonical encoding (hex), with the mask and scope they will be sealed with. */
    private record Entry(int mask, boolean membershipOnly) {
    }

    private static Map<String, Entry> entries(IdentityIndex index) {
        Map<String, Entry> out = new HashMap<>();
        for (IdentityIndex.Slot slot : index.drain()) {
            out.put(HexFormat.of().formatHex(slot.canonical()), new Entry(slot.exposureMask(), slot.membershipOnly()));
        }
        return out;
    }

    private static String hex(Identity identity) {
        return HexFormat.of().formatHex(identity.canonicalBytes());
    }

    /** One person whose two rows carry different identities and different factors. */
    private static IdentityIndex twoRows(DisclosurePolicy policy, List<IdentityIndex.Slot> submitted) {
        IdentityIndex index = new IdentityIndex(policy);
        index.add("P1", List.of(NIR), List.of("MU0042"), IDENTITY | EMAIL, submitted::add);
        index.add("P1", List.of(NAME, BIRTH_NAME), List.of("MU0042", "B7"), IDENTITY | PHONE, submitted::add);
        return index;
    }

    @Test
    void bindsAFactorExactlyAsTheProtocolEncodesAFactorIdentity() {
        for (Identity base : List.of(NIR, NAME)) {
            byte[] bound = IdentityIndex.bind(IdentityIndex.withOutputSpace(base.canonicalBytes()), "MU0042B".getBytes());
            byte[] expected = FactorIdentity.bind(base, "MU0042B").canonicalBytes();

            assertArrayEquals(expected, java.util.Arrays.copyOf(bound, bound.length - IdentityIndex.OUTPUT_SIZE));
        }
    }

    @Test
    void openWritesEachIdentityOnceWithThePersonsKindsAndNoFactorBoundEntry() {
        List<IdentityIndex.Slot> submitted = new ArrayList<>();
        IdentityIndex index = twoRows(DisclosurePolicy.OPEN, submitted);

        assertEquals(Map.of("nir", 1L, "name-dob", 2L), index.entriesByKind());
        assertEquals(0, index.personsWithoutFactor());
        Map<String, Entry> entries = entries(index);

        assertEquals(3, entries.size());
        assertEquals(3, submitted.size(), "each entry goes to the OPRF once");
        for (Identity identity : List.of(NIR, NAME, BIRTH_NAME)) {
            assertEquals(new Entry(IDENTITY | EMAIL | PHONE, false), entries.get(hex(identity)));
        }
    }

    @Test
    void membershipWritesPlainMembershipOnlyEntriesAndEveryIdentityFactorPairWithKinds() {
        List<IdentityIndex.Slot> submitted = new ArrayList<>();
        IdentityIndex index = twoRows(DisclosurePolicy.MEMBERSHIP, submitted);

        assertEquals(Map.of("nir", 1L, "name-dob", 2L, "nir+factor", 2L, "name-dob+factor", 4L), index.entriesByKind());
        assertEquals(IDENTITY | EMAIL | PHONE, index.exposedMask());
        Map<String, Entry> entries = entries(index);

        assertEquals(9, entries.size(), "3 identities alone, and each with both factors");
        assertEquals(9, submitted.size());
        for (Identity identity : List.of(NIR, NAME, BIRTH_NAME)) {
            assertEquals(new Entry(0, true), entries.get(hex(identity)), "membership only, mask 0");
            for (String factor : List.of("MU0042", "B7")) {
                // The NIR came with the first row, the factor B7 with the second: paired anyway.
                assertEquals(new Entry(IDENTITY | EMAIL | PHONE, false),
                        entries.get(hex(FactorIdentity.bind(identity, factor))), "the person's kinds need the factor");
            }
        }
    }

    @Test
    void gatedWritesOnlyTheFactorBoundEntries() {
        List<IdentityIndex.Slot> submitted = new ArrayList<>();
        IdentityIndex index = twoRows(DisclosurePolicy.GATED, submitted);

        assertEquals(Map.of("nir+factor", 2L, "name-dob+factor", 4L), index.entriesByKind());
        Map<String, Entry> entries = entries(index);

        assertEquals(6, entries.size());
        for (Identity identity : List.of(NIR, NAME, BIRTH_NAME)) {
            assertFalse(entries.containsKey(hex(identity)), "no entry for an identity alone");
        }
        assertEquals(new Entry(IDENTITY | EMAIL | PHONE, false), entries.get(hex(FactorIdentity.bind(NAME, "B7"))));
    }

    @Test
    void aPersonWithoutFactorGetsThePlainEntryUnderMembershipAndNothingUnderGated() {
        for (DisclosurePolicy policy : List.of(DisclosurePolicy.MEMBERSHIP, DisclosurePolicy.GATED)) {
            IdentityIndex index = new IdentityIndex(policy);
            index.add("P1", List.of(NIR, NAME), List.of(), IDENTITY, slot -> { });
            index.add("P2", List.of(BIRTH_NAME), List.of("MU0042"), IDENTITY, slot -> { });

            assertEquals(1, index.personsWithoutFactor(), policy.label());
            Map<String, Entry> entries = entries(index);
            assertEquals(policy == DisclosurePolicy.MEMBERSHIP, entries.containsKey(hex(NIR)), policy.label());
            assertEquals(policy == DisclosurePolicy.MEMBERSHIP ? 4 : 1, entries.size(), policy.label());
        }
    }

    @Test
    void aFactorGivenLaterBindsTheIdentitiesSeenBeforeAndARepeatAddsNothing() {
        List<IdentityIndex.Slot> submitted = new ArrayList<>();
        IdentityIndex index = new IdentityIndex(DisclosurePolicy.GATED);
        index.add("P1", List.of(NIR), List.of(), IDENTITY, submitted::add);
        assertEquals(0, submitted.size(), "no factor yet: no entry yet");
        index.add("P1", List.of(NAME), List.of("MU0042"), EMAIL, submitted::add);
        index.add("P1", List.of(NIR, NAME), List.of("MU0042"), PHONE, submitted::add);

        assertEquals(2, submitted.size(), "the NIR and the name, each bound to the one factor");
        Map<String, Entry> entries = entries(index);
        assertEquals(new Entry(IDENTITY | EMAIL | PHONE, false), entries.get(hex(FactorIdentity.bind(NIR, "MU0042"))));
    }

    @Test
    void twoPersonsSharingAnIdentityAndAFactorShareTheEntryWithBothMasks() {
        IdentityIndex index = new IdentityIndex(DisclosurePolicy.MEMBERSHIP);
        index.add("P1", List.of(NAME), List.of("MU0042"), IDENTITY | EMAIL, slot -> { });
        index.add("P2", List.of(NAME), List.of("MU0042"), IDENTITY | PHONE, slot -> { });

        assertEquals(2, index.persons());
        Map<String, Entry> entries = entries(index);
        assertEquals(2, entries.size());
        assertEquals(new Entry(IDENTITY | EMAIL | PHONE, false), entries.get(hex(FactorIdentity.bind(NAME, "MU0042"))));
        assertTrue(entries.get(hex(NAME)).membershipOnly());
    }

    @Test
    void keepsEntriesDistinctWellPastTheTablesFirstGrowth() {
        IdentityIndex index = new IdentityIndex(DisclosurePolicy.GATED);
        for (int i = 0; i < 5_000; i++) {
            index.add("P" + i, List.of(NIR), List.of("F" + i), IDENTITY, slot -> { });
            index.add("P" + i, List.of(NIR), List.of("F" + i), IDENTITY, slot -> { });
        }

        assertEquals(5_000, index.entries());
        assertEquals(5_000, entries(index).size());
    }

    @Test
    void storesTheOprfOutputAfterTheCanonicalEncodingWithoutChangingIt() {
        List<IdentityIndex.Slot> submitted = new ArrayList<>();
        new IdentityIndex(DisclosurePolicy.OPEN).add("P1", List.of(NAME), List.of(), IDENTITY, submitted::add);
        IdentityIndex.Slot slot = submitted.get(0);
        byte[] y = new byte[IdentityIndex.OUTPUT_SIZE];
        java.util.Arrays.fill(y, (byte) 7);

        slot.output(y);

        assertArrayEquals(y, slot.output());
        assertArrayEquals(NAME.canonicalBytes(), slot.canonical());
        assertEquals("Slot[redacted]", slot.toString());
    }
}
