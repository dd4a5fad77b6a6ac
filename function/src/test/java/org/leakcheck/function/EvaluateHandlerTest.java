package org.leakcheck.function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.leakcheck.function.support.CapturedLog;
import org.leakcheck.function.support.Events;
import org.leakcheck.function.support.Problems;
import org.leakcheck.function.support.TestKeys;
import org.leakcheck.protocol.identity.NirIdentity;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.oprf.Blinded;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.ScalarSource;

/**
 * The evaluate handler on API Gateway event fixtures ({@code src/test/resources/events}). Needs
 * nothing else: this function never touches the table.
 */
class EvaluateHandlerTest {

    private static final String ORIGIN = "https://check.example.org";

    private final KeyMaterial key = TestKeys.key();
    private final CapturedLog log = new CapturedLog();
    private final EvaluateHandler handler = new EvaluateHandler(key, HttpSettings.of(Optional.of(ORIGIN), log));

    private APIGatewayProxyResponseEvent call(String fixture) {
        return handler.handleRequest(Events.load(fixture), null);
    }

    @Test
    void evaluatesAValidBlindedElementWithTheKey() {
        APIGatewayProxyResponseEvent response = call("evaluate-valid");
        assertEquals(200, response.getStatusCode());
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
        JsonNode body = Events.json(response.getBody());
        assertEquals(key.keyId(), body.get("keyId").asText());
        byte[] generator = Base64.getUrlDecoder().decode("A2sX0fLhLEJH-Lzm5WOkQPJ3A32BLeszoPShOUXYmMKW");
        assertArrayEquals(Oprf.blindEvaluate(key.key(), generator),
                Base64.getUrlDecoder().decode(body.get("evaluatedElement").asText()));
        assertEquals(2, body.size());
    }

    @Test
    void aRoundTripThroughTheHandlerGivesTheOprfOutput() {
        byte[] input = NirIdentity.parse("1 85 05 78 006 048 30").canonicalBytes();
        Blinded blinded = Oprf.blind(input, ScalarSource.secure());
        APIGatewayProxyRequestEvent event = Events.load("evaluate-valid");
        event.setBody("{\"blindedElement\":\"" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(blinded.blindedElement()) + "\"}");
        JsonNode body = Events.json(handler.handleRequest(event, null).getBody());
        byte[] evaluated = Base64.getUrlDecoder().decode(body.get("evaluatedElement").asText());
        assertArrayEquals(Oprf.evaluate(key.key(), input), Oprf.finalizeOutput(input, blinded, evaluated));
    }

