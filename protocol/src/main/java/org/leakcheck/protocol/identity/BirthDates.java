package org.leakcheck.protocol.identity;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsing of birth dates.
 *
 * <h2>Accepted forms</h2>
 * After removing white space at both ends (U+0009..U+000D, U+0020, U+0085, U+00A0, U+1680,
 * U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000: an explicit list, never the runtime's
 * Unicode tables), exactly one of:
 * <ul>
 *   <li>ISO {@code YYYY-MM-DD}, e.g. {@code 1980-05-31};</li>
 *   <li>French {@code JJ/MM/AAAA}, e.g. {@code 31/05/1980}.</li>
 * </ul>
 * Digits are ASCII ({@code [0-9]}, never a Unicode digit class) and each part has exactly 2, 2
 * and 4 digits: {@code 1980-5-31} and {@code 31/5/1980} are refused rather than guessed, and so is
 * the American {@code MM/DD/YYYY} whenever the month would exceed 12.
 *
 * <h2>Rules, checked in this order</h2>
 * {@code date.empty} (nothing but white space), {@code date.format} (neither form),
 * {@code date.impossible} (month outside 01..12 or day outside the month, in the proleptic
 * Gregorian calendar: {@code 2021-02-29}, {@code 31/04/1980}, {@code 1900-02-29}),
 * {@code date.range} (year before 1880 or after 2100). The range is fixed rather than relative
 * to today, so a canonicalization table stays valid forever.
 *
 * <p>The canonical text of a date is {@code YYYY-MM-DD} ({@link LocalDate#toString()} for these years).
 */
public final class BirthDates {

    static final String FIELD = "birthDate";

    static final int MIN_YEAR = 1880;
    static final int MAX_YEAR = 2100;

    private static final Pattern ISO = Pattern.compile("([0-9]{4})-([0-9]{2})-([0-9]{2})");
    private static final Pattern FRENCH = Pattern.compile("([0-9]{2})/([0-9]{2})/([0-9]{4})");

    private BirthDates() {
    }

    /**
     * Parses a birth date written {@code YYYY-MM-DD} or {@code DD/MM/YYYY}.
     *
     * @throws InvalidIdentityException with field {@code birthDate}
     */
    public static LocalDate parse(String raw) {
        String s = raw == null ? "" : Text.trim(raw);
        if (s.isEmpty()) {
            throw fail(Rule.DATE_EMPTY);
        }
        int year;
        int month;
        int day;
        Matcher iso = ISO.matcher(s);
        Matcher french = FRENCH.matcher(s);
        if (iso.matches()) {
            year = Integer.parseInt(iso.group(1));
            month = Integer.parseInt(iso.group(2));
            day = Integer.parseInt(iso.group(3));
        } else if (french.matches()) {
            day = Integer.parseInt(french.group(1));
            month = Integer.parseInt(french.group(2));
            year = Integer.parseInt(french.group(3));
        } else {
            throw fail(Rule.DATE_FORMAT);
        }
        if (month < 1 || month > 12 || day < 1 || day > YearMonth.of(year, month).lengthOfMonth()) {
            throw fail(Rule.DATE_IMPOSSIBLE);
        }
        checkRange(year);
        return LocalDate.of(year, month, day);
    }

    /** The canonical {@code YYYY-MM-DD} text of a date in range. */
    static String canonical(LocalDate date) {
        checkRange(date.getYear());
        return date.toString();
    }

    static void checkRange(int year) {
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw fail(Rule.DATE_RANGE);
        }
    }

    private static InvalidIdentityException fail(Rule rule) {
        return new InvalidIdentityException(FIELD, rule);
    }
}
