package org.leakcheck.loader.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.leakcheck.protocol.lookup.Entry;
import org.leakcheck.store.TableLayout;

/**
 * The padded size P of spec §6.1 and the 400 KB item check that runs before anything is written
 * (it is called from {@code prepare}, which never touches the table). Synthetic counts; needs nothing.
 */
class PaddedSizeTest {
    @Test
    void roundsTheLargestBucketUpToAMultipleOf16OfAtLeast16() {
        assertEquals(16, LoadPipeline.paddedSize(0));
        assertEquals(16, LoadPipeline.paddedSize(1));
        assertEquals(16, LoadPipeline.paddedSize(16));
        assertEquals(32, LoadPipeline.paddedSize(17));
        assertEquals(608, LoadPipeline.paddedSize(593));
        assertEquals(608, LoadPipeline.paddedSize(608));
    }

    @Test
    void acceptsTheLargestItemThatFitsInDynamoDb() {
        int max = LoadPipeline.MAX_PADDED_SIZE;

        assertEquals(max, LoadPipeline.paddedSize(max));
        assertTrue((long) max * Entry.SIZE <= TableLayout.MAX_ENTRIES_BYTES, "fits");
        assertTrue((long) (max + 16) * Entry.SIZE > TableLayout.MAX_ENTRIES_BYTES, "the next size would not");
        assertEquals(12_784, max);
    }

    @Test
    void refusesABucketTooLargeForA400KilobyteItemBeforeAnyWrite() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LoadPipeline.paddedSize(LoadPipeline.MAX_PADDED_SIZE + 1));

        assertEquals("the largest bucket holds 12,785 entries: padded to 12,800 entries of 32 bytes, its item would be"
                + " 409,600 bytes, over DynamoDB's 400 KB item limit (at most 12,784 entries per item); nothing was"
                + " written", e.getMessage());
        assertThrows(IllegalStateException.class, () -> LoadPipeline.paddedSize(Integer.MAX_VALUE));
    }
}
