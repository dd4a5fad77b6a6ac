package org.leakcheck.loader.load;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The {@code --served-until} option: when the communication ends ({@code docs/loader.md}).
 * A date {@code YYYY-MM-DD} means served through that day, so the end is the next day at
 * 00:00Z; an ISO-8601 instant ({@code 2027-12-01T18:00:00Z}) is the end itself. The end must be
 * in the future and at most {@value #MAX_YEARS} years ahead: a notice is a communication about
 * one incident, not a permanent register. Errors name the option and the rule, not the value.
 */
public final class EndDates {
    /** The farthest end date, in years from now. */
    public static final int MAX_YEARS = 5;

    public static final String FORMAT = "served-until.format";
    public static final String PAST = "served-until.past";
    public static final String TOO_FAR = "served-until.too-far";

    private EndDates() {
    }

    /**
     * The end instant of {@code text}, checked against {@code now}.
     *
     * @throws IllegalArgumentException naming the option and the rule
     */
    public static Instant parse(String text, Instant now) {
        Instant end = instant(text == null ? "" : text.strip());
        if (!end.isAfter(now)) {
            throw new IllegalArgumentException("--served-until: must be in the future [" + PAST + "]");
        }
        if (end.isAfter(now.atOffset(ZoneOffset.UTC).plusYears(MAX_YEARS).toInstant())) {
            throw new IllegalArgumentException("--served-until: must be at most " + MAX_YEARS + " years ahead ["
                    + TOO_FAR + "]");
        }
        return end;
    }

    private static Instant instant(String text) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--served-until: must be a date YYYY-MM-DD (served through that day)"
                    + " or an ISO-8601 instant such as 2027-12-01T00:00:00Z [" + FORMAT + "]");
        }
    }
}