    @Test
    void acceptsJsonWithACharsetAndABase64EncodedBody() {
        assertEquals(200, call("evaluate-charset").getStatusCode());
        assertEquals(200, call("evaluate-base64-body").getStatusCode());
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
            "evaluate-not-on-curve,    400, element.not-on-curve,    blindedElement, invalid-element",
            "evaluate-identity,        400, element.identity,        blindedElement, invalid-element",
            "evaluate-zero-bytes,      400, element.prefix,          blindedElement, invalid-element",
            "evaluate-bad-prefix,      400, element.prefix,          blindedElement, invalid-element",
            "evaluate-x-too-large,     400, element.coordinate-range, blindedElement, invalid-element",
            "evaluate-wrong-length,    400, element.length,          blindedElement, invalid-element",
            "evaluate-padded-base64,   400, base64url.padding,       blindedElement, invalid-base64url",
            "evaluate-standard-base64, 400, base64url.alphabet,      blindedElement, invalid-base64url",
            "evaluate-trailing-bits,   400, base64url.trailing-bits, blindedElement, invalid-base64url",
            "evaluate-extra-field,     400, body.fields,             body,           invalid-request",
            "evaluate-duplicate-field, 400, body.fields,             body,           invalid-request",
            "evaluate-missing-field,   400, body.fields,             body,           invalid-request",
            "evaluate-not-string,      400, body.type,               blindedElement, invalid-request",
            "evaluate-malformed-json,  400, body.json,               body,           invalid-json",
            "evaluate-trailing-json,   400, body.json,               body,           invalid-json",
            "evaluate-empty-body,      400, body.json,               body,           invalid-json",
            "evaluate-too-large,       413, body.size,               body,           payload-too-large",
            "evaluate-no-content-type, 415, content-type.json,       Content-Type,   unsupported-media-type",
            "evaluate-text-plain,      415, content-type.json,       Content-Type,   unsupported-media-type",
            "evaluate-wrong-method,    405, route.method,            method,         method-not-allowed",
            "unknown-route,            404, route.unknown,           path,           not-found",
            "info,                     404, route.unknown,           path,           not-found",
    })
    void answersBadRequestsWithAProblemNamingFieldAndRule(String fixture, int status, String rule, String field,
                                                          String type) {
        APIGatewayProxyRequestEvent event = Events.load(fixture);
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
        Problems.assertProblem(response, status, type, rule, field);
        assertNoEcho(event, response);
    }

    @Test
    void wrongMethodListsTheAllowedOnes() {
        assertEquals("POST, OPTIONS", call("evaluate-wrong-method").getHeaders().get("Allow"));
    }

    @Test
    void answersThePreflightOfTheAllowedOrigin() {
        APIGatewayProxyResponseEvent response = call("evaluate-preflight");
        assertEquals(204, response.getStatusCode());
        assertNull(response.getBody());
        assertEquals(ORIGIN, response.getHeaders().get("Access-Control-Allow-Origin"));
        assertEquals("POST, OPTIONS", response.getHeaders().get("Access-Control-Allow-Methods"));
        assertEquals("Content-Type", response.getHeaders().get("Access-Control-Allow-Headers"));
        assertEquals("Origin", response.getHeaders().get("Vary"));
    }

    @Test
    void grantsCorsToTheConfiguredOriginOnly() {
        assertEquals(ORIGIN, call("evaluate-cross-origin").getHeaders().get("Access-Control-Allow-Origin"));
        APIGatewayProxyResponseEvent foreign = call("evaluate-foreign-origin");
        assertEquals(200, foreign.getStatusCode());
        assertFalse(foreign.getHeaders().containsKey("Access-Control-Allow-Origin"));
        assertEquals("Origin", foreign.getHeaders().get("Vary"));
    }

    @Test
    void sendsNoCorsHeadersWhenNoOriginIsConfigured() {
        EvaluateHandler sameOrigin = new EvaluateHandler(key, HttpSettings.of(Optional.empty(), log));
        APIGatewayProxyResponseEvent response = sameOrigin.handleRequest(Events.load("evaluate-preflight"), null);
        assertEquals(204, response.getStatusCode());
        assertFalse(response.getHeaders().keySet().stream().anyMatch(h -> h.startsWith("Access-Control-")));
    }

    @Test
    void survivesAnEmptyOrNullEvent() {
        assertEquals(404, handler.handleRequest(null, null).getStatusCode());
        assertEquals(404, handler.handleRequest(new APIGatewayProxyRequestEvent(), null).getStatusCode());
    }

    @Test
    void writesOneLogLinePerRequestWithoutTheElement() {
        log.clear();
        call("evaluate-valid");
        call("evaluate-not-on-curve");
        assertEquals(2, log.lines().size());
        JsonNode ok = Events.json(log.lines().get(0));
        assertEquals("evaluate", ok.get("route").asText());
        assertEquals(200, ok.get("status").asInt());
        assertEquals("c0ffee00-0000-4000-8000-000000000001", ok.get("requestId").asText());
        assertTrue(ok.get("latencyMs").isNumber());
        JsonNode bad = Events.json(log.lines().get(1));
        assertEquals("element.not-on-curve", bad.get("rule").asText());
        assertEquals(1, bad.get("4xx").asInt());
        for (String line : log.lines()) {
            assertFalse(line.contains("A2sX0fLhLEJH"), "the element must not be logged");
            assertFalse(line.contains("192.0.2.10"), "the address must not be logged");
        }
    }

    @Test
    void primesWithoutLogging() throws Exception {
        log.clear();
        assertEquals(200, handler.prime());
        // What the SnapStart checkpoint calls; on this JVM (no CRaC) registration was a no-op.
        handler.beforeCheckpoint(null);
        handler.afterRestore(null);
        assertTrue(log.lines().isEmpty());
    }

    /** No response ever contains the request's body or path parameter. */
    static void assertNoEcho(APIGatewayProxyRequestEvent event, APIGatewayProxyResponseEvent response) {
        String body = response.getBody() == null ? "" : response.getBody();
        if (event.getBody() != null && event.getBody().length() >= 8) {
            JsonNode request;
            try {
                request = Events.JSON.readTree(event.getBody().getBytes(StandardCharsets.UTF_8));
            } catch (Exception notJson) {
                request = null;
            }
            JsonNode element = request == null ? null : request.get("blindedElement");
            if (element != null && element.isTextual() && !element.asText().isEmpty()) {
                assertFalse(body.contains(element.asText()), "the element must not be echoed");
            }
        }
        if (event.getPath() != null && event.getPath().startsWith("/v1/buckets/")) {
            assertFalse(body.contains(event.getPath()), "the path must not be echoed");
        }
    }
}
