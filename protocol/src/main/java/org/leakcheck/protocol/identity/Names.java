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
 *   <li>Unicode NFKD (compatibility decomposition: accents split off, full-width letters and
 *       ligatures such as U+FB01 folded to ASCII).</li>
 *   <li>Remove every combining mark ({@code \p{M}}): {@code é} becomes {@code e}, {@code İ} becomes {@code I}.</li>
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
 *   <li>Every run of Unicode {@code White_Space} (spaces, tabs, no-break spaces) becomes one
 *       space; leading and trailing spaces are removed.</li>
 *   <li>Check the result: any decimal digit ({@code \p{Nd}}): {@code name.digits}; any character
 *       other than {@code A-Z} and space: {@code name.characters}; nothing left:
 *       {@code name.empty}; more than 100 characters: {@code name.too-long}.</li>
 * </ol>
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

    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");

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
        String s = Normalizer.normalize(raw, Normalizer.Form.NFKD);
        s = COMBINING_MARKS.matcher(s).replaceAll("");
        s = expandLetters(s);
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
        // Code points, not chars: digits outside the BMP (e.g. Adlam) must count as digits too.
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (Character.isDigit(cp)) {
                throw new InvalidIdentityException(field, Rule.NAME_DIGITS);
            }
            if (!((cp >= 'A' && cp <= 'Z') || cp == ' ')) {
                other = true;
            }
            i += Character.charCount(cp);
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
