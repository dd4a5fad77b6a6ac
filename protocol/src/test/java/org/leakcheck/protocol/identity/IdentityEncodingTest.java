package org.leakcheck.protocol.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Byte-exact canonical encodings (the worked examples of docs/protocol.md) and identity records. */
class IdentityEncodingTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesNirAsTagLengthAndAsciiDigits() {
        NirIdentity id = NirIdentity.parse("1 85 05 75 999 001 50");
        assertEquals("01" + "000f" + "313835303537353939393030313530", HEX.formatHex(id.canonicalBytes()));
    }

    @Test
    void encodesCorsicanNirWithItsLetters() {
        NirIdentity id = NirIdentity.parse("2 80 12 2b 999 015 39");
        assertEquals("01" + "000f" + "323830313232423939393031353339", HEX.formatHex(id.canonicalBytes()));
    }

    @Test
    void encodesNameDobAsThreeLengthPrefixedFields() {
        NameDobIdentity id = NameDobIdentity.parse("d'Artagnan", "Jean-Pierre", "31/05/1980");
        String expected = "02"
                + "000a" + "442041525441474e414e"          // "D ARTAGNAN"
                + "000b" + "4a45414e20504945525245"        // "JEAN PIERRE"
                + "000a" + "313938302d30352d3331";         // "1980-05-31"
        assertEquals(expected, HEX.formatHex(id.canonicalBytes()));
    }

    @Test
    void encodesParticlesCompoundFirstNameAndLeapDay() {
        NameDobIdentity id = NameDobIdentity.parse("de la Fontaine", "Marie-Claire, Louise", "29/02/2000");
        String expected = "02"
                + "000e" + "4445204c4120464f4e5441494e45"    // "DE LA FONTAINE"
                + "000c" + "4d4152494520434c41495245"        // "MARIE CLAIRE"
                + "000a" + "323030302d30322d3239";           // "2000-02-29"
        assertEquals(expected, HEX.formatHex(id.canonicalBytes()));
    }

    @Test
    void sameIdentityTypedDifferentlyEncodesIdentically() {
        NameDobIdentity a = NameDobIdentity.parse("d'Artagnan", "Jean-Pierre, Louis", "31/05/1980");
        NameDobIdentity b = NameDobIdentity.parse("D\u2019ARTAGNAN", "  jean pierre ", " 1980-05-31");
        assertEquals(a, b);
        assertArrayEquals(a.canonicalBytes(), b.canonicalBytes());
    }

    @Test
    void lengthPrefixesKeepFieldBoundaries() {
        NameDobIdentity a = new NameDobIdentity("DE LA", "FONTAINE JEAN", LocalDate.of(1980, 5, 31));
        NameDobIdentity b = new NameDobIdentity("DE LA FONTAINE", "JEAN", LocalDate.of(1980, 5, 31));
        assertFalse(java.util.Arrays.equals(a.canonicalBytes(), b.canonicalBytes()));
    }

    @Test
    void kindTagsAreFixedByTheProtocol() {
        assertEquals(0x01, IdentityKind.NIR.tag());
        assertEquals(0x02, IdentityKind.NAME_DOB.tag());
        assertEquals("nir", IdentityKind.NIR.label());
        assertEquals("name-dob", IdentityKind.NAME_DOB.label());
        assertEquals(IdentityKind.NIR, NirIdentity.parse("185057599900150").kind());
        assertEquals(IdentityKind.NAME_DOB, NameDobIdentity.parse("A", "B", "1980-05-31").kind());
    }

    @Test
    void canonicalBytesReturnsAFreshArray() {
        NirIdentity id = NirIdentity.parse("185057599900150");
        byte[] first = id.canonicalBytes();
        first[0] = 0x7F;
        assertEquals(0x01, id.canonicalBytes()[0]);
    }

    @Test
    void nirRecordRefusesNonCanonicalForm() {
        assertThrows(IllegalArgumentException.class, () -> new NirIdentity("1 85 05 75 999 001 50"));
        assertThrows(IllegalArgumentException.class, () -> new NirIdentity("280122b99901539"));
        InvalidIdentityException e = assertThrows(InvalidIdentityException.class,
                () -> new NirIdentity("185057599900151"));
        assertEquals("nir.key", e.rule());
    }

    @Test
    void nameDobRecordRefusesNonCanonicalNamesAndOutOfRangeDates() {
        LocalDate date = LocalDate.of(1980, 5, 31);
        assertThrows(IllegalArgumentException.class, () -> new NameDobIdentity("Dupont", "JEAN", date));
        assertThrows(IllegalArgumentException.class, () -> new NameDobIdentity("DUPONT", "JEAN, LOUIS", date));
        assertThrows(NullPointerException.class, () -> new NameDobIdentity("DUPONT", "JEAN", null));
        InvalidIdentityException e = assertThrows(InvalidIdentityException.class,
                () -> new NameDobIdentity("DUPONT", "JEAN", LocalDate.of(1850, 1, 1)));
        assertEquals("date.range", e.rule());
    }

    @Test
    void nameDobParseReportsTheFirstFieldAtFault() {
        InvalidIdentityException e = assertThrows(InvalidIdentityException.class,
                () -> NameDobIdentity.parse("Dupont2", "", "1980-13-01"));
        assertEquals("lastName", e.field());
        e = assertThrows(InvalidIdentityException.class,
                () -> NameDobIdentity.parse("Dupont", "", "1980-13-01"));
        assertEquals("firstName", e.field());
        e = assertThrows(InvalidIdentityException.class,
                () -> NameDobIdentity.parse("Dupont", "Jean", "1980-13-01"));
        assertEquals("birthDate", e.field());
        assertEquals("date.impossible", e.rule());
    }

    @Test
    void toStringNeverRevealsTheIdentifier() {
        NirIdentity nir = NirIdentity.parse("185057599900150");
        NameDobIdentity person = NameDobIdentity.parse("Dupont", "Jean", "1980-05-31");
        assertFalse(nir.toString().contains("1850575"));
        assertFalse(person.toString().contains("DUPONT"));
        assertFalse(person.toString().contains("JEAN"));
        assertFalse(person.toString().contains("1980"));
    }

    @Test
    void equalIdentitiesAreEqualRecords() {
        assertEquals(NirIdentity.parse("1.85.05.75.999.001.50"), NirIdentity.parse("185057599900150"));
        assertNotEquals(NirIdentity.parse("185057599900150"), NirIdentity.parse("292116999901201"));
    }
}
