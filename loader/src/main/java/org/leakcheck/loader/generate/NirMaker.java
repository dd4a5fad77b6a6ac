package org.leakcheck.loader.generate;

/**
 * Builds synthetic NIRs that are consistent with the person: sex digit, two-digit birth year and
 * month, birth department (2A/2B for Corsica from 1976, 20 before; 97x for the overseas
 * departments, whose commune code is then two digits; 99 for people born abroad, with the INSEE
 * country code as "commune"), then a commune code, an order number and the key
 * {@code 97 - (N mod 97)}, where N reads 2A as 19 and 2B as 18.
 *
 * <p>The numbers are drawn at random, not taken from anywhere. The NIR space is dense, so some
 * will be someone's real number by chance; nothing links them to that person.
 */
final class NirMaker {

    private NirMaker() {
    }

    /** The 13 characters before the key. {@code place} is 5 characters: department and commune. */
    static String body(char sexDigit, int birthYear, int birthMonth, String place, int order) {
        StringBuilder b = new StringBuilder(15);
        b.append(sexDigit);
        twoDigits(b, birthYear % 100);
        twoDigits(b, birthMonth);
        b.append(place);
        if (order < 100) {
            b.append('0');
        }
        if (order < 10) {
            b.append('0');
        }
        b.append(order);
        return b.toString();
    }

    /** The control key of a 13-character body. */
    static int key(String body) {
        String digits = body.replace("2A", "19").replace("2B", "18");
        return 97 - (int) (Long.parseLong(digits) % 97);
    }

    /** Body followed by its two-digit key. */
    static String withKey(String body, int key) {
        StringBuilder b = new StringBuilder(15).append(body);
        twoDigits(b, key);
        return b.toString();
    }

    /** A key that is not {@code correct}, in 01..97 like a real one. */
    static int wrongKey(int correct, Rng rng) {
        int shift = 1 + rng.nextInt(96); // 1..96: never back to the correct key modulo 97
        return (correct - 1 + shift) % 97 + 1;
    }

    private static void twoDigits(StringBuilder b, int value) {
        if (value < 10) {
            b.append('0');
        }
        b.append(value);
    }
}
