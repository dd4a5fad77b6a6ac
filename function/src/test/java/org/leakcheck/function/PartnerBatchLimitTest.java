package org.leakcheck.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.leakcheck.function.cap.Callers;
import org.leakcheck.function.cap.ClientCap;
import org.leakcheck.function.cap.ClientResolver;
import org.leakcheck.function.support.CapturedLog;
import org.leakcheck.function.support.Events;
import org.leakcheck.function.support.Problems;
import org.leakcheck.function.support.TestKeys;

/**
 * The batch limit per caller (docs/protocol.md §7.2): Q for the public (no API key, or the site key),
 * the partner limit for a registered caller's key, on API Gateway event fixtures read with the Lambda
 * runtime's serializer ({@code evaluate-partner-key}, {@code evaluate-site-key}: identity.apiKey as
 * API Gateway sets it once it has checked the key). Pure Java.
 */
class PartnerBatchLimitTest {
    /** The fixtures' key values (synthetic, not secrets). */
    private static final String SITE_KEY = "fixtureSiteKeyThatCloudFrontAdds000000001";
    private static final String PARTNER_KEY = "fixturePartnerKeyNotASecret00000000000001";
    private static final String GENERATOR = "A2sX0fLhLEJH-Lzm5WOkQPJ3A32BLeszoPShOUXYmMKW";

    private final CapturedLog log = new CapturedLog();

    private EvaluateHandler behindCloudFront(int partnerLimit) {
        return new EvaluateHandler(TestKeys.key(), new PartnerBatchLimit(partnerLimit),
                Callers.withSiteKey(Optional.of(ClientResolver.digest(SITE_KEY))),
                HttpSettings.of(Optional.empty(), log), ClientCap.none());
    }

    private static APIGatewayProxyRequestEvent batch(String fixture, int elements) {
        APIGatewayProxyRequestEvent event = Events.load(fixture);
        event.setBody("{\"blindedElements\":[" + ("\"" + GENERATOR + "\",").repeat(elements - 1) + "\"" + GENERATOR
                + "\"]}");
        return event;
    }

    private static JsonNode tooLarge(APIGatewayProxyResponseEvent response) {
        return Problems.assertProblem(response, 400, "invalid-request", "batch.too-large", "blindedElements");
    }

    @Test
    void theFixturesCarryTheKeysAsApiGatewaySetsThem() {
        assertEquals(PARTNER_KEY, Events.load("evaluate-partner-key").getRequestContext().getIdentity().getApiKey());
        assertEquals(SITE_KEY, Events.load("evaluate-site-key").getRequestContext().getIdentity().getApiKey());
    }

    @Test
    void aRegisteredCallerMaySendUpToThePartnerLimitAndNoMore() {
        EvaluateHandler handler = behindCloudFront(256);
        APIGatewayProxyResponseEvent full = handler.handleRequest(batch("evaluate-partner-key", 256), null);
        assertEquals(200, full.getStatusCode(), full.getBody());
        assertEquals(256, Events.json(full.getBody()).get("evaluatedElements").size());
        String detail = tooLarge(handler.handleRequest(batch("evaluate-partner-key", 257), null)).get("detail").asText();
        assertTrue(detail.contains("at most 256 elements, the limit of registered API callers"), detail);
        assertFalse(detail.contains("257"), "the count sent is not repeated");
    }

    @Test
    void thePublicThroughTheSiteKeyStaysAtTheQOfThePage() {
        EvaluateHandler handler = behindCloudFront(256);
        assertEquals(200, handler.handleRequest(batch("evaluate-site-key", 4), null).getStatusCode());
        String detail = tooLarge(handler.handleRequest(batch("evaluate-site-key", 5), null)).get("detail").asText();
        assertTrue(detail.contains("at most 4 elements without a registered API key"), detail);
        assertFalse(detail.contains("5"), "the count sent is not repeated");
    }

    @Test
    void aRequestWithoutAnApiKeyIsThePublic() {
        EvaluateHandler handler = behindCloudFront(256);
        assertEquals(200, handler.handleRequest(batch("evaluate-valid", 4), null).getStatusCode());
        tooLarge(handler.handleRequest(Events.load("evaluate-too-many"), null));
        APIGatewayProxyRequestEvent emptyKey = batch("evaluate-partner-key", 5);
        emptyKey.getRequestContext().getIdentity().setApiKey("");
        tooLarge(handler.handleRequest(emptyKey, null));
    }

    @Test
    void aConfiguredPartnerLimitIsTheOneEnforcedAndNamed() {
        EvaluateHandler handler = behindCloudFront(16);
        assertEquals(200, handler.handleRequest(batch("evaluate-partner-key", 16), null).getStatusCode());
        String detail = tooLarge(handler.handleRequest(batch("evaluate-partner-key", 17), null)).get("detail").asText();
        assertTrue(detail.contains("at most 16 elements"), detail);
        assertEquals(200, handler.handleRequest(batch("evaluate-site-key", 4), null).getStatusCode());
        tooLarge(handler.handleRequest(batch("evaluate-site-key", 5), null));
    }

    @Test
    void withoutASiteKeyEveryCheckedKeyIsARegisteredCaller() {
        // The local server: it sets identity.apiKey only for a partner key it has matched.
        EvaluateHandler local = new EvaluateHandler(TestKeys.key(), PartnerBatchLimit.DEFAULT,
                HttpSettings.of(Optional.empty(), log));
        assertEquals(200, local.handleRequest(batch("evaluate-partner-key", 256), null).getStatusCode());
        assertEquals(200, local.handleRequest(batch("evaluate-site-key", 256), null).getStatusCode());
        tooLarge(local.handleRequest(batch("evaluate-valid", 5), null));
    }

    @Test
    void noKeyValueReachesTheLog() {
        EvaluateHandler handler = behindCloudFront(256);
        handler.handleRequest(batch("evaluate-partner-key", 257), null);
        handler.handleRequest(batch("evaluate-partner-key", 2), null);
        handler.handleRequest(batch("evaluate-site-key", 5), null);
        assertEquals(3, log.lines().size());
        for (String line : log.lines()) {
            assertFalse(line.contains(PARTNER_KEY) || line.contains(SITE_KEY) || line.contains("p4rtn3r001"), line);
        }
    }

    @Test
    void thePartnerLimitIsFromTheQOfThePageToTheDocumentedMaximum() {
        assertEquals(256, PartnerBatchLimit.DEFAULT.value());
        assertEquals(4, PartnerBatchLimit.DEFAULT.forCaller(false));
        assertEquals(256, PartnerBatchLimit.DEFAULT.forCaller(true));
        for (int bad : new int[] {0, 1, 3, 257}) {
            assertThrows(IllegalArgumentException.class, () -> new PartnerBatchLimit(bad));
        }
    }
}
