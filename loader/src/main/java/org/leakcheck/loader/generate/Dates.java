package org.leakcheck.loader.generate;

/** Date arithmetic and formatting without allocation-heavy java.time calls in the hot loop. */
final class Dates {

    private static final int[] DAYS = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private Dates() {
    }

    static int daysInMonth(int year, int month) {
        if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) {
            return 29;
        }
        return DAYS[month - 1];
    }

    static String iso(int year, int month, int day) {
        StringBuilder b = new StringBuilder(10);
        appendIso(b, year, month, day);
        return b.toString();
    }

    static void appendIso(StringBuilder b, int year, int month, int day) {
        b.append(year).append('-');
        two(b, month).append('-');
        two(b, day);
    }

    static void appendFrench(StringBuilder b, int year, int month, int day) {
        two(b, day).append('/');
        two(b, month).append('/');
        b.append(year);
    }

    static void append(StringBuilder b, boolean french, int yyyymmdd) {
        int year = yyyymmdd / 10000;
        int month = yyyymmdd / 100 % 100;
        int day = yyyymmdd % 100;
        if (french) {
            appendFrench(b, year, month, day);
        } else {
            appendIso(b, year, month, day);
        }
    }

    /** yyyymmdd plus {@code days} (small, non-negative). */
    static int plusDays(int yyyymmdd, int days) {
        int year = yyyymmdd / 10000;
        int month = yyyymmdd / 100 % 100;
        int day = yyyymmdd % 100 + days;
        while (day > daysInMonth(year, month)) {
            day -= daysInMonth(year, month);
            month++;
            if (month > 12) {
                month = 1;
                year++;
            }
        }
        return year * 10000 + month * 100 + day;
    }

    static StringBuilder two(StringBuilder b, int value) {
        if (value < 10) {
            b.append('0');
        }
        return b.append(value);
    }
}
