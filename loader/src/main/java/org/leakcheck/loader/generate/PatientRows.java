package org.leakcheck.loader.generate;

/**
 * What was actually written for one person, as the known-answers sidecar needs it: how many rows
 * carry the NIR and the birth date, and the raw identity cells of the first row.
 */
final class PatientRows {

    int rows;
    int rowsWithNir;
    int rowsWithBirthDate;
    int emptyLines;
    String firstLastName;
    String firstBirthName;
    String firstFirstNames;
    String firstBirthDate;
    String firstNir;

    void reset() {
        rows = 0;
        rowsWithNir = 0;
        rowsWithBirthDate = 0;
        emptyLines = 0;
        firstLastName = null;
        firstBirthName = null;
        firstFirstNames = null;
        firstBirthDate = null;
        firstNir = null;
    }
}
