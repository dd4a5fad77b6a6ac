package org.leakcheck.protocol.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BucketsTest {
    @Test
    void bucketIsTheTopBitsOfTheLabelledHash() {
        byte[] input = "x".getBytes(StandardCharsets.US_ASCII);
        int full = Buckets.bucketOf(input, 24);
        for (int bits = 1; bits <= 24; bits++) {
            assertEquals(full >>> (24 - bits), Buckets.bucketOf(input, bits), "bits " + bits);
        }
    }

    @Test
    void bucketsStayInRange() {
        for (int i = 0; i < 10_000; i++) {
            int b = Buckets.bucketOf(new byte[] {(byte) i, (byte) (i >> 8)}, 12);
            assertTrue(b >= 0 && b < Buckets.count(12));
        }
    }

    @Test
    void spreadsInputsOverAllBuckets() {
        int[] seen = new int[16];
        for (int i = 0; i < 1_600; i++) {
            seen[Buckets.bucketOf(new byte[] {(byte) i, (byte) (i >> 8)}, 4)]++;
        }
        for (int count : seen) {
            assertTrue(count > 50 && count < 150, "roughly uniform: " + count);
        }
    }

    @Test
    void rejectsBitsOutsideTheSupportedRange() {
        assertThrows(IllegalArgumentException.class, () -> Buckets.bucketOf(new byte[1], 0));
        assertThrows(IllegalArgumentException.class, () -> Buckets.bucketOf(new byte[1], 25));
    }
}
