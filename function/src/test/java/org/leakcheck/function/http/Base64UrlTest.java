package org.leakcheck.function.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Base64UrlTest {

    @Test
    void roundTripsEveryLength() {
        Random random = new Random(1);
        for (int length = 0; length < 70; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            assertArrayEquals(bytes, assertDoesNotFail(Base64Url.encode(bytes)));
        }
    }

    @ParameterizedTest(name = "\"{0}\" breaks {1}")
    @CsvSource({
            "'AAAA=',  base64url.padding",
            "'AA==',   base64url.padding",
            "'AA+A',   base64url.alphabet",
            "'AA/A',   base64url.alphabet",
            "'AA A',   base64url.alphabet",
            "'AAé',    base64url.alphabet",
            "'AAAAA',  base64url.length",
            "'AB',     base64url.trailing-bits",
            "'AAB',    base64url.trailing-bits",
    })
    void rejectsNonCanonicalSpellings(String text, String rule) {
        ProblemException e = assertThrows(ProblemException.class, () -> Base64Url.decode(text));
        assertEquals(rule, e.problem().rule());
        assertEquals("blindedElement", e.problem().field());
    }

    private static byte[] assertDoesNotFail(String text) {
        try {
            return Base64Url.decode(text);
        } catch (ProblemException e) {
            throw new AssertionError("rejected a canonical encoding: " + e.problem().rule());
        }
    }
}
