package org.leakcheck.loader.generate;

/**
 * What a Latin-1 export does to the few characters of our lists that ISO-8859-1 lacks: the
 * ligature œ becomes "oe" (as French systems of the 1990s wrote it) and the typographic
 * apostrophe U+2019 becomes the ASCII one. Canonicalization gives the same result either way,
 * which the Latin-1 round-trip test checks.
 */
final class Latin1 {

    private Latin1() {
    }

    static String fold(String s) {
        StringBuilder b = new StringBuilder(s.length() + 4);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\u0153' -> b.append("oe");
                case '\u0152' -> b.append("OE");
                case '\u2019', '\u2018' -> b.append('\'');
                default -> b.append(c <= 0xFF ? c : '?');
            }
        }
        return b.toString();
    }
}
