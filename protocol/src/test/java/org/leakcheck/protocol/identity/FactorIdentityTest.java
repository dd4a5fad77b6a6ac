package org.leakcheck.protocol.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Factor-bound identities: byte-exact encodings (the worked examples of docs/protocol.md §2.2) and the record's checks. */
class FactorIdentityTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final NirIdentity NIR = NirIdentity.parse("1 85 05 75 999 001 50");
    private static final NameDobIdentity PERSON = NameDobIdentity.parse("d'Artagnan", "Jean-Pierre", "31/05/1980");

    @Test
    void encodesNirFactorAsTag03TheNirFieldThenTheFactor() {
        FactorIdentity id = FactorIdentity.parse(NIR, "MU-0042/b");
        assertEquals("MU0042B", id.factor());
        assertEquals("03" + "000f" + "313835303537353939393030313530"    // "185057599900150"
                + "0007" + "4d553030343242",                                // "MU0042B"
                HEX.formatHex(id.canonicalBytes()));
    }

    @Test
    void encodesNameDobFactorAsTag04TheThreeFieldsThenTheFactor() {
        FactorIdentity id = FactorIdentity.parse(PERSON, "0012 345");
        assertEquals("04"
                + "000a" + "442041525441474e414e"          // "D ARTAGNAN"
                + "000b" + "4a45414e20504945525245"        // "JEAN PIERRE"
                + "000a" + "313938302d30352d3331"          // "1980-05-31"
                + "0007" + "30303132333435",               // "0012345": leading zeros kept
                HEX.formatHex(id.canonicalBytes()));
    }

    @Test
    void factorBoundEncodingIsTheBaseWithAnotherTagAndTheFactorAppended() {
        for (Identity base : new Identity[] {NIR, PERSON}) {
            byte[] plain = base.canonicalBytes();
            byte[] bound = FactorIdentity.bind(base, "A1").canonicalBytes();
            assertEquals(IdentityKind.factorBound(base.kind()).tag(), bound[0]);
            assertArrayEquals(Arrays.copyOfRange(plain, 1, plain.length), Arrays.copyOfRange(bound, 1, plain.length));
            assertEquals("0002" + "4131", HEX.formatHex(Arrays.copyOfRange(bound, plain.length, bound.length)));
        }
    }

    @Test
    void kindsAreTheFactorBoundKindsOfTheBase() {
        assertEquals(IdentityKind.NIR_FACTOR, FactorIdentity.bind(NIR, "1").kind());
        assertEquals(IdentityKind.NAME_DOB_FACTOR, FactorIdentity.bind(PERSON, "1").kind());
        assertEquals(NIR, FactorIdentity.bind(NIR, "1").base());
    }

    @Test
    void differentFactorsAndThePlainIdentityAllEncodeDifferently() {
        byte[] plain = NIR.canonicalBytes();
        byte[] a = FactorIdentity.bind(NIR, "12").canonicalBytes();
        byte[] b = FactorIdentity.bind(NIR, "012").canonicalBytes();
        byte[] c = FactorIdentity.bind(NIR, "12A").canonicalBytes();
        assertFalse(Arrays.equals(plain, a));
        assertFalse(Arrays.equals(a, b), "leading zeros make another factor");
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void sameFactorTypedDifferentlyIsTheSameIdentity() {
        FactorIdentity a = FactorIdentity.parse(NIR, "mu 0042.b");
        FactorIdentity b = FactorIdentity.parse(NirIdentity.parse("185057599900150"), "MU\u20130042/B");
        assertEquals(a, b);
        assertArrayEquals(a.canonicalBytes(), b.canonicalBytes());
    }

    @Test
    void refusesAFactorBoundBaseAndANonCanonicalFactor() {
        FactorIdentity bound = FactorIdentity.bind(NIR, "A1");
        assertThrows(IllegalArgumentException.class, () -> FactorIdentity.bind(bound, "B2"));
        assertThrows(IllegalArgumentException.class, () -> FactorIdentity.bind(NIR, "a1"));
        assertThrows(IllegalArgumentException.class, () -> FactorIdentity.bind(NIR, "A 1"));
        assertThrows(NullPointerException.class, () -> FactorIdentity.bind(null, "A1"));
        assertThrows(NullPointerException.class, () -> FactorIdentity.bind(NIR, null));
        assertEquals("factor.empty",
                assertThrows(InvalidIdentityException.class, () -> FactorIdentity.bind(NIR, "")).rule());
    }

    @Test
    void parseReportsTheFactorFieldAndRule() {
        InvalidIdentityException e = assertThrows(InvalidIdentityException.class,
                () -> FactorIdentity.parse(PERSON, "12\uff13"));
        assertEquals("factor", e.field());
        assertEquals("factor.characters", e.rule());
        assertFalse(e.getMessage().contains("12"));
    }

    @Test
    void toStringRevealsNeitherTheIdentityNorTheFactor() {
        String s = FactorIdentity.parse(PERSON, "ZX9876").toString();
        assertFalse(s.contains("ZX9876"));
        assertFalse(s.contains("ARTAGNAN"));
        assertFalse(s.contains("1980"));
        assertTrue(s.contains("redacted"));
    }

    @Test
    void equalBindingsAreEqualRecords() {
        assertEquals(FactorIdentity.bind(NIR, "A1"), FactorIdentity.parse(NIR, "a-1"));
        assertNotEquals(FactorIdentity.bind(NIR, "A1"), FactorIdentity.bind(PERSON, "A1"));
    }

    @Test
    void factorBoundKindsHaveTheirTagsLabelsAndBases() {
        assertEquals(0x03, IdentityKind.NIR_FACTOR.tag());
        assertEquals(0x04, IdentityKind.NAME_DOB_FACTOR.tag());
        assertEquals("nir+factor", IdentityKind.NIR_FACTOR.label());
        assertEquals("name-dob+factor", IdentityKind.NAME_DOB_FACTOR.label());
        assertTrue(IdentityKind.NIR_FACTOR.factorBound());
        assertTrue(IdentityKind.NAME_DOB_FACTOR.factorBound());
        assertFalse(IdentityKind.NIR.factorBound());
        assertFalse(IdentityKind.NAME_DOB.factorBound());
        assertEquals(IdentityKind.NIR, IdentityKind.NIR_FACTOR.base());
        assertEquals(IdentityKind.NAME_DOB, IdentityKind.NAME_DOB_FACTOR.base());
        assertEquals(IdentityKind.NIR, IdentityKind.NIR.base());
        assertEquals(IdentityKind.NIR_FACTOR, IdentityKind.factorBound(IdentityKind.NIR));
        assertEquals(IdentityKind.NAME_DOB_FACTOR, IdentityKind.factorBound(IdentityKind.NAME_DOB));
        assertThrows(IllegalArgumentException.class, () -> IdentityKind.factorBound(IdentityKind.NIR_FACTOR));
        assertEquals(4, Arrays.stream(IdentityKind.values()).map(IdentityKind::tag).distinct().count(), "tags are distinct");
    }
}
