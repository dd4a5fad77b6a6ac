package org.leakcheck.function.support;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import org.leakcheck.function.PartnerBatchLimit;
import org.leakcheck.function.http.Problem;
import org.leakcheck.protocol.encoding.Base64Url;
import org.leakcheck.protocol.oprf.OprfException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every problem the API can answer with: the {@link Problem} constants, the batch too large for
 * the public and for registered callers at every partner limit, and for each position in a batch of
 * the documented maximum, one per base64url rule and one per OPRF rule.
 */
public final class Problems {

    private Problems() {
    }

    public static List<Problem> all() throws IllegalAccessException {
        List<Problem> problems = new ArrayList<>();
        for (Field field : Problem.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == Problem.class) {
                problems.add((Problem) field.get(null));
            }
        }
        problems.add(Problem.batchTooLarge(false, PartnerBatchLimit.PAGE));
        for (int limit = PartnerBatchLimit.PAGE; limit <= PartnerBatchLimit.MAX; limit++) {
            problems.add(Problem.batchTooLarge(true, limit));
        }
        for (int i = 0; i < PartnerBatchLimit.MAX; i++) {
            for (Base64Url.Rule rule : Base64Url.Rule.values()) {
                problems.add(Problem.base64url(rule, i));
            }
            for (OprfException.Rule rule : OprfException.Rule.values()) {
                problems.add(Problem.element(rule, i));
            }
        }
        return problems;
    }

    /**
     * Asserts that {@code response} is the RFC 9457 problem {@code type} with this status, rule and
     * field, never cached, with a title and a detail; returns its body for further checks.
     */
    public static JsonNode assertProblem(APIGatewayProxyResponseEvent response, int status, String type, String rule,
                                         String field) {
        assertEquals(status, response.getStatusCode(), response.getBody());
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
