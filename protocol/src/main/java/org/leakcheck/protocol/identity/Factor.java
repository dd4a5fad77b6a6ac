package org.leakcheck.protocol.identity;

/**
 * Canonicalization of the factor: a second value from the person's record (a mutuelle member
 * number, a laboratory file number…) that binds an identity in a {@link FactorIdentity}
 * ({@code docs/protocol.md} §2.2).
 *
 * <h2>Steps, in this order</h2>
 * <ol>
 *   <li>More than 200 UTF-16 code units typed: {@code factor.too-long} (checked first, to bound
 *       the work done on hostile input).</li>
 *   <li>Remove every white-space character ({@link Text#isWhiteSpace}), every {@code .}, every
 *       {@code /} and every dash ({@link Text#isDash}: {@code -}, U+2010..U+2015, U+2212),
 *       wherever they are: a number printed {@code 12 345.678/9} is the number {@code 123456789}.</li>
 *   <li>Upper-case the ASCII letters {@code a-z} only; no other character is folded (full-width
 *       digits, other scripts and look-alikes are refused at the next step, not guessed).</li>
 *   <li>Check the result: any character other than {@code A-Z} and {@code 0-9}:
 *       {@code factor.characters}; nothing left: {@code factor.empty}; more than 32 characters:
 *       {@code factor.too-long}.</li>
 * </ol>
 * Leading zeros are kept: the visitor types the number as it is printed on their card, and a
 * leaked export holds it the same way. Only explicit character lists are used, never the
 * runtime's Unicode tables, so Java and JavaScript agree on every runtime.
 */
public final class Factor {

    static final String FIELD = "factor";

    /** The most UTF-16 code units accepted as typed, before any folding. */
    public static final int MAX_TYPED = 200;
    /** The most characters of a canonical factor. */
    public static final int MAX_LENGTH = 32;

    private Factor() {
    }

    /**
     * The canonical factor: {@code A-Z0-9}, 1 to 32 characters.
     *
     * @throws InvalidIdentityException with field {@code factor} and the first rule broken
     */
    public static String canonical(String raw) {
        String s = raw == null ? "" : raw;
        if (s.length() > MAX_TYPED) {
            throw fail(Rule.FACTOR_TOO_LONG);
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Text.isWhiteSpace(c) || c == '.' || c == '/' || Text.isDash(c)) {
                continue;
            }
            out.append(c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c);
        }
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                throw fail(Rule.FACTOR_CHARACTERS);
            }
        }
        if (out.isEmpty()) {
            throw fail(Rule.FACTOR_EMPTY);
        }
        if (out.length() > MAX_LENGTH) {
            throw fail(Rule.FACTOR_TOO_LONG);
        }
        return out.toString();
    }

    private static InvalidIdentityException fail(Rule rule) {
        return new InvalidIdentityException(FIELD, rule);
    }
}
