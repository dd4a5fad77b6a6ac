package org.leakcheck.loader.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code --served-until}: a date means through that day; the end is in the future and at most 5 years ahead. Pure Java. */
class EndDatesTest {
    private static final Instant NOW = Instant.parse("2026-12-01T09:30:00Z");

    @Test
    void aDateMeansServedThroughThatDayUntilTheNextMidnightUtc() {
        assertEquals(Instant.parse("2027-12-02T00:00:00Z"), EndDates.parse("2027-12-01", NOW));
        assertEquals(Instant.parse("2026-12-02T00:00:00Z"), EndDates.parse("2026-12-01", NOW), "today: served today");
    }

    @Test
    void anInstantIsTheEndItself() {
        assertEquals(Instant.parse("2027-06-30T18:00:00Z"), EndDates.parse("2027-06-30T18:00:00Z", NOW));
    }

    @Test
    void refusesAPastEndNamingTheOptionAndTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EndDates.parse("2026-11-30", NOW));

        assertEquals("--served-until: must be in the future [served-until.past]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EndDates.parse("2026-12-01T09:30:00Z", NOW));
    }

    @Test
    void refusesAnEndMoreThanFiveYearsAhead() {
        assertEquals(Instant.parse("2031-12-01T09:30:00Z"), EndDates.parse("2031-12-01T09:30:00Z", NOW));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EndDates.parse("2031-12-01", NOW));

        assertEquals("--served-until: must be at most 5 years ahead [served-until.too-far]", e.getMessage());
    }

    @Test
    void refusesAnythingElseWithTheFormatRule() {
        for (String text : new String[] {"", "next year", "01/12/2027", "2027-13-01", "2027-12-01 00:00"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EndDates.parse(text, NOW), text);
            assertEquals(true, e.getMessage().endsWith("[served-until.format]"), e.getMessage());
        }
    }
}
