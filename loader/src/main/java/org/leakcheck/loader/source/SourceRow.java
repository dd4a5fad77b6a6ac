package org.leakcheck.loader.source;

import java.util.EnumSet;
import java.util.List;
import org.leakcheck.protocol.lookup.ExposureKind;

/**
 * One accepted data row, reduced to what the loader needs: the raw identity cells and which
 * exposure groups are non-blank. Cells are as read (not trimmed nor canonicalized), or
 * {@code null} when the column is unmapped or the cell is blank.
 *
 * <p>These values are personal data: {@link #toString()} is redacted, and they must never reach a
 * log line, an exception message or a report.
 *
 * @param lineNumber   1-based physical line where the record starts (the header is line 1 or later)
 * @param personKey    cell of {@code person.key}
 * @param lastName     cell of {@code identity.lastName}
 * @param birthName    cell of {@code identity.birthName}
 * @param firstNames   cell of {@code identity.firstNames}
 * @param birthDate    cell of {@code identity.birthDate}
 * @param nir          cell of {@code identity.nir}
 * @param factors      the non-blank cells of the {@code identity.factor} columns, in mapping order
 *                     (empty when none is mapped or all are blank)
 * @param exposureMask bit {@link ExposureKind#bit()} set when a column of that group is non-blank
 */
public record SourceRow(long lineNumber, String personKey, String lastName, String birthName,
                        String firstNames, String birthDate, String nir, List<String> factors, int exposureMask) {

    /** Copies the factor cells. */
    public SourceRow {
        factors = List.copyOf(factors);
    }

    /** The exposure groups that are non-blank in this row. */
    public EnumSet<ExposureKind> exposures() {
        return ExposureKind.fromMask(exposureMask);
    }

    /** Line number and mask only: the cells are personal data. */
    @Override
    public String toString() {
        return "SourceRow[line=" + lineNumber + ", exposureMask=0x" + Integer.toHexString(exposureMask) + ", cells redacted]";
    }
}
