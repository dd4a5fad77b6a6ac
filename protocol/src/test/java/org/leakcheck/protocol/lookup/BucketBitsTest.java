package org.leakcheck.protocol.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rule of docs/protocol.md §3, and the figures its table gives. */
class BucketBitsTest {

    @Test
    void meanBucketHoldsAtLeast256EntriesAndFewerThan512() {
        for (long n = 512; n < 1L << 33; n = n * 3 / 2 + 7) {
            int bits = BucketBits.forEntries(n);
            double mean = (double) n / (1L << bits);
            assertTrue(mean >= 256, n + " entries");
            assertTrue(mean < 512 || bits == BucketBits.MAX, n + " entries");
        }
    }

    @Test
    void smallLeaksGetOneBucket() {
        assertEquals(0, BucketBits.forEntries(0));
        assertEquals(0, BucketBits.forEntries(511));
        assertEquals(1, BucketBits.forEntries(512));
    }

    @Test
    void reproducesTheFiguresOfTheSpecification() {
        assertEquals(11, BucketBits.forEntries(1_023_314));   // 0.5 M persons, the 2021 leak
        assertEquals(15, BucketBits.forEntries(10_400_000));  // 5 M
        assertEquals(18, BucketBits.forEntries(69_000_000));  // 33 M
        assertEquals(19, BucketBits.forEntries(146_000_000)); // 70 M
    }

    @Test
    void neverExceedsTheMaximum() {
        assertEquals(BucketBits.MAX, BucketBits.forEntries(Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> BucketBits.forEntries(-1));
    }

    @Test
    void checksTheRange() {
        assertTrue(BucketBits.isValid(0));
        assertTrue(BucketBits.isValid(24));
        assertFalse(BucketBits.isValid(-1));
        assertFalse(BucketBits.isValid(25));
        assertEquals(4096, BucketBits.count(12));
        assertThrows(IllegalArgumentException.class, () -> BucketBits.require(25));
    }
}
