package org.leakcheck.protocol.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EntryTest {
    private static final byte[] OUTPUT = filled(32, 7);

    @Test
    void sealedEntryOpensToItsDetails() {
        EntryKeys keys = EntryKeys.derive(OUTPUT, "labs-2021");
        Details details = Details.of(EnumSet.of(ExposureKind.NIR, ExposureKind.MEDICAL), "labs-2021");
        byte[] entry = Entry.seal(keys, details);

        assertEquals(Entry.SIZE, entry.length);
        assertEquals(Optional.of(details), Entry.open(keys, entry, 0));
    }

    @Test
    void entryStartsWithTheFingerprint() {
        EntryKeys keys = EntryKeys.derive(OUTPUT, "labs-2021");
        byte[] entry = Entry.seal(keys, Details.of(EnumSet.of(ExposureKind.NIR), "labs-2021"));
        assertTrue(Arrays.equals(keys.fingerprint(), Arrays.copyOf(entry, EntryKeys.FINGERPRINT_SIZE)));
    }

    @Test
    void sameIdentityHasUnrelatedEntriesInTwoDatasets() {
        EntryKeys a = EntryKeys.derive(OUTPUT, "labs-2021");
        EntryKeys b = EntryKeys.derive(OUTPUT, "labs-2022");
        assertFalse(Arrays.equals(a.fingerprint(), b.fingerprint()));
        assertNotEquals(EntryKeys.datasetTag("labs-2021"), EntryKeys.datasetTag("labs-2022"));
    }

    @Test
    void tamperedEntryDoesNotOpen() {
        EntryKeys keys = EntryKeys.derive(OUTPUT, "labs-2021");
        byte[] entry = Entry.seal(keys, Details.of(EnumSet.of(ExposureKind.EMAIL), "labs-2021"));
        for (int i = EntryKeys.FINGERPRINT_SIZE; i < Entry.SIZE; i++) {
            byte[] copy = entry.clone();
            copy[i] ^= 1;
            assertEquals(Optional.empty(), Entry.open(keys, copy, 0), "flipped byte " + i);
        }
    }

    @Test
    void entryDoesNotOpenUnderAnotherOutput() {
        EntryKeys keys = EntryKeys.derive(OUTPUT, "labs-2021");
        byte[] entry = Entry.seal(keys, Details.of(EnumSet.of(ExposureKind.EMAIL), "labs-2021"));
        EntryKeys other = EntryKeys.derive(filled(32, 8), "labs-2021");
        assertEquals(Optional.empty(), Entry.open(other, entry, 0));
    }

    @Test
    void exposureMaskRoundTripsAndIgnoresUnknownBits() {
        EnumSet<ExposureKind> all = EnumSet.allOf(ExposureKind.class);
        assertEquals(all, ExposureKind.fromMask(ExposureKind.toMask(all)));
        assertEquals(EnumSet.of(ExposureKind.IDENTITY), ExposureKind.fromMask(1 | 1 << 15));
    }

    @Test
    void rejectsInvalidDatasetIds() {
        for (String bad : new String[] {"", "ab", "-abc", "abc-", "ABC", "a b c", "é-labs", "x".repeat(41)}) {
            assertThrows(IllegalArgumentException.class, () -> EntryKeys.derive(OUTPUT, bad), bad);
        }
        assertTrue(DatasetIds.isValid("labs-2021"));
    }

    static byte[] filled(int size, int value) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
