package org.leakcheck.loader.generate;

/**
 * The documented rates of real-world dirt in the generated leak. Tests measure the output against
 * these numbers, and {@code docs/_data-section.md} lists them: change all three together.
 *
 * <p>"Patient" rates are drawn once per person and hold for all of their rows; "row" rates are
 * drawn for every row (one row per sample).
 */
final class DirtRates {

    /** Patients with several rows (one per sample); they have 2 to 4 rows, uniformly. */
    static final double MULTI_ROW_PATIENTS = 0.35;
    static final int MIN_EXTRA_ROWS = 1;
    static final int MAX_EXTRA_ROWS = 3;

    /** Patients whose NIR is never filled in. */
    static final double NIR_MISSING_PATIENTS = 0.05;
    /** Patients whose NIR has a wrong key (typed wrong once, copied to every row). */
    static final double NIR_WRONG_KEY_PATIENTS = 0.01;
    /** Rows where a known NIR is left empty anyway. */
    static final double NIR_MISSING_ROWS = 0.02;
    /** Rows writing the NIR with spaces "1 84 12 75 108 123 45" (else compact). */
    static final double NIR_SPACED_ROWS = 0.10;
    /** Rows writing the NIR with dots "1.84.12.75.108.123.45". */
    static final double NIR_DOTTED_ROWS = 0.02;
    /** Rows writing the key apart: "1841275108123 45". */
    static final double NIR_KEY_APART_ROWS = 0.03;

    /** Women whose usage name (nom) differs from their birth name (nom_naissance). */
    static final double BIRTH_NAME_DIFFERS_WOMEN = 0.30;
    /** Other people whose nom_naissance repeats nom (else it is empty). */
    static final double BIRTH_NAME_REPEATED = 0.50;
    /** Patients with several given names, "Marie, Claire, Louise". */
    static final double SEVERAL_GIVEN_NAMES = 0.45;
    /** Rows listing only the first given name of a patient who has several. */
    static final double FIRST_GIVEN_NAME_ONLY_ROWS = 0.10;

    /** Rows with the last name in upper case ("DUPONT", common in French systems). */
    static final double UPPER_CASE_LAST_NAME_ROWS = 0.60;
    /** Rows with names entirely in lower case. */
    static final double LOWER_CASE_NAME_ROWS = 0.03;
    /** Rows with accents dropped from names ("Lefevre" for "Lefèvre"). */
    static final double ACCENTS_DROPPED_ROWS = 0.05;
    /** Rows with extra white space around or inside a name. */
    static final double EXTRA_WHITESPACE_ROWS = 0.04;
    /** Rows writing a hyphenated first name with a space ("Jean Pierre"). */
    static final double HYPHEN_AS_SPACE_ROWS = 0.20;
    /** Rows writing an apostrophe as U+2019 (UTF-8 output only; Latin-1 has no such character). */
    static final double TYPOGRAPHIC_APOSTROPHE_ROWS = 0.15;

    /** Rows with every date written jj/mm/aaaa (else aaaa-mm-jj). */
    static final double FRENCH_DATE_ROWS = 0.20;
    /** Rows with the birth date left empty. */
    static final double BIRTH_DATE_MISSING_ROWS = 0.003;

    /** Patients without an e-mail address. */
    static final double EMAIL_MISSING_PATIENTS = 0.20;
    /** Patients without a phone number. */
    static final double PHONE_MISSING_PATIENTS = 0.04;
    /** Patients with a second phone number. */
    static final double SECOND_PHONE_PATIENTS = 0.30;

    /**
     * Patients without an insurer member number (numero_adherent, the factor of the generated
     * leak): under the membership policy they get the plain entry only, under gated no entry.
     */
    static final double MEMBER_NUMBER_MISSING_PATIENTS = 0.10;

    /** Rows writing the sex as the NIR digit 1/2 instead of M/F. */
    static final double SEX_AS_DIGIT_ROWS = 0.05;
    /** Rows with the city upper-cased. */
    static final double UPPER_CASE_CITY_ROWS = 0.50;
    /** Rows with the place of birth upper-cased. */
    static final double UPPER_CASE_BIRTH_PLACE_ROWS = 0.30;
    /** Phone formats, cumulative tenths: 0-4 "06 39 98 12 34", 5-7 "0639981234", 8 "+33 6 39...", 9 "06.39.98...". */
    static final int PHONE_SPACED_TENTHS = 5;
    static final int PHONE_COMPACT_TENTHS = 3;
    static final int PHONE_INTERNATIONAL_TENTHS = 1;

    /** Rows followed by an empty line. */
    static final double EMPTY_LINE_AFTER_ROWS = 0.001;
    /** Rows with a free-text comment (some hold quotes, the delimiter or a line break). */
    static final double COMMENT_ROWS = 0.25;

    private DirtRates() {
    }
}
