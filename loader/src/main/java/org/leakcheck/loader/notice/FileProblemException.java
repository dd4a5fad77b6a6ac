package org.leakcheck.loader.notice;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A notice or factor-label file the loader refuses, with every problem found: each names the
 * field (a path such as {@code fr.measures}) and the rule, never the value. The message reads
 * {@code notice: fr.measures: is missing [notice.missing]; contact: ... [notice.no-channel]}.
 */
public final class FileProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One problem: the field's path, what is wrong with it, and the rule. */
    public record Problem(String field, String text, String rule) {
        @Override
        public String toString() {
            return field + ": " + text + " [" + rule + "]";
        }
    }

    private final transient List<Problem> problems;

    FileProblemException(String what, List<Problem> problems) {
        super(what + ": " + problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in the order of the file's fields. */
    public List<Problem> problems() {
        return problems;
    }

    /** The rules broken, in order (for tests and callers that branch on them). */
    public List<String> rules() {
        return problems.stream().map(Problem::rule).toList();
    }
}
