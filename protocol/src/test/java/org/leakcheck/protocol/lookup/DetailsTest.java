package org.leakcheck.protocol.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The 8-byte details plaintext and its scope byte (docs/protocol.md §5). */
class DetailsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String DATASET = "labs-2021";
    private static final String TAG = String.format("%08x", EntryKeys.datasetTag(DATASET));

    @Test
    void kindsDetailsEncodeVersionMaskTagAndScopeZero() {
        Details d = Details.of(EnumSet.of(ExposureKind.NIR, ExposureKind.MEDICAL), DATASET);
        assertFalse(d.membershipOnly());
        assertEquals(Details.SCOPE_KINDS, d.scope());
        assertEquals("01" + "0082" + TAG + "00", HEX.formatHex(d.encode()));
    }

    @Test
    void membershipDetailsEncodeAZeroMaskAndScopeOne() {
        Details d = Details.membership(DATASET);
        assertTrue(d.membershipOnly());
        assertTrue(d.kinds().isEmpty());
        assertEquals(0, d.mask());
        assertEquals(Details.SCOPE_MEMBERSHIP, d.scope());
        assertEquals("01" + "0000" + TAG + "01", HEX.formatHex(d.encode()));
    }

    @Test
    void bothScopesRoundTrip() {
        for (Details d : new Details[] {Details.of(EnumSet.allOf(ExposureKind.class), DATASET),
                Details.of(EnumSet.noneOf(ExposureKind.class), DATASET), Details.membership(DATASET)}) {
            assertEquals(d, Details.decode(d.encode()));
        }
    }

    @Test
    void kindsScopeWithAnEmptyMaskIsNotMembership() {
        Details d = Details.decode(HEX.parseHex("01" + "0000" + TAG + "00"));
        assertFalse(d.membershipOnly());
        assertTrue(d.kinds().isEmpty());
    }

    @Test
    void refusesAScopeByteOtherThanZeroAndOne() {
        for (String scope : new String[] {"02", "03", "7f", "80", "ff"}) {
            assertNull(Details.decode(HEX.parseHex("01" + "0001" + TAG + scope)), scope);
            assertNull(Details.decode(HEX.parseHex("01" + "0000" + TAG + scope)), scope);
        }
    }

    @Test
    void refusesMembershipScopeWithAnyMaskBitSetEvenAnUnknownOne() {
        for (int bit = 0; bit < 16; bit++) {
            String mask = String.format("%04x", 1 << bit);
            assertNull(Details.decode(HEX.parseHex("01" + mask + TAG + "01")), "bit " + bit);
        }
    }

    @Test
    void refusesAnotherFormatVersion() {
        assertNull(Details.decode(HEX.parseHex("02" + "0001" + TAG + "00")));
        assertNull(Details.decode(HEX.parseHex("00" + "0000" + TAG + "01")));
    }

    @Test
    void aMembershipOnlyRecordCannotCarryKinds() {
        assertThrows(IllegalArgumentException.class,
                () -> new Details(EnumSet.of(ExposureKind.NIR), EntryKeys.datasetTag(DATASET), true));
    }

    @Test
    void detailsCopyTheirKinds() {
        EnumSet<ExposureKind> kinds = EnumSet.of(ExposureKind.EMAIL);
        Details d = new Details(kinds, 7, false);
        kinds.add(ExposureKind.NIR);
        assertEquals(EnumSet.of(ExposureKind.EMAIL), d.kinds());
    }

    @Test
    void membershipEntrySealsAndOpensWithItsScope() {
        EntryKeys keys = EntryKeys.derive(EntryTest.filled(32, 9), EntryTest.LOAD);
        byte[] entry = Entry.seal(keys, Details.membership(DATASET));
        assertEquals(Optional.of(Details.membership(DATASET)), Entry.open(keys, entry, 0));
    }

    @Test
    void anEntryWhoseScopeByteIsForgedDoesNotOpenEvenWithAValidTag() {
        // Seal a plaintext no loader writes (scope 0x02) under a correct MAC: the client must still refuse it.
        EntryKeys keys = EntryKeys.derive(EntryTest.filled(32, 9), EntryTest.LOAD);
        byte[] plaintext = HEX.parseHex("01" + "0000" + TAG + "02");
        byte[] ciphertext = new byte[plaintext.length];
        for (int i = 0; i < plaintext.length; i++) {
            ciphertext[i] = (byte) (plaintext[i] ^ keys.stream()[i]);
        }
        byte[] mac = HmacSha256.mac(keys.macKey(), ciphertext);
        byte[] entry = new byte[Entry.SIZE];
        System.arraycopy(keys.fingerprint(), 0, entry, 0, EntryKeys.FINGERPRINT_SIZE);
        System.arraycopy(ciphertext, 0, entry, EntryKeys.FINGERPRINT_SIZE, ciphertext.length);
        System.arraycopy(mac, 0, entry, EntryKeys.FINGERPRINT_SIZE + ciphertext.length, Entry.TAG_SIZE);
        assertEquals(Optional.empty(), Entry.open(keys, entry, 0));
        assertThrows(LookupException.class, () -> BucketItem.find(entry, keys, DATASET));
    }
}
