package org.leakcheck.function.http;

/**
 * Thrown by request validation to answer with {@link #problem()}. Its message is the rule code
 * only; it carries no request data and is cheap (no stack trace: it is control flow, not a bug).
 */
public final class ProblemException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    ProblemException(Problem problem) {
        super(problem.rule(), null, false, false);
        this.problem = problem;
    }

    /** The problem to answer with. */
    public Problem problem() {
        return problem;
    }
}
