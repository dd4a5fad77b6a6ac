package org.leakcheck.protocol.identity;

/**
 * The canonicalization rules an input can break. Each has a stable code (returned by
 * {@link InvalidIdentityException#rule()} and sent to API callers) and a fixed English
 * description. Messages are built from these constants only, so no input can reach them.
 */
enum Rule {
    NIR_EMPTY("nir.empty", "nothing is left once spaces, dots and dashes are removed"),
    NIR_CHARACTERS("nir.characters",
            "only digits are allowed, and the letters A or B only as the 7th character after a 2 (Corsica)"),
    NIR_LENGTH("nir.length", "must have exactly 15 characters (13 plus the 2-digit key)"),
    NIR_SEX("nir.sex", "the first digit must be 1, 2, 7 or 8"),
    NIR_MONTH("nir.month", "the birth month (4th and 5th characters) must be 01 to 12, 20 or 30 to 42"),
    NIR_DEPARTMENT("nir.department", "the department (6th and 7th characters) must be 01 to 99, 2A or 2B"),
    NIR_COMMUNE("nir.commune", "the commune (8th to 10th characters) must not be 000"),
    NIR_ORDER("nir.order", "the order number (11th to 13th characters) must not be 000"),
    NIR_KEY("nir.key", "the key (last 2 digits) does not match the first 13 characters"),

    NAME_EMPTY("name.empty", "no letter is left after normalisation"),
    NAME_TOO_LONG("name.too-long", "is too long (over 200 characters typed or 100 letters and spaces kept)"),
    NAME_DIGITS("name.digits", "must not contain digits"),
    NAME_CHARACTERS("name.characters",
            "contains a character other than Latin letters, spaces, apostrophes, hyphens, dots, commas or underscores"),

    DATE_EMPTY("date.empty", "is empty"),
    DATE_FORMAT("date.format", "must be written YYYY-MM-DD or DD/MM/YYYY"),
    DATE_IMPOSSIBLE("date.impossible", "is not a day of the calendar"),
    DATE_RANGE("date.range", "the year must be between 1880 and 2100"),

    FACTOR_EMPTY("factor.empty", "nothing is left once spaces, dots, slashes and dashes are removed"),
    FACTOR_CHARACTERS("factor.characters",
            "only the letters A to Z and the digits 0 to 9 are allowed, besides spaces, dots, slashes and dashes"),
    FACTOR_TOO_LONG("factor.too-long", "is too long (over 200 characters typed or 32 letters and digits kept)");

    private final String code;
    private final String description;

    Rule(String code, String description) {
        this.code = code;
        this.description = description;
    }

    String code() {
        return code;
    }

    String description() {
        return description;
    }
}
