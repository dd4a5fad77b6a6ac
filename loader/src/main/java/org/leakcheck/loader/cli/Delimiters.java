package org.leakcheck.loader.cli;

/** Parses {@code --delimiter}: one of {@code , ; |} or the word {@code tab}. */
final class Delimiters {
    private Delimiters() {
    }

    static char parse(String value) {
        if ("tab".equalsIgnoreCase(value) || "\\t".equals(value) || "\t".equals(value)) {
            return '\t';
        }
        if (value.length() == 1 && ",;|".indexOf(value.charAt(0)) >= 0) {
            return value.charAt(0);
        }
        throw new IllegalArgumentException("--delimiter must be one of , ; | or tab");
    }
}
