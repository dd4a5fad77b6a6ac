package org.leakcheck.client;

/**
 * The API answered with an HTTP error other than 429, usually an RFC 9457 problem naming the
 * field and rule at fault. Fields are null when the body was not a problem document.
 */
public final class ApiProblemException extends LeakcheckException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String title;
    private final String detail;
    private final String field;
    private final String rule;

    public ApiProblemException(int status, String type, String title, String detail, String field, String rule) {
        super("API answered HTTP " + status + (title == null ? "" : " " + title)
                + (detail == null ? "" : ": " + detail) + (rule == null ? "" : " [" + rule + "]"));
        this.status = status;
        this.type = type;
        this.title = title;
        this.detail = detail;
        this.field = field;
        this.rule = rule;
    }

    public int status() {
        return status;
    }

    /** The problem type URI, e.g. {@code https://leakcheck.org/problems/invalid-element}. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    /** The request field at fault, e.g. {@code blindedElements[1]}. */
    public String field() {
        return field;
    }

    /** The rule broken, e.g. {@code element.not-on-curve}. */
    public String rule() {
        return rule;
    }
}
