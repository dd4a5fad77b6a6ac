package org.leakcheck.infrastructure;

/**
 * A deployment parameter (CDK context value) breaks a rule. The message names the parameter and
 * the rule, never the value, so that it can be logged and shown as is.
 */
public final class InvalidParameterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String parameter;
    private final String rule;

    public InvalidParameterException(String parameter, String rule) {
        super("context parameter " + parameter + ": " + rule);
        this.parameter = parameter;
        this.rule = rule;
    }

    /** The context key, for example {@code keyId}. */
    public String parameter() {
        return parameter;
    }

    /** The rule it broke, in words. */
    public String rule() {
        return rule;
    }
}
