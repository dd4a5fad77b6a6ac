package org.leakcheck.function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
import org.leakcheck.protocol.encoding.Base64Url;
import org.leakcheck.protocol.identity.NameDobIdentity;
import org.leakcheck.protocol.identity.NirIdentity;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.oprf.Blinded;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.OprfException;
import org.leakcheck.protocol.oprf.ScalarSource;

/**
 * The evaluate handler on API Gateway event fixtures ({@code src/test/resources/events}). Needs
 * nothing else: this function never touches the table.
 */
class EvaluateHandlerTest {

    private static final String ORIGIN = "https://check.example.org";

    private final KeyMaterial key = TestKeys.key();
    private final CapturedLog log = new CapturedLog();
    private final EvaluateHandler handler = new EvaluateHandler(key, PartnerBatchLimit.DEFAULT, HttpSettings.of(Optional.of(ORIGIN), log));

    private APIGatewayProxyResponseEvent call(String fixture) {
        return handler.handleRequest(Events.load(fixture), null);
    }

    private static List<byte[]> elements(JsonNode body, String field) {
        List<byte[]> out = new ArrayList<>();
        body.get(field).forEach(e -> out.add(Base64Url.decode(e.asText())));
        return out;
    }

    @Test
    void evaluatesABatchOfTwoWithAProofThatVerifiesAgainstThePublicKey() {
        APIGatewayProxyResponseEvent response = call("evaluate-valid");
        assertEquals(200, response.getStatusCode());
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
        JsonNode body = Events.json(response.getBody());
        assertEquals(3, body.size(), "evaluatedElements, proof and keyId only");
        assertEquals(key.keyId(), body.get("keyId").asText());
        List<byte[]> blinded = elements(Events.json(Events.load("evaluate-valid").getBody()), "blindedElements");
        List<byte[]> evaluated = elements(body, "evaluatedElements");
        assertEquals(2, evaluated.size());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(Oprf.VERIFIABLE.blindEvaluate(key.key(), blinded.get(i)), evaluated.get(i),
                    "evaluatedElements[" + i + "] answers blindedElements[" + i + "]");
        }
        assertEquals(64, Base64Url.decode(body.get("proof").asText()).length);
    }

    @Test
    void aRoundTripThroughTheHandlerVerifiesAgainstThePinnedKeyAndGivesTheOprfOutputs() {
        byte[] nir = NirIdentity.parse("1 85 05 78 006 048 30").canonicalBytes();
        byte[] name = NameDobIdentity.parse("d'Artagnan", "Charles", "23/11/1961").canonicalBytes();
        Blinded a = Oprf.VERIFIABLE.blind(nir, ScalarSource.secure());
        Blinded b = Oprf.VERIFIABLE.blind(name, ScalarSource.secure());
        APIGatewayProxyRequestEvent event = Events.load("evaluate-valid");
        event.setBody("{\"blindedElements\":[\"" + Base64Url.encode(a.blindedElement()) + "\",\""
                + Base64Url.encode(b.blindedElement()) + "\"]}");
        JsonNode body = Events.json(handler.handleRequest(event, null).getBody());
        byte[] proof = Base64Url.decode(body.get("proof").asText());
        List<byte[]> outputs = Oprf.VERIFIABLE.finalizeBatch(List.of(nir, name), List.of(a, b),
                elements(body, "evaluatedElements"), proof, key.publicKey().publicKey());
        assertArrayEquals(Oprf.VERIFIABLE.evaluate(key.key(), nir), outputs.get(0));
        assertArrayEquals(Oprf.VERIFIABLE.evaluate(key.key(), name), outputs.get(1));
        OprfException forged = assertThrows(OprfException.class, () -> Oprf.VERIFIABLE.finalizeBatch(List.of(nir, name),
                List.of(a, b), elements(body, "evaluatedElements"), proof, TestKeys.otherKey().publicKey().publicKey()));
        assertEquals(OprfException.Rule.PROOF_INVALID, forged.rule(), "the proof binds the answer to this key");
    }

    @Test
    void eachEvaluationHasAFreshProofNonce() {
        String first = Events.json(call("evaluate-valid").getBody()).get("proof").asText();
        String second = Events.json(call("evaluate-valid").getBody()).get("proof").asText();
        assertFalse(first.equals(second));
    }

    @Test
    void acceptsOneElementAJsonCharsetAndABase64EncodedBody() {
        assertEquals(1, Events.json(call("evaluate-single").getBody()).get("evaluatedElements").size());
        assertEquals(200, call("evaluate-charset").getStatusCode());
        assertEquals(200, call("evaluate-base64-body").getStatusCode());
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
            "evaluate-not-on-curve,                400, element.not-on-curve,     blindedElements[1], invalid-element",
            "evaluate-identity,                    400, element.identity,         blindedElements[0], invalid-element",
            "evaluate-zero-bytes,                  400, element.prefix,           blindedElements[0], invalid-element",
            "evaluate-bad-prefix,                  400, element.prefix,           blindedElements[1], invalid-element",
            "evaluate-x-too-large,                 400, element.coordinate-range, blindedElements[1], invalid-element",
            "evaluate-wrong-length,                400, element.length,           blindedElements[1], invalid-element",
            "evaluate-padded-base64,               400, base64url.padding,        blindedElements[1], invalid-base64url",
            "evaluate-standard-base64,             400, base64url.alphabet,       blindedElements[0], invalid-base64url",
            "evaluate-trailing-bits,               400, base64url.trailing-bits,  blindedElements[1], invalid-base64url",
            "evaluate-bad-point-before-bad-base64, 400, element.not-on-curve,     blindedElements[0], invalid-element",
            "evaluate-empty-batch,                 400, batch.empty,              blindedElements,    invalid-request",
            "evaluate-too-many,                    400, batch.too-large,          blindedElements,    invalid-request",
            "evaluate-extra-field,                 400, body.fields,              body,               invalid-request",
            "evaluate-duplicate-field,             400, body.fields,              body,               invalid-request",
            "evaluate-missing-field,               400, body.fields,              body,               invalid-request",
            "evaluate-v1-field,                    400, body.fields,              body,               invalid-request",
            "evaluate-not-array,                   400, body.type,                blindedElements,    invalid-request",
            "evaluate-not-string,                  400, body.type,                blindedElements,    invalid-request",
            "evaluate-malformed-json,              400, body.json,                body,               invalid-json",
            "evaluate-trailing-json,               400, body.json,                body,               invalid-json",
            "evaluate-empty-body,                  400, body.json,                body,               invalid-json",
            "evaluate-bad-base64-body,             400, body.encoding,            body,               invalid-json",
            "evaluate-too-large,                   413, body.size,                body,               payload-too-large",
            "evaluate-no-content-type,             415, content-type.json,        Content-Type,       unsupported-media-type",
            "evaluate-text-plain,                  415, content-type.json,        Content-Type,       unsupported-media-type",
            "evaluate-wrong-method,                405, route.method,             method,             method-not-allowed",
            "unknown-route,                        404, route.unknown,            path,               not-found",
            "unknown-v1,                           404, route.unknown,            path,               not-found",
            "info,                                 404, route.unknown,            path,               not-found",
    })
    void answersBadRequestsWithAProblemNamingFieldAndRule(String fixture, int status, String rule, String field,
                                                          String type) {
        APIGatewayProxyRequestEvent event = Events.load(fixture);
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
        Problems.assertProblem(response, status, type, rule, field);
        assertNoEcho(event, response);
    }

    @Test
    void checksInTheDocumentedOrder() {
        // Too large and of the wrong type: the size comes first.
        APIGatewayProxyRequestEvent big = Events.withHeader(Events.load("evaluate-too-large"), "Content-Type", "text/plain");
        assertEquals("body.size", Events.json(handler.handleRequest(big, null).getBody()).get("rule").asText());
        // Of the wrong type and not decodable: the content type comes before the encoding.
        APIGatewayProxyRequestEvent undecodable = Events.withHeader(Events.load("evaluate-bad-base64-body"),
                "Content-Type", "text/plain");
        assertEquals("content-type.json", Events.json(handler.handleRequest(undecodable, null).getBody()).get("rule").asText());
        // Too many elements, one of them broken: the count comes before the elements.
        APIGatewayProxyRequestEvent many = Events.load("evaluate-valid");
        many.setBody("{\"blindedElements\":[\"AA\",\"AA\",\"AA\",\"AA\",\"AA\"]}");
        assertEquals("batch.too-large", Events.json(handler.handleRequest(many, null).getBody()).get("rule").asText());
        // A malformed body whose first member is already wrong: JSON before shape.
        APIGatewayProxyRequestEvent malformed = Events.load("evaluate-valid");
        malformed.setBody("{\"x\": 1, \"blindedElements\": [");
        assertEquals("body.json", Events.json(handler.handleRequest(malformed, null).getBody()).get("rule").asText());
    }

    @Test
    void theGenericElementRuleIsNeverGivenForAnElementRule() {
        for (OprfException.Rule rule : OprfException.Rule.values()) {
            String code = org.leakcheck.function.http.Problem.element(rule, 3).rule();
            assertEquals(rule.code().startsWith("element.") ? rule.code() : "element.invalid", code, rule.name());
            assertEquals("blindedElements[3]", org.leakcheck.function.http.Problem.element(rule, 3).field());
        }
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
        EvaluateHandler sameOrigin = new EvaluateHandler(key, PartnerBatchLimit.DEFAULT, HttpSettings.of(Optional.empty(), log));
        APIGatewayProxyResponseEvent response = sameOrigin.handleRequest(Events.load("evaluate-preflight"), null);
        assertEquals(204, response.getStatusCode());
        assertFalse(response.getHeaders().keySet().stream().anyMatch(h -> h.startsWith("Access-Control-")));
    }

    @Test
    void everyAnswerCarriesNosniff() {
        for (String fixture : List.of("evaluate-valid", "evaluate-not-on-curve", "evaluate-preflight", "unknown-route")) {
            assertEquals("nosniff", call(fixture).getHeaders().get("X-Content-Type-Options"), fixture);
        }
    }

    @Test
    void survivesAnEmptyOrNullEvent() {
        assertEquals(404, handler.handleRequest(null, null).getStatusCode());
        assertEquals(404, handler.handleRequest(new APIGatewayProxyRequestEvent(), null).getStatusCode());
    }

    @Test
    void writesOneLogLinePerRequestWithoutTheElements() {
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
            assertFalse(line.contains("A2sX0fLhLEJH") || line.contains("A3zyexiNA09"), "no element may be logged");
            assertFalse(line.contains("192.0.2.10"), "the address must not be logged");
        }
    }

    @Test
    void primesTheBatchPathWithoutLogging() throws Exception {
        log.clear();
        assertEquals(200, handler.prime());
        // What the SnapStart checkpoint calls; on this JVM (no CRaC) registration was a no-op.
        handler.beforeCheckpoint(null);
        handler.afterRestore(null);
        assertTrue(log.lines().isEmpty());
    }

    /** No response ever contains the request's elements or path parameters. */
    static void assertNoEcho(APIGatewayProxyRequestEvent event, APIGatewayProxyResponseEvent response) {
        String body = response.getBody() == null ? "" : response.getBody();
        if (event.getBody() != null && event.getBody().length() >= 8) {
            JsonNode request;
            try {
                request = Events.JSON.readTree(event.getBody().getBytes(StandardCharsets.UTF_8));
            } catch (Exception notJson) {
                request = null;
            }
            JsonNode elements = request == null ? null : request.get("blindedElements");
            if (elements != null && elements.isArray()) {
                for (JsonNode element : elements) {
                    if (element.isTextual() && element.asText().length() > 4) {
                        assertFalse(body.contains(element.asText()), "an element must not be echoed");
                    }
                }
            }
        }
        if (event.getPath() != null && event.getPath().startsWith("/v2/buckets/")) {
            for (String segment : event.getPath().substring("/v2/buckets/".length()).split("/")) {
                if (segment.length() > 4) {
                    assertFalse(body.contains(segment), "a path parameter must not be echoed");
                }
            }
        }
    }
}
