package org.leakcheck.protocol.identity;

/**
 * Canonicalization of the French social security number (NIR, "numéro de sécurité sociale").
 *
 * <h2>Input</h2>
 * White space (U+0009..U+000D, U+0020, U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029,
 * U+202F, U+205F, U+3000, so tabs and no-break spaces too), dots and dashes ({@code -},
 * U+2010..U+2015, U+2212) may appear anywhere and are removed. Letters may be in any case. Only
 * ASCII digits are accepted (full-width or other-script digits are not folded). These are
 * explicit lists, never the runtime's Unicode tables, so the result does not depend on its
 * Unicode version.
 *
 * <h2>Canonical form</h2>
 * 15 ASCII characters: 13 characters of number then the 2-digit key, with Corsican departments
 * kept as the letters {@code 2A} / {@code 2B} (upper case) in positions 6-7, e.g.
 * {@code 2 85 05 2A 999 001 kk} becomes {@code 285052A999001kk}.
 *
 * <h2>Rules, checked in this order (1-based positions)</h2>
 * <ol>
 *   <li>{@code nir.empty}: nothing left after removing separators.</li>
 *   <li>{@code nir.characters}: a character other than a digit, except {@code A}/{@code B} at
 *       position 7 when position 6 is {@code 2}.</li>
 *   <li>{@code nir.length}: not exactly 15 characters.</li>
 *   <li>{@code nir.sex}: position 1 must be {@code 1} or {@code 2} (ordinary registration), or
 *       {@code 7} or {@code 8}: temporary numbers (NIA) given to people born abroad while their
 *       registration is pending, which laboratories do receive. 0, 3, 4, 5, 6 and 9 are rejected.</li>
 *   <li>{@code nir.month}: positions 4-5 must be {@code 01}..{@code 12}, or {@code 20} or
 *       {@code 30}..{@code 42}: the fictitious months INSEE assigns when the civil-status birth
 *       month is unknown or incomplete.</li>
 *   <li>{@code nir.department}: positions 6-7 must be {@code 01}..{@code 99}, {@code 2A} or
 *       {@code 2B} ({@code 00} is rejected). The Corsican letters are accepted whatever the birth
 *       year: cross-checking the year against the 1976 division of Corsica could reject numbers we
 *       cannot prove invalid, and a wrongly accepted number merely matches nothing.</li>
 *   <li>{@code nir.commune}: positions 8-10 must not be {@code 000}.</li>
 *   <li>{@code nir.order}: positions 11-13 must not be {@code 000}.</li>
 *   <li>{@code nir.key}: positions 14-15 must equal {@code 97 - (N mod 97)} where N is the number
 *       formed by positions 1-13 with {@code 2A} read as {@code 19} and {@code 2B} as {@code 18}.</li>
 * </ol>
 * Nothing depends on today's date, so the same input gives the same answer forever.
 */
public final class Nir {

    static final String FIELD = "nir";

    /** Canonical length: 13 characters of number and 2 of key. */
    static final int LENGTH = 15;

    private static final int MODULUS = 97;

    private Nir() {
    }

    /**
     * Returns the 15-character canonical NIR.
     *
     * @throws InvalidIdentityException with field {@code nir} and the first rule broken
     */
    public static String canonicalize(String raw) {
        String nir = strip(raw == null ? "" : raw);
        if (nir.isEmpty()) {
            throw fail(Rule.NIR_EMPTY);
        }
        checkCharacters(nir);
        if (nir.length() != LENGTH) {
            throw fail(Rule.NIR_LENGTH);
        }
        char sex = nir.charAt(0);
        if (sex != '1' && sex != '2' && sex != '7' && sex != '8') {
            throw fail(Rule.NIR_SEX);
        }
        int month = twoDigits(nir, 3);
        if (!((month >= 1 && month <= 12) || month == 20 || (month >= 30 && month <= 42))) {
            throw fail(Rule.NIR_MONTH);
        }
        // Letters can only sit at index 6 (checked above), so "2A"/"2B" are the only non-numeric departments.
        if (nir.charAt(5) == '0' && nir.charAt(6) == '0') {
            throw fail(Rule.NIR_DEPARTMENT);
        }
        if (nir.startsWith("000", 7)) {
            throw fail(Rule.NIR_COMMUNE);
        }
        if (nir.startsWith("000", 10)) {
            throw fail(Rule.NIR_ORDER);
        }
        if (twoDigits(nir, 13) != key(nir.substring(0, 13))) {
            throw fail(Rule.NIR_KEY);
        }
        return nir;
    }

    /**
     * The control key of a 13-character number: {@code 97 - (N mod 97)}, with Corsican
     * {@code 2A}/{@code 2B} read as {@code 19}/{@code 18} (the historical department 20 minus 1 or 2).
     */
    static int key(String thirteen) {
        String digits = thirteen.replace("2A", "19").replace("2B", "18");
        return MODULUS - (int) (Long.parseLong(digits) % MODULUS);
    }

    private static String strip(String raw) {
        StringBuilder out = new StringBuilder(Math.min(raw.length(), 32));
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Text.isWhiteSpace(c) || c == '.' || Text.isDash(c)) {
                continue;
            }
            if (c == 'a' || c == 'b') {
                c = (char) (c - 'a' + 'A');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static void checkCharacters(String nir) {
        for (int i = 0; i < nir.length(); i++) {
            char c = nir.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            boolean corsica = (c == 'A' || c == 'B') && i == 6 && nir.charAt(5) == '2';
            if (!digit && !corsica) {
                throw fail(Rule.NIR_CHARACTERS);
            }
        }
    }

    private static int twoDigits(String s, int index) {
        return (s.charAt(index) - '0') * 10 + (s.charAt(index + 1) - '0');
    }

    private static InvalidIdentityException fail(Rule rule) {
        return new InvalidIdentityException(FIELD, rule);
    }
}
