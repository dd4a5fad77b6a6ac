package org.leakcheck.loader.generate;

/**
 * What {@link LeakGenerator#generate} wrote. Counts only: no identity.
 *
 * @param patients             people written
 * @param rows                 data rows written (one per sample)
 * @param emptyLines           empty lines inserted between rows
 * @param bytes                size of the CSV file (compressed size for a .gz)
 * @param millis               wall time
 * @param knownAnswers         cases in the sidecar (0 if none was asked for)
 * @param multiRowPatients     people with more than one row
 * @param nirMissingPatients   people whose NIR is never filled in
 * @param nirWrongKeyPatients  people whose NIR has a wrong key
 * @param birthNameDiffers     people whose birth name differs from their usage name
 */
public record GenerationSummary(long patients, long rows, long emptyLines, long bytes, long millis, int knownAnswers,
                                long multiRowPatients, long nirMissingPatients, long nirWrongKeyPatients,
                                long birthNameDiffers) {
}
