package org.leakcheck.loader.generate;

/**
 * One synthetic person, in clean form: the dirt is added row by row when the person is written.
 * A plain data holder filled by {@link PatientFactory}.
 */
final class Patient {

    /** How the NIR of a person appears in the file. */
    enum NirStatus { VALID, WRONG_KEY, MISSING }

    long index;
    String number;
    boolean female;
    String lastName;
    /** Birth name when it differs from {@link #lastName}, else null. */
    String birthName;
    /** When the birth name does not differ: whether nom_naissance repeats nom (else it is empty). */
    boolean birthNameRepeated;
    String[] givenNames;
    int birthYear;
    int birthMonth;
    int birthDay;
    String birthPlace;
    /** The 13 characters before the key. */
    String nirBody;
    /** The NIR as written in the file (with a wrong key when {@link #nirStatus} says so). */
    String nir;
    NirStatus nirStatus;

    String street;
    String addressComplement;
    String postcode;
    String city;
    String country;
    String phone;
    String phone2;
    String email;

    String caisse;
    String regime;
    String ald;
    String insurer;
    String memberNumber;
    int rightsEndYear;

    String bloodGroup;
    String phenotype;
    String doctor;
    String laboratory;
    String allergies;
    String pathologies;
    String treatments;
    String pregnancy;
    String weight;
    String height;

    /** Number of rows (samples) written for this person. */
    int rows;

    /** Birth date as a sortable int yyyymmdd. */
    int birthDateKey() {
        return birthYear * 10000 + birthMonth * 100 + birthDay;
    }

    /** Birth date as ISO {@code yyyy-mm-dd}. */
    String isoBirthDate() {
        return Dates.iso(birthYear, birthMonth, birthDay);
    }
}
