package org.leakcheck.protocol.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Behaviour the table cannot express: null input, key arithmetic, hostile sizes. */
class IdentityRulesTest {

    @Test
    void nullInputIsTreatedAsEmpty() {
        assertEquals("nir.empty", assertThrows(InvalidIdentityException.class, () -> Nir.canonicalize(null)).rule());
        assertEquals("name.empty",
                assertThrows(InvalidIdentityException.class, () -> Names.canonicalLastName(null)).rule());
        assertEquals("name.empty",
                assertThrows(InvalidIdentityException.class, () -> Names.canonicalFirstName(null)).rule());
        assertEquals("date.empty", assertThrows(InvalidIdentityException.class, () -> BirthDates.parse(null)).rule());
        assertEquals("factor.empty", assertThrows(InvalidIdentityException.class, () -> Factor.canonical(null)).rule());
    }

    @Test
    void rejectsHugeFactorWithoutScanningOrEchoingIt() {
        String huge = "7".repeat(1_000_000);
        InvalidIdentityException e = assertThrows(InvalidIdentityException.class, () -> Factor.canonical(huge));
        assertEquals("factor", e.field());
        assertEquals("factor.too-long", e.rule());
        assertFalse(e.getMessage().contains("7777"));
    }

    @Test
    void factorUpperCasingIgnoresTheDefaultLocale() {
        java.util.Locale saved = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));
            assertEquals("LI42", Factor.canonical("li42"));
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }

    @Test
    void factorMessagesAreFixedSentences() {
        assertEquals("factor: nothing is left once spaces, dots, slashes and dashes are removed [factor.empty]",
                assertThrows(InvalidIdentityException.class, () -> Factor.canonical(" / ")).getMessage());
        assertEquals("factor: only the letters A to Z and the digits 0 to 9 are allowed, besides spaces, dots, "
                        + "slashes and dashes [factor.characters]",
                assertThrows(InvalidIdentityException.class, () -> Factor.canonical("AB_12")).getMessage());
    }

    @Test
    void canonicalFactorIsAFixedPointOfEveryAsciiLetterAndDigit() {
        for (char c = '0'; c <= 'Z'; c++) {
            if (Character.isLetterOrDigit(c)) {
                assertEquals(String.valueOf(c), Factor.canonical(String.valueOf(c)));
                assertEquals(String.valueOf(c).toUpperCase(java.util.Locale.ROOT),
                        Factor.canonical(String.valueOf(c).toLowerCase(java.util.Locale.ROOT)));
            }
        }
    }

    @Test
    void corsicanKeyEqualsTheHistoricalSubtractionRule() {
        // INSEE's published form: replace 2A by 20 and subtract 1,000,000; 2B by 20 and subtract 2,000,000.
        Random random = new Random(20210223L);
        for (int i = 0; i < 1_000; i++) {
            String head = String.format("%d%02d%02d", 1 + random.nextInt(2), random.nextInt(100), 1 + random.nextInt(12));
            String tail = String.format("%03d%03d", 1 + random.nextInt(999), 1 + random.nextInt(999));
            long twenty = Long.parseLong(head + "20" + tail);
            assertEquals(97 - (twenty - 1_000_000L) % 97, Nir.key(head + "2A" + tail));
            assertEquals(97 - (twenty - 2_000_000L) % 97, Nir.key(head + "2B" + tail));
        }
    }

    @Test
    void everyValidNirKeyIsBetween01And97() {
        Random random = new Random(97L);
        for (int i = 0; i < 10_000; i++) {
            long n = 1_000_000_000_000L + (long) (random.nextDouble() * 8_999_999_999_999L);
            int key = Nir.key(Long.toString(n));
            assertEquals(true, key >= 1 && key <= 97, "key " + key);
        }
    }

    @Test
    void rejectsHugeNameWithoutNormalisingIt() {
        String huge = "\u00e9".repeat(1_000_000);
        InvalidIdentityException e = assertThrows(InvalidIdentityException.class, () -> Names.canonicalLastName(huge));
        assertEquals("name.too-long", e.rule());
        assertFalse(e.getMessage().contains("\u00e9"));
    }

    @Test
    void rejectsHugeNirAndDateWithoutEchoingThem() {
        String digits = "1".repeat(100_000);
        assertEquals("nir.length", assertThrows(InvalidIdentityException.class, () -> Nir.canonicalize(digits)).rule());
        assertEquals("date.format",
                assertThrows(InvalidIdentityException.class, () -> BirthDates.parse(digits)).rule());
    }

    @Test
    void upperCasingIgnoresTheDefaultLocale() {
        java.util.Locale saved = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));
            assertEquals("ILKAY", Names.canonicalFirstName("ilkay"));
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }

    @Test
    void exceptionExposesFieldAndRuleAndAPlainMessage() {
        InvalidIdentityException e = assertThrows(InvalidIdentityException.class,
                () -> Nir.canonicalize("185057599900151"));
        assertEquals("nir", e.field());
        assertEquals("nir.key", e.rule());
        assertEquals("nir: the key (last 2 digits) does not match the first 13 characters [nir.key]", e.getMessage());
    }
}
