package org.leakcheck.function.support;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import org.leakcheck.function.http.Problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every problem the API can answer with: the {@link Problem} constants and one per OPRF element rule. */
public final class Problems {

    /** The rules of org.leakcheck.protocol.oprf's element exceptions, plus the fallback. */
    public static final List<String> ELEMENT_RULES = List.of("element.length", "element.prefix",
            "element.coordinate-range", "element.not-on-curve", "element.identity", "some-future.rule");

    private Problems() {
    }

    public static List<Problem> all() throws IllegalAccessException {
        List<Problem> problems = new ArrayList<>();
        for (Class<?> holder : List.of(Problem.class, Problem.Base64Url.class)) {
            for (Field field : holder.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == Problem.class) {
                    problems.add((Problem) field.get(null));
                }
            }
        }
        ELEMENT_RULES.forEach(rule -> problems.add(Problem.element(rule)));
        return problems;
    }

    /**
     * Asserts that {@code response} is the RFC 9457 problem {@code type} with this status, rule and
     * field, never cached, with a title and a detail; returns its body for further checks.
     */
    public static JsonNode assertProblem(APIGatewayProxyResponseEvent response, int status, String type, String rule,
                                         String field) {
        assertEquals(status, response.getStatusCode());
        assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
        assertEquals("no-store", response.getHeaders().get("Cache-Control"), "errors are never cached");
        JsonNode problem = Events.json(response.getBody());
        assertEquals("https://leakcheck.org/problems/" + type, problem.get("type").asText());
        assertEquals(status, problem.get("status").asInt());
        assertEquals(rule, problem.get("rule").asText());
        assertEquals(field, problem.get("field").asText());
        assertFalse(problem.get("title").asText().isEmpty());
        assertFalse(problem.get("detail").asText().isEmpty());
        return problem;
    }
}
