package org.leakcheck.function.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import org.leakcheck.function.PartnerBatchLimit;
import org.leakcheck.function.EvaluateHandler;
import org.leakcheck.function.HttpSettings;
import org.leakcheck.function.support.Events;
import org.leakcheck.function.support.TestKeys;

/**
 * The daily cap in the evaluate handler, on the API Gateway fixtures (read with the Lambda runtime's
 * serializer) and an in-memory counter store. Pure Java.
 */
class EvaluateHandlerCapTest {
    private static final String SITE_KEY = "k3yThatCloudFrontAddsToEveryRequest000001";
    private static final String EDGE_TOKEN = "tokenThatOnlyTheEdgeFunctionAndEvaluateHold01";

    private static EvaluateHandler handler(int elementsPerDay) {
        Callers callers = Callers.withSiteKey(Optional.of(ClientResolver.digest(SITE_KEY)));
        ClientCap cap = ClientCap.of(new ClientResolver(callers, Optional.of(ClientResolver.digest(EDGE_TOKEN))),
                new DailyCap(new DailyCapTest.MemoryStore(), new DailyKeys(new byte[32]), elementsPerDay,
                        Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC)));
        return new EvaluateHandler(TestKeys.key(), PartnerBatchLimit.DEFAULT, callers, HttpSettings.of(Optional.empty(), line -> { }),
                cap);
    }

    private static APIGatewayProxyRequestEvent fromViewer(String apiKey, String viewer) {
        APIGatewayProxyRequestEvent event = Events.withHeader(Events.withHeader(Events.load("evaluate-valid"),
                ClientResolver.VIEWER_ADDRESS, viewer), ClientResolver.EDGE_TOKEN, EDGE_TOKEN);
        event.setRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity()
                        .withApiKey(apiKey).withSourceIp("130.176.0.1")));
        return event;
    }

    @Test
    void answers429WithRuleRateDailyOnceTheAddressHasUsedItsDay() {
        EvaluateHandler handler = handler(2);
        assertEquals(200, handler.handleRequest(fromViewer(SITE_KEY, "203.0.113.7:4711"), null).getStatusCode());
        APIGatewayProxyResponseEvent refused = handler.handleRequest(fromViewer(SITE_KEY, "203.0.113.7:5000"), null);
        assertEquals(429, refused.getStatusCode());
        assertEquals("application/problem+json", refused.getHeaders().get("Content-Type"));
        assertEquals("rate.daily", Events.json(refused.getBody()).get("rule").asText());
        assertEquals("https://leakcheck.org/problems/rate-limited", Events.json(refused.getBody()).get("type").asText());
        assertEquals(200, handler.handleRequest(fromViewer(SITE_KEY, "203.0.113.8:4711"), null).getStatusCode(),
                "another viewer behind the same CloudFront address has its own day");
    }

    @Test
    void capsADirectCallerWithTheSiteKeyByItsOwnAddressWhateverViewerItClaims() {
        EvaluateHandler handler = handler(2);
        for (String claimed : java.util.List.of("203.0.113.7:4711", "203.0.113.8:4711")) {
            APIGatewayProxyRequestEvent forged = Events.withHeader(Events.load("evaluate-valid"),
                    ClientResolver.VIEWER_ADDRESS, claimed);
            forged.setRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                    .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity()
                            .withApiKey(SITE_KEY).withSourceIp("192.0.2.66")));
            assertEquals(claimed.startsWith("203.0.113.7") ? 200 : 429,
                    handler.handleRequest(forged, null).getStatusCode(), claimed);
        }
    }

    @Test
    void leavesRegisteredCallersToTheirUsagePlanQuota() {
        EvaluateHandler handler = handler(2);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, handler.handleRequest(fromViewer("aPartnersOwnKeyValue0000000000000000000001",
                    "203.0.113.7:4711"), null).getStatusCode());
        }
    }

    @Test
    void countsNothingForARequestRefusedBeforeEvaluation() {
        EvaluateHandler handler = handler(2);
        APIGatewayProxyRequestEvent tooMany = Events.load("evaluate-too-many");
        tooMany.setHeaders(new java.util.HashMap<>(tooMany.getHeaders()));
        tooMany.getHeaders().put(ClientResolver.VIEWER_ADDRESS, "203.0.113.7:4711");
        tooMany.setRequestContext(fromViewer(SITE_KEY, "203.0.113.7:4711").getRequestContext());
        assertEquals(400, handler.handleRequest(tooMany, null).getStatusCode());
        assertEquals(200, handler.handleRequest(fromViewer(SITE_KEY, "203.0.113.7:4711"), null).getStatusCode());
    }
}
