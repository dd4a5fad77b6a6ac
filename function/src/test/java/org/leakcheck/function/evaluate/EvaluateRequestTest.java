package org.leakcheck.function.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.leakcheck.function.http.ProblemException;

class EvaluateRequestTest {

    @Test
    void readsTheOneStringMemberWhateverTheWhitespace() throws ProblemException {
        assertEquals("abc", EvaluateRequest.blindedElement(bytes("{\"blindedElement\":\"abc\"}")));
        assertEquals("abc", EvaluateRequest.blindedElement(bytes(" \n{ \"blindedElement\" :\t\"abc\" }\n ")));
        assertEquals("", EvaluateRequest.blindedElement(bytes("{\"blindedElement\":\"\"}")));
    }

    @ParameterizedTest(name = "{0} breaks {1}")
    @CsvSource(delimiter = '|', value = {
            "''                                         | body.json",
            "'   '                                      | body.json",
            "'{'                                        | body.json",
            "'{\"blindedElement\":\"a\"'                | body.json",
            "'{\"blindedElement\":\"a\"}}'              | body.json",
            "'{\"blindedElement\":\"a\"} x'             | body.json",
            "'{blindedElement:\"a\"}'                   | body.json",
            "'{\"blindedElement\":''a''}'               | body.json",
            "'{\"blindedElement\":\"a\",}'              | body.json",
            "'[\"a\"]'                                  | body.fields",
            "'\"a\"'                                    | body.fields",
            "'null'                                     | body.fields",
            "'{}'                                       | body.fields",
            "'{\"BlindedElement\":\"a\"}'               | body.fields",
            "'{\"blindedElement\":\"a\",\"x\":1}'       | body.fields",
            "'{\"x\":1,\"blindedElement\":\"a\"}'       | body.fields",
            "'{\"blindedElement\":\"a\",\"blindedElement\":\"a\"}' | body.fields",
            "'{\"blindedElement\":1}'                   | body.type",
            "'{\"blindedElement\":null}'                | body.type",
            "'{\"blindedElement\":[\"a\"]}'             | body.type",
            "'{\"blindedElement\":{\"a\":1}}'           | body.type",
            "'{\"blindedElement\":true}'                | body.type",
    })
    void rejectsEveryOtherShape(String body, String rule) {
        ProblemException e = assertThrows(ProblemException.class, () -> EvaluateRequest.blindedElement(bytes(body)));
        assertEquals(rule, e.problem().rule());
    }

    @Test
    void rejectsInvalidUtf8AsMalformedJson() {
        byte[] body = {'{', '"', 'b', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        ProblemException e = assertThrows(ProblemException.class, () -> EvaluateRequest.blindedElement(body));
        assertEquals("body.json", e.problem().rule());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
