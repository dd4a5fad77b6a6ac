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
    static final DatasetLoad LOAD = load("labs-2021", 1, 12);

    @Test
    void sealedEntryOpensToItsDetails() {
        EntryKeys keys = EntryKeys.derive(OUTPUT, LOAD);
        Details details = Details.of(EnumSet.of(ExposureKind.NIR, ExposureKind.MEDICAL), "labs-2021");
        byte[] entry = Entry.seal(keys, details);

        assertEquals(Entry.SIZE, entry.length);
        assertEquals(Optional.of(details), Entry.open(keys, entry, 0));
    }

    @Test
    void entryStartsWithTheFingerprint() {
        EntryKeys keys = EntryKeys.derive(OUTPUT, LOAD);
        byte[] entry = Entry.seal(keys, Details.of(EnumSet.of(ExposureKind.NIR), "labs-2021"));
        assertTrue(Arrays.equals(keys.fingerprint(), Arrays.copyOf(entry, EntryKeys.FINGERPRINT_SIZE)));
    }

    @Test
    void sameIdentityHasUnrelatedEntriesInTwoDatasets() {
        EntryKeys a = EntryKeys.derive(OUTPUT, LOAD);
        EntryKeys b = EntryKeys.derive(OUTPUT, load("labs-2022", 1, 12));
        assertFalse(Arrays.equals(a.fingerprint(), b.fingerprint()));
        assertNotEquals(EntryKeys.datasetTag("labs-2021"), EntryKeys.datasetTag("labs-2022"));
    }

    @Test
    void tamperedEntryDoesNotOpen() {
        EntryKeys keys = EntryKeys.derive(OUTPUT, LOAD);
        byte[] entry = Entry.seal(keys, Details.of(EnumSet.of(ExposureKind.EMAIL), "labs-2021"));
        for (int i = EntryKeys.FINGERPRINT_SIZE; i < Entry.SIZE; i++) {
            byte[] copy = entry.clone();
            copy[i] ^= 1;
            assertEquals(Optional.empty(), Entry.open(keys, copy, 0), "flipped byte " + i);
        }
    }

    @Test
    void entryDoesNotOpenUnderAnotherOutput() {
        EntryKeys keys = EntryKeys.derive(OUTPUT, LOAD);
        byte[] entry = Entry.seal(keys, Details.of(EnumSet.of(ExposureKind.EMAIL), "labs-2021"));
        EntryKeys other = EntryKeys.derive(filled(32, 8), LOAD);
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
            assertThrows(IllegalArgumentException.class, () -> load(bad, 1, 12), bad);
        }
        assertTrue(DatasetIds.isValid("labs-2021"));
    }

    @Test
    void twoLoadsOfOneDatasetShareNothing() {
        EntryKeys first = EntryKeys.derive(OUTPUT, load("labs-2021", 1, 12));
        EntryKeys second = EntryKeys.derive(OUTPUT, load("labs-2021", 2, 12));
        assertFalse(Arrays.equals(first.fingerprint(), second.fingerprint()));
        assertFalse(Arrays.equals(first.stream(), second.stream()));
        assertFalse(Arrays.equals(first.macKey(), second.macKey()));
    }

    @Test
    void bucketIsTheTopBitsAndZeroWithoutBits() {
        EntryKeys wide = EntryKeys.derive(OUTPUT, load("labs-2021", 1, 24));
        EntryKeys narrow = EntryKeys.derive(OUTPUT, load("labs-2021", 1, 11));
        assertEquals(wide.bucket() >>> 13, narrow.bucket());
        assertTrue(wide.bucket() < 1 << 24);
        assertEquals(0, EntryKeys.derive(OUTPUT, load("labs-2021", 1, 0)).bucket());
    }

    @Test
    void rejectsMalformedLoads() {
        assertThrows(IllegalArgumentException.class, () -> new DatasetLoad("labs-2021", new byte[15], 12));
        assertThrows(IllegalArgumentException.class, () -> new DatasetLoad("labs-2021", new byte[16], 25));
        assertThrows(IllegalArgumentException.class, () -> DatasetLoad.of("labs-2021", "AB".repeat(16), 12));
        assertEquals("01".repeat(16), load("labs-2021", 1, 12).loadIdHex());
    }

    static DatasetLoad load(String dataset, int loadByte, int bits) {
        return new DatasetLoad(dataset, filled(16, loadByte), bits);
    }

    static byte[] filled(int size, int value) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
