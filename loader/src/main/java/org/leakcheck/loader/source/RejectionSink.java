package org.leakcheck.loader.source;

/**
 * Receives the rows that are skipped. A rejection is a line number and a rule code, never a
 * value, so the sink may write it to a report or a log.
 */
@FunctionalInterface
public interface RejectionSink {

    /**
     * @param lineNumber 1-based physical line where the rejected record starts
     * @param rule       stable rule code, e.g. {@link SourceRules#LINE_FIELD_COUNT}
     */
    void reject(long lineNumber, String rule);
}
