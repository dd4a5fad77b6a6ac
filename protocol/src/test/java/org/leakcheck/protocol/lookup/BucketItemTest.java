package org.leakcheck.protocol.lookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BucketItemTest {
    private static final String DATASET = "labs-2021";
    private static final byte[] PADDING_KEY = EntryTest.filled(32, 3);

    @Test
    void padsToTheFixedSizeAndSorts() {
        List<byte[]> entries = entries(5);
        byte[] item = BucketItem.encode(entries, 12, new PaddingFiller(PADDING_KEY, EntryTest.LOAD, 9));
        assertEquals(12, BucketItem.entryCount(item));
        assertTrue(BucketItem.isSorted(item));
    }

    @Test
    void sameInputGivesTheSameBytes() {
        byte[] a = BucketItem.encode(entries(5), 12, new PaddingFiller(PADDING_KEY, EntryTest.LOAD, 9));
        byte[] b = BucketItem.encode(entries(5), 12, new PaddingFiller(PADDING_KEY, EntryTest.LOAD, 9));
        assertArrayEquals(a, b);
    }

    @Test
    void fillerDiffersPerBucketAndIndex() {
        PaddingFiller nine = new PaddingFiller(PADDING_KEY, EntryTest.LOAD, 9);
        PaddingFiller ten = new PaddingFiller(PADDING_KEY, EntryTest.LOAD, 10);
        assertFalse(java.util.Arrays.equals(nine.entry(0), nine.entry(1)));
        assertFalse(java.util.Arrays.equals(nine.entry(0), ten.entry(0)));
        assertEquals(Entry.SIZE, nine.entry(0).length);
    }

    @Test
    void findsAndOpensEveryRealEntryAmongFiller() {
        byte[] item = BucketItem.encode(entries(5), 40, new PaddingFiller(PADDING_KEY, EntryTest.LOAD, 1));
        for (int i = 0; i < 5; i++) {
            Optional<Details> found = BucketItem.find(item, keys(i), DATASET);
            assertTrue(found.isPresent(), "entry " + i);
            assertEquals(EnumSet.of(ExposureKind.values()[i]), found.get().kinds());
        }
        assertEquals(Optional.empty(), BucketItem.find(item, keys(99), DATASET));
    }

    @Test
    void fillerDiffersPerLoad() {
        PaddingFiller first = new PaddingFiller(PADDING_KEY, EntryTest.load(DATASET, 1, 12), 9);
        PaddingFiller second = new PaddingFiller(PADDING_KEY, EntryTest.load(DATASET, 2, 12), 9);
        assertFalse(java.util.Arrays.equals(first.entry(0), second.entry(0)));
    }

    @Test
    void anEntryThatMatchesButDoesNotOpenIsAnErrorNotAVerdict() {
        byte[] item = BucketItem.encode(entries(5), 16, new PaddingFiller(PADDING_KEY, EntryTest.LOAD, 1));
        int at = indexOf(item, keys(2));
        item[at * Entry.SIZE + Entry.SIZE - 1] ^= 1;
        LookupException e = assertThrows(LookupException.class, () -> BucketItem.find(item, keys(2), DATASET));
        assertEquals(LookupException.Rule.BUCKET_CORRUPT, e.rule());
    }

    @Test
    void twoEntriesWithOneFingerprintAreAnError() {
        List<byte[]> doubled = entries(3);
        doubled.add(doubled.get(1).clone());
        byte[] item = BucketItem.encode(doubled, 16, new PaddingFiller(PADDING_KEY, EntryTest.LOAD, 1));
        assertThrows(LookupException.class, () -> BucketItem.find(item, keys(1), DATASET));
    }

    @Test
    void anEntryOfAnotherDatasetIsAnError() {
        List<byte[]> foreign = new ArrayList<>();
        foreign.add(Entry.seal(keys(0), Details.of(EnumSet.of(ExposureKind.NIR), "labs-2022")));
        byte[] item = BucketItem.encode(foreign, 16, new PaddingFiller(PADDING_KEY, EntryTest.LOAD, 1));
        assertThrows(LookupException.class, () -> BucketItem.find(item, keys(0), DATASET));
    }

    private static int indexOf(byte[] item, EntryKeys keys) {
        for (int i = 0; i < BucketItem.entryCount(item); i++) {
            if (keys.matches(item, i * Entry.SIZE)) {
                return i;
            }
        }
        throw new AssertionError("entry not in item");
    }

    @Test
    void paddedSizeIsTheLargestBucketRoundedUpToSixteenAndAtLeastSixteen() {
        assertEquals(16, BucketItem.paddedSize(0));
        assertEquals(16, BucketItem.paddedSize(16));
        assertEquals(32, BucketItem.paddedSize(17));
        assertEquals(608, BucketItem.paddedSize(593));
        for (long largest = 0; largest < 2000; largest++) {
            assertTrue(BucketItem.isValidPaddedSize(BucketItem.paddedSize(largest)), "largest " + largest);
        }
        assertFalse(BucketItem.isValidPaddedSize(0));
        assertFalse(BucketItem.isValidPaddedSize(8));
        assertFalse(BucketItem.isValidPaddedSize(17));
    }

    @Test
    void rejectsMoreEntriesThanThePaddedSize() {
        assertThrows(IllegalArgumentException.class,
                () -> BucketItem.encode(entries(3), 2, new PaddingFiller(PADDING_KEY, EntryTest.LOAD, 0)));
    }

    @Test
    void rejectsItemsThatAreNotWholeEntries() {
        assertThrows(IllegalArgumentException.class, () -> BucketItem.entryCount(new byte[33]));
        assertThrows(IllegalArgumentException.class, () -> BucketItem.find(new byte[31], keys(0), DATASET));
    }

    @Test
    void emptyItemFindsNothing() {
        assertEquals(Optional.empty(), BucketItem.find(new byte[0], keys(0), DATASET));
    }

    private static EntryKeys keys(int i) {
        return EntryKeys.derive(EntryTest.filled(32, i), EntryTest.LOAD);
    }

    private static List<byte[]> entries(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Entry.seal(keys(i), Details.of(EnumSet.of(ExposureKind.values()[i]), DATASET)));
        }
        return out;
    }
}
