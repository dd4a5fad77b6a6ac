package org.leakcheck.loader.source;

/**
 * A fatal problem with the input or the mapping: no header, a mapped column missing from the
 * header, an unreadable mapping, an unsupported encoding.
 *
 * <p>The message names the line (when there is one), the rule and, for column problems, the
 * column name and mapping key: header names describe the export, not a person. It never
 * contains a cell value.
 */
public final class SourceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String rule;
    private final long lineNumber;

    /**
     * @param rule       one of the fatal codes of {@link SourceRules}
     * @param lineNumber 1-based physical line, or 0 when the problem is not tied to a line
     * @param detail     explanation without any cell value
     */
    public SourceException(String rule, long lineNumber, String detail) {
        super(format(rule, lineNumber, detail));
        this.rule = rule;
        this.lineNumber = lineNumber;
    }

    /** Same, keeping the cause (an I/O error, never one carrying data). */
    public SourceException(String rule, long lineNumber, String detail, Throwable cause) {
        super(format(rule, lineNumber, detail), cause);
        this.rule = rule;
        this.lineNumber = lineNumber;
    }

    /** The rule code, one of {@link SourceRules}. */
    public String rule() {
        return rule;
    }

    /** The 1-based physical line, or 0 when the problem is not tied to a line. */
    public long lineNumber() {
        return lineNumber;
    }

    private static String format(String rule, long lineNumber, String detail) {
        String where = lineNumber > 0 ? "line " + lineNumber + ": " : "";
        return "source: " + where + rule + ": " + detail;
    }
}
