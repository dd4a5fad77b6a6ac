package org.leakcheck.protocol.identity;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Canonicalization of last names and first names: the same person typed with or without accents,
 * in any case, with an apostrophe or a hyphen or a space, must give the same string.
 *
 * <h2>Steps, in this order</h2>
 * <ol>
 *   <li>More than 200 UTF-16 code units typed: {@code name.too-long} (checked first, to bound
 *       the work done on hostile input).</li>
 *   <li>Any code point outside the <a href="#repertoire">repertoire</a> below, anywhere in the
 *       raw input (also after a first name's first comma): {@code name.characters}.</li>
 *   <li>Unicode NFKD (compatibility decomposition: accents split off, full-width forms and
 *       ligatures such as U+FB01 folded to ASCII).</li>
 *   <li>Remove every combining mark U+0300..U+036F: {@code é} becomes {@code e}, {@code İ}
 *       becomes {@code I}. NFKD of the repertoire yields no other combining mark.</li>
 *   <li>Expand letters NFKD leaves whole: {@code œ Œ} to {@code OE}, {@code æ Æ} to {@code AE},
 *       {@code ß ẞ} to {@code SS}, {@code ø Ø} to {@code O}, {@code đ Đ} to {@code D},
 *       {@code ł Ł} to {@code L}.</li>
 *   <li>Upper-case with {@link Locale#ROOT} (never the Turkish rules: {@code i} becomes {@code I}).</li>
 *   <li>First name only: keep what comes before the first comma. A civil-status list
 *       "Marie, Claire, Louise" gives its first (usual) first name; a compound written with a
 *       hyphen or a space ("Jean-Pierre", "Marie Claire") is one first name and is kept whole.</li>
 *   <li>Separators become a space: apostrophes {@code ' ’ ‘ ʼ ` ´ ′}, hyphens and dashes
 *       {@code -}, U+2010..U+2015, U+2212 (minus), underscore, dot and comma. So "d'Artagnan"
 *       gives {@code D ARTAGNAN} and "Jean-Pierre" equals "Jean Pierre".</li>
 *   <li>Every run of white space (the list in the repertoire below) becomes one space;
 *       leading and trailing spaces are removed.</li>
 *   <li>Check the result: any ASCII digit {@code 0-9}: {@code name.digits}; any character
 *       other than {@code A-Z} and space: {@code name.characters}; nothing left:
 *       {@code name.empty}; more than 100 characters: {@code name.too-long}.</li>
 * </ol>
 *
 * <h2 id="repertoire">Repertoire</h2>
 * The code points a name may be typed with; every other code point is refused before NFKD:
 * <ul>
 *   <li>white space: U+0009..U+000D, U+0020, U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028,
 *       U+2029, U+202F, U+205F, U+3000;</li>
 *   <li>ASCII letters {@code A-Z}, {@code a-z} and digits {@code 0-9} (digits pass this step
 *       so that the visitor is told {@code name.digits}, the more helpful rule);</li>
 *   <li>separators: {@code -}, U+2010..U+2015, U+2212, the apostrophes U+0027, U+2019, U+2018,
 *       U+02BC, U+0060, U+00B4, U+2032, and {@code _ . ,};</li>
 *   <li>Latin letters: U+00C0..U+00D6, U+00D8..U+00F6, U+00F8..U+00FF (Latin-1 letters, without
 *       {@code × ÷}), U+0100..U+017F (Latin Extended-A), U+0180..U+024F (Latin Extended-B),
 *       U+1E00..U+1EFF (Latin Extended Additional);</li>
 *   <li>combining marks U+0300..U+036F (Combining Diacritical Marks);</li>
 *   <li>the Latin ligatures U+FB00..U+FB06;</li>
 *   <li>full-width forms U+FF01..U+FF5E, which NFKD folds to ASCII {@code !} to {@code ~}; what
 *       they fold to is then judged by the later steps (full-width digits give {@code name.digits}).</li>
 * </ul>
 * That is 972 code points, all assigned by Unicode 5.1. Unicode's normalization stability policy
 * freezes their decompositions, so NFKD gives the same result on every runtime (JDK 17 has
 * Unicode 13, browsers and Node.js have later versions), and so do the later steps, which use
 * explicit lists only. Without this step a character added after Unicode 13, such as the
 * Unicode 14 combining mark U+1AC1, was removed as a mark by a newer runtime and refused by an
 * older one. The only digits that survive folding are ASCII, hence the {@code name.digits} rule.
 *
 * <h2>Particles are kept</h2>
 * "de la Fontaine" gives {@code DE LA FONTAINE}, not {@code FONTAINE}: stripping particles (de, du,
 * de la, d', le, van, von...) would merge different people, and the leaked exports keep them.
 * The loader indexes the variants the operator chooses; this class never guesses.
 */
public final class Names {

    static final String LAST_NAME = "lastName";
    static final String FIRST_NAME = "firstName";

    /** Longest raw input accepted, in UTF-16 code units (JavaScript's {@code String.length}). */
    static final int MAX_RAW_LENGTH = 200;

    /** Longest canonical name; the canonical form is ASCII, so this is also its byte length. */
    static final int MAX_CANONICAL_LENGTH = 100;

    /**
     * The repertoire as inclusive ranges {first, last}, grouped as in the class documentation.
     * Spelled out rather than taken from the runtime's Unicode tables, which differ by version.
     */
    private static final int[][] REPERTOIRE = {
        // white space, as in Text.isWhiteSpace
        {0x0009, 0x000D}, {0x0020, 0x0020}, {0x0085, 0x0085}, {0x00A0, 0x00A0}, {0x1680, 0x1680},
        {0x2000, 0x200A}, {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000},
        // ASCII letters and digits
        {'A', 'Z'}, {'a', 'z'}, {'0', '9'},
        // separators: dashes as in Text.isDash, apostrophes as in isApostrophe, '_', '.', ','
        {'-', '-'}, {0x2010, 0x2015}, {0x2212, 0x2212},
        {'\'', '\''}, {0x2019, 0x2019}, {0x2018, 0x2018}, {0x02BC, 0x02BC}, {'`', '`'}, {0x00B4, 0x00B4},
        {0x2032, 0x2032},
        {'_', '_'}, {'.', '.'}, {',', ','},
        // Latin-1 letters (not U+00D7 and U+00F7), Latin Extended-A and -B, Latin Extended Additional
        {0x00C0, 0x00D6}, {0x00D8, 0x00F6}, {0x00F8, 0x00FF}, {0x0100, 0x017F}, {0x0180, 0x024F},
        {0x1E00, 0x1EFF},
        // Combining Diacritical Marks
        {0x0300, 0x036F},
        // Latin ligatures ff fi fl ffi ffl long-s-t st
        {0xFB00, 0xFB06},
        // full-width ASCII
        {0xFF01, 0xFF5E},
    };

    /** The combining marks of the repertoire: the only ones NFKD of the repertoire produces. */
    private static final Pattern COMBINING_MARKS = Pattern.compile("[\\u0300-\\u036F]+");

    private Names() {
    }

    /**
     * Returns the canonical last name: {@code A-Z} words separated by single spaces.
     *
     * @throws InvalidIdentityException with field {@code lastName}
     */
    public static String canonicalLastName(String raw) {
        return canonicalize(raw, LAST_NAME, false);
    }

    /**
     * Returns the canonical usual first name: the first element of a comma-separated list,
     * as {@code A-Z} words separated by single spaces.
     *
     * @throws InvalidIdentityException with field {@code firstName}
     */
    public static String canonicalFirstName(String raw) {
        return canonicalize(raw, FIRST_NAME, true);
    }

    private static String canonicalize(String raw, String field, boolean firstOfList) {
        if (raw == null) {
            throw new InvalidIdentityException(field, Rule.NAME_EMPTY);
        }
        if (raw.length() > MAX_RAW_LENGTH) {
            throw new InvalidIdentityException(field, Rule.NAME_TOO_LONG);
        }
        checkRepertoire(raw, field);
        String s = Normalizer.normalize(raw, Normalizer.Form.NFKD);
        s = COMBINING_MARKS.matcher(s).replaceAll("");
        s = expandLetters(s);
        // Case tables grow with Unicode versions, but here only a-z and dotless i (ß is expanded
        // above) can upper-case to A-Z, and those mappings never change: any other letter is
        // refused by check(), whatever its upper case on this runtime.
        s = s.toUpperCase(Locale.ROOT);
        if (firstOfList) {
            int comma = s.indexOf(',');
            if (comma >= 0) {
                s = s.substring(0, comma);
            }
        }
        s = collapseSeparators(s);
        return check(s, field);
    }

    /**
     * Whether a code point is in the repertoire (see the class documentation). Unpaired surrogates
     * are code points outside it.
     */
    static boolean inRepertoire(int codePoint) {
        for (int[] range : REPERTOIRE) {
            if (codePoint >= range[0] && codePoint <= range[1]) {
                return true;
            }
        }
        return false;
    }

    private static void checkRepertoire(String raw, String field) {
        for (int i = 0; i < raw.length(); ) {
            int cp = raw.codePointAt(i);
            if (!inRepertoire(cp)) {
                throw new InvalidIdentityException(field, Rule.NAME_CHARACTERS);
            }
            i += Character.charCount(cp);
        }
    }

    private static String expandLetters(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case 'œ', 'Œ' -> out.append("OE");
                case 'æ', 'Æ' -> out.append("AE");
                case 'ß', 'ẞ' -> out.append("SS");
                case 'ø', 'Ø' -> out.append('O');
                case 'đ', 'Đ' -> out.append('D');
                case 'ł', 'Ł' -> out.append('L');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Turns separators and white space into single spaces and trims. */
    private static String collapseSeparators(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isSeparator(c)) {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace && out.length() > 0) {
                out.append(' ');
            }
            pendingSpace = false;
            out.append(c);
        }
        return out.toString();
    }

    private static boolean isSeparator(char c) {
        return Text.isWhiteSpace(c) || Text.isDash(c) || isApostrophe(c)
                || c == '_' || c == '.' || c == ',';
    }

    /** ' U+0027, ’ U+2019, ‘ U+2018, ʼ U+02BC, ` U+0060, ´ U+00B4, ′ U+2032. */
    private static boolean isApostrophe(char c) {
        return c == '\'' || c == '\u2019' || c == '\u2018' || c == '\u02BC' || c == '`'
                || c == '\u00B4' || c == '\u2032';
    }

    private static String check(String s, String field) {
        boolean other = false;
        // After the repertoire check and NFKD the only digits left are ASCII (full-width ones fold
        // to them), so no Unicode digit table is needed.
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                throw new InvalidIdentityException(field, Rule.NAME_DIGITS);
            }
            if (!((c >= 'A' && c <= 'Z') || c == ' ')) {
                other = true;
            }
        }
        if (other) {
            throw new InvalidIdentityException(field, Rule.NAME_CHARACTERS);
        }
        if (s.isEmpty()) {
            throw new InvalidIdentityException(field, Rule.NAME_EMPTY);
        }
        if (s.length() > MAX_CANONICAL_LENGTH) {
            throw new InvalidIdentityException(field, Rule.NAME_TOO_LONG);
        }
        return s;
    }
}
