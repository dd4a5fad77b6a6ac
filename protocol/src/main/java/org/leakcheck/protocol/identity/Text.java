package org.leakcheck.protocol.identity;

/** Character classes shared by the canonicalizers, spelled out so other implementations can match them exactly. */
final class Text {

    private Text() {
    }

    /**
     * White space: U+0009..U+000D, U+0020, U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029,
     * U+202F, U+205F, U+3000. This is the Unicode {@code White_Space} property as it stands since
     * Unicode 6.3, pinned here rather than read from the runtime's tables (a property can change
     * between versions: U+180E was white space before 6.3). {@link Character#isWhitespace} is not
     * used either: it excludes the no-break spaces.
     */
    static boolean isWhiteSpace(char c) {
        return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F
                || c == 0x205F || c == 0x3000;
    }

    /** Hyphens and dashes: '-', U+2010..U+2015 (hyphen .. horizontal bar) and U+2212 (minus sign). */
    static boolean isDash(char c) {
        return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212;
    }

    /** Removes white space ({@link #isWhiteSpace}) from both ends. */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isWhiteSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isWhiteSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }
}
