package org.leakcheck.store;

/**
 * How the page names the factor of a dataset that uses one ({@code docs/protocol.md} §3.1): a
 * label ("Numéro d'adhérent de votre mutuelle") and a hint ("sur votre carte de tiers payant"),
 * in French and English. Stored in the manifest, served in {@code /v2/info}, shown as text.
 *
 * <p>Each text is one line: not blank, no control character (a line break included), a label at
 * most {@value #MAX_LABEL} UTF-16 units, a hint at most {@value #MAX_HINT}. Messages name the
 * field and the rule, never the value.
 *
 * @param labelFr the label in French
 * @param labelEn the label in English
 * @param hintFr  where to find it, in French
 * @param hintEn  where to find it, in English
 */
public record FactorLabel(String labelFr, String labelEn, String hintFr, String hintEn) {

    /** Longest label, in UTF-16 units. */
    public static final int MAX_LABEL = 120;
    /** Longest hint, in UTF-16 units. */
    public static final int MAX_HINT = 300;

    /** Checks every text as the class comment says. */
    public FactorLabel {
        check(labelFr, "labelFr", MAX_LABEL);
        check(labelEn, "labelEn", MAX_LABEL);
        check(hintFr, "hintFr", MAX_HINT);
        check(hintEn, "hintEn", MAX_HINT);
    }

    private static void check(String text, String field, int max) {
        Validation.notNull(text, field);
        if (text.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be blank");
        }
        if (text.length() > max) {
            throw new IllegalArgumentException(field + ": must be at most " + max + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.getType(c) == Character.CONTROL) {
                throw new IllegalArgumentException(field + ": must not contain control characters");
            }
        }
    }
}
