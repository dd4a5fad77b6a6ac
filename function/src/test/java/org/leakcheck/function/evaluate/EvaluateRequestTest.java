package org.leakcheck.function.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.leakcheck.function.http.ProblemException;

class EvaluateRequestTest {

    @Test
    void readsTheStringsOfTheOneMemberWhateverTheWhitespace() throws ProblemException {
        assertEquals(List.of("abc", "d"), EvaluateRequest.blindedElements(bytes("{\"blindedElements\":[\"abc\",\"d\"]}")));
        assertEquals(List.of("abc"), EvaluateRequest.blindedElements(bytes(" \n{ \"blindedElements\" :\t[ \"abc\" ] }\n ")));
        assertEquals(List.of(""), EvaluateRequest.blindedElements(bytes("{\"blindedElements\":[\"\"]}")));
        assertEquals(List.of(), EvaluateRequest.blindedElements(bytes("{\"blindedElements\":[]}")),
                "the count is checked after the shape");
    }

    @ParameterizedTest(name = "{0} breaks {1}")
    @CsvSource(delimiter = '|', value = {
            "''                                              | body.json",
            "'   '                                           | body.json",
            "'{'                                             | body.json",
            "'{\"blindedElements\":[\"a\"]'                  | body.json",
            "'{\"blindedElements\":[\"a\"]}}'                | body.json",
            "'{\"blindedElements\":[\"a\"]} x'               | body.json",
            "'{blindedElements:[\"a\"]}'                     | body.json",
            "'{\"blindedElements\":[''a'']}'                 | body.json",
            "'{\"blindedElements\":[\"a\"],}'                | body.json",
            "'{\"x\":1,\"blindedElements\":['               | body.json",
            "'[\"a\"] ]'                                     | body.json",
            "'[\"a\"]'                                       | body.fields",
            "'\"a\"'                                         | body.fields",
            "'null'                                          | body.fields",
            "'{}'                                            | body.fields",
            "'{\"blindedElement\":\"a\"}'                    | body.fields",
            "'{\"BlindedElements\":[\"a\"]}'                 | body.fields",
            "'{\"blindedElements\":[\"a\"],\"x\":1}'         | body.fields",
            "'{\"x\":1,\"blindedElements\":[\"a\"]}'         | body.fields",
            "'{\"blindedElements\":[\"a\"],\"blindedElements\":[\"a\"]}' | body.fields",
            "'{\"blindedElements\":1,\"blindedElements\":[\"a\"]}' | body.fields",
            "'{\"blindedElements\":\"a\"}'                   | body.type",
            "'{\"blindedElements\":null}'                    | body.type",
            "'{\"blindedElements\":{\"a\":1}}'               | body.type",
            "'{\"blindedElements\":[\"a\",1]}'               | body.type",
            "'{\"blindedElements\":[null]}'                  | body.type",
            "'{\"blindedElements\":[[\"a\"]]}'               | body.type",
            "'{\"blindedElements\":[true]}'                  | body.type",
    })
    void rejectsEveryOtherShape(String body, String rule) {
        ProblemException e = assertThrows(ProblemException.class, () -> EvaluateRequest.blindedElements(bytes(body)));
        assertEquals(rule, e.problem().rule());
    }

    @Test
    void rejectsInvalidUtf8AsMalformedJson() {
        byte[] body = {'{', '"', 'b', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        ProblemException e = assertThrows(ProblemException.class, () -> EvaluateRequest.blindedElements(body));
        assertEquals("body.json", e.problem().rule());
    }

    @Test
    void rejectsDeepNestingAsMalformedJson() {
        byte[] body = bytes("{\"blindedElements\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
        ProblemException e = assertThrows(ProblemException.class, () -> EvaluateRequest.blindedElements(body));
        assertEquals("body.json", e.problem().rule());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
