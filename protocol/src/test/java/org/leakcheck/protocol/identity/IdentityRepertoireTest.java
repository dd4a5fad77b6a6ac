package org.leakcheck.protocol.identity;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The name repertoire, and what it buys: canonicalization that does not depend on the runtime's
 * Unicode version (JDK 17 has Unicode 13, browsers and Node.js later ones). Pure unit tests.
 * {@code website/test/identity.test.js} pins the same {@link #RANGES} and {@link #OUTCOMES_SHA256},
 * so a disagreement between the two implementations on any repertoire code point fails both.
 */
class IdentityRepertoireTest {

    /** The repertoire of docs/protocol.md §2.1, as maximal ascending ranges of code points. */
    static final String RANGES = "0009-000D 0020 0027 002C-002E 0030-0039 0041-005A 005F-007A 0085 00A0 00B4"
            + " 00C0-00D6 00D8-00F6 00F8-024F 02BC 0300-036F 1680 1E00-1EFF 2000-200A 2010-2015 2018-2019"
            + " 2028-2029 202F 2032 205F 2212 3000 FB00-FB06 FF01-FF5E";

    /** SHA-256 of {@link #outcomes()}: how every repertoire code point canonicalizes. */
    static final String OUTCOMES_SHA256 = "138004f104b27698f5a799ce05bd97361a8185ad21bb451b3bcf18fd446cc41a";

    @Test
    void repertoireIsExactlyTheDocumentedRanges() {
        assertEquals(RANGES, ranges());
    }

    @Test
    void repertoireHas972CodePoints() {
        assertEquals(972, repertoire().size());
    }

    @Test
    void refusesCombiningMarkAddedAfterUnicode13() {
        // A Unicode 14 runtime removes U+1AC1 as a mark ("LEVY"); JDK 17 does not know it.
        assertRefused(Names::canonicalLastName, "Le\u1AC1vy");
        assertRefused(Names::canonicalLastName, "Le\u1DFAvy");
        assertRefused(Names::canonicalFirstName, "Jos\u00E9\u1AC1");
    }

    @Test
    void refusesLatinLettersAddedAfterUnicode13() {
        assertRefused(Names::canonicalLastName, "Dup\uA7C0nt");                       // Unicode 14
        assertRefused(Names::canonicalLastName, "Du" + Character.toString(0x1DF00) + "ont"); // 14, plane 1
        assertRefused(Names::canonicalLastName, "Dupon" + Character.toString(0x1DF25)); // Unicode 15
        assertRefused(Names::canonicalLastName, "Dupont\uA7CB");                      // Unicode 16
    }

    @Test
    void refusesWhatNfkdWouldFoldToALetterOrDigitWhenOutsideTheRepertoire() {
        assertRefused(Names::canonicalLastName, Character.toString(0x1D403) + "upont"); // bold D
        assertRefused(Names::canonicalLastName, "\u24B9upont");                          // circled D
        assertRefused(Names::canonicalLastName, "\u212Aowalski");                         // Kelvin sign
        assertRefused(Names::canonicalLastName, "Dupont\u00AA");                          // ordinal a
        assertRefused(Names::canonicalLastName, "Dupont\u00B2");                          // superscript 2
        assertRefused(Names::canonicalLastName, "Dupont \u0663");                         // Arabic-Indic 3
    }

    @Test
    void checksTheRepertoireBeforeDigits() {
        assertRefused(Names::canonicalLastName, "R2-D2 " + Character.toString(0x1F916));
        InvalidIdentityException e = assertThrows(InvalidIdentityException.class,
                () -> Names.canonicalLastName("R2-D2 \uFF06"));
        assertEquals("name.digits", e.rule());
    }

    @Test
    void reportsFullWidthDigitsAsDigits() {
        InvalidIdentityException e = assertThrows(InvalidIdentityException.class,
                () -> Names.canonicalLastName("Dupont\uFF11"));
        assertEquals("name.digits", e.rule());
    }

    @Test
    void checksTheWholeFirstNameListAgainstTheRepertoire() {
        assertEquals("MARIE", Names.canonicalFirstName("Marie, Claire 2"));
        assertRefused(Names::canonicalFirstName, "Marie, \u738B");
    }

    @Test
    void refusesUnpairedSurrogates() {
        assertRefused(Names::canonicalLastName, "Du\uD800pont");
        assertRefused(Names::canonicalLastName, "Dupont\uDC00");
    }

    @Test
    void whiteSpaceAndDashesAreInTheRepertoire() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            if (Text.isWhiteSpace(c) || Text.isDash(c)) {
                assertTrue(Names.inRepertoire(c), String.format("U+%04X", (int) c));
            }
        }
    }

    @Test
    void whiteSpaceIsThePinnedListNotTheRuntimeProperty() {
        int count = 0;
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            count += Text.isWhiteSpace(c) ? 1 : 0;
        }
        assertAll(
                () -> assertFalse(Text.isWhiteSpace('\u180E'), "U+180E left White_Space in Unicode 6.3"),
                () -> assertFalse(Text.isWhiteSpace('\u200B')),
                () -> assertTrue(Text.isWhiteSpace('\u00A0')));
        assertEquals(25, count);
    }

    @Test
    void nfkdOfTheRepertoireYieldsNoCombiningMarkOutsideIt() {
        // Why removing U+0300..U+036F is the same as removing every mark (\p{M}).
        for (int cp : repertoire()) {
            String folded = Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFKD);
            folded.codePoints().filter(IdentityRepertoireTest::isMark).forEach(mark ->
                    assertTrue(mark >= 0x0300 && mark <= 0x036F, String.format("U+%04X gives U+%04X", cp, mark)));
        }
    }

    @Test
    void nfkdOfTheRepertoireYieldsNoDigitButAsciiOnes() {
        // Why name.digits needs no Unicode digit table.
        for (int cp : repertoire()) {
            String folded = Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFKD);
            folded.codePoints().filter(Character::isDigit).forEach(digit ->
                    assertTrue(digit >= '0' && digit <= '9', String.format("U+%04X gives U+%04X", cp, digit)));
        }
    }

    @Test
    void onlyAsciiLettersAndDotlessIUpperCaseIntoAToZ() {
        // Why upper-casing is safe although case tables grow with Unicode versions.
        for (int cp : repertoire()) {
            String folded = Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFKD)
                    .replaceAll("[\\u0300-\\u036F\\u00DF]", "");
            folded.codePoints().filter(c -> !(c >= 'A' && c <= 'Z'))
                    .filter(c -> Character.toString(c).toUpperCase(Locale.ROOT).chars()
                            .anyMatch(u -> u >= 'A' && u <= 'Z'))
                    .forEach(c -> assertTrue((c >= 'a' && c <= 'z') || c == 0x0131, String.format("U+%04X", c)));
        }
    }

    @Test
    void everyRepertoireCodePointCanonicalizesAsPinned() throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(outcomes().getBytes(StandardCharsets.UTF_8));
        assertEquals(OUTCOMES_SHA256, HexFormat.of().formatHex(digest),
                "a repertoire code point canonicalizes differently: if the change is intended, update the"
                        + " digest here and in website/test/identity.test.js; if not, this runtime's Unicode"
                        + " data disagrees with the table the protocol pins");
    }

    /**
     * One line per repertoire code point c, ascending: {@code XXXX|last|first}, where last is the
     * outcome of the last name {@code "A" + c + "A"} and first that of the first name
     * {@code c + "b"}; an outcome is the canonical name or {@code !} and the rule.
     */
    static String outcomes() {
        StringBuilder out = new StringBuilder();
        for (int cp : repertoire()) {
            String c = Character.toString(cp);
            out.append(String.format("%04X|%s|%s", cp,
                    outcome(Names::canonicalLastName, "A" + c + "A"), outcome(Names::canonicalFirstName, c + "b")));
            out.append('\n');
        }
        return out.toString();
    }

    private static String outcome(Function<String, String> canonicalizer, String raw) {
        try {
            return canonicalizer.apply(raw);
        } catch (InvalidIdentityException e) {
            return "!" + e.rule();
        }
    }

    private static List<Integer> repertoire() {
        List<Integer> all = new ArrayList<>();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (Names.inRepertoire(cp)) {
                all.add(cp);
            }
        }
        return all;
    }

    private static String ranges() {
        List<String> out = new ArrayList<>();
        List<Integer> all = repertoire();
        for (int i = 0; i < all.size(); ) {
            int first = all.get(i);
            int last = first;
            while (++i < all.size() && all.get(i) == last + 1) {
                last++;
            }
            out.add(first == last ? String.format("%04X", first) : String.format("%04X-%04X", first, last));
        }
        return String.join(" ", out);
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }

    private static void assertRefused(Function<String, String> canonicalizer, String raw) {
        InvalidIdentityException e = assertThrows(InvalidIdentityException.class, () -> canonicalizer.apply(raw));
        assertEquals("name.characters", e.rule());
    }
}
