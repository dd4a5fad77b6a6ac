package org.leakcheck.function.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

/** Which address a request counts against. Pure Java, on API Gateway events built in code. */
class ClientResolverTest {
    private static final String SITE_KEY = "k3yThatCloudFrontAddsToEveryRequest000001";
    private static final String EDGE_TOKEN = "tokenThatOnlyTheEdgeFunctionAndEvaluateHold01";
    private final ClientResolver behindCloudFront = new ClientResolver(Callers.withSiteKey(Optional.of(ClientResolver.digest(SITE_KEY))),
            Optional.of(ClientResolver.digest(EDGE_TOKEN)));

    private static APIGatewayProxyRequestEvent event(String apiKey, String sourceIp, Map<String, String> headers) {
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST").withPath("/v2/evaluate").withHeaders(headers)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity()
                                .withApiKey(apiKey).withSourceIp(sourceIp)));
    }

    private static Optional<ClientAddress> address(String text) {
        return ClientAddress.parse(text);
    }

    @Test
    void countsTheViewerThatCloudFrontNamesWhenTheEdgeTokenIsValid() {
        assertEquals(address("203.0.113.7"), behindCloudFront.resolve(event(SITE_KEY, "130.176.0.1",
                Map.of("cloudfront-viewer-address", "203.0.113.7:4711", "x-leakcheck-edge", EDGE_TOKEN,
                        "X-Forwarded-For", "198.51.100.1, 203.0.113.7, 130.176.0.1"))));
    }

    @Test
    void countsTheTcpPeerOfASiteKeyRequestWithoutTheEdgeToken() {
        // Whoever read the site key and calls execute-api directly cannot choose the address counted.
        assertEquals(address("192.0.2.66"), behindCloudFront.resolve(event(SITE_KEY, "192.0.2.66",
                Map.of("CloudFront-Viewer-Address", "203.0.113.7:4711"))));
    }

    @Test
    void countsTheTcpPeerOfASiteKeyRequestWithAWrongOrEmptyEdgeToken() {
        for (String wrong : List.of("", "tokenThatOnlyTheEdgeFunctionAndEvaluateHold02", EDGE_TOKEN + " ",
                EDGE_TOKEN.substring(1), SITE_KEY)) {
            assertEquals(address("192.0.2.66"), behindCloudFront.resolve(event(SITE_KEY, "192.0.2.66",
                    Map.of("CloudFront-Viewer-Address", "203.0.113.7:4711", "X-Leakcheck-Edge", wrong))), wrong);
        }
    }

    @Test
    void trustsNoViewerAddressWhenNoEdgeTokenIsConfigured() {
        ClientResolver withoutToken = new ClientResolver(Callers.withSiteKey(Optional.of(ClientResolver.digest(SITE_KEY))), Optional.empty());
        assertEquals(address("192.0.2.66"), withoutToken.resolve(event(SITE_KEY, "192.0.2.66",
                Map.of("CloudFront-Viewer-Address", "203.0.113.7:4711", "X-Leakcheck-Edge", EDGE_TOKEN))));
    }

    @Test
    void leavesRegisteredCallersToTheirUsagePlan() {
        assertEquals(Optional.empty(), behindCloudFront.resolve(event("aPartnersOwnKeyValue0000000000000000000001", "192.0.2.10",
                Map.of("CloudFront-Viewer-Address", "203.0.113.7:4711"))));
        assertEquals(Optional.empty(), behindCloudFront.resolve(event("aPartnersOwnKeyValue0000000000000000000001", "192.0.2.10",
                Map.of("CloudFront-Viewer-Address", "203.0.113.7:4711", "X-Leakcheck-Edge", EDGE_TOKEN))));
    }

    @Test
    void fallsBackToTheSourceAddressAndThenToOneSharedCounter() {
        assertEquals(address("130.176.0.1"), behindCloudFront.resolve(event(SITE_KEY, "130.176.0.1",
                Map.of("X-Leakcheck-Edge", EDGE_TOKEN))));
        assertEquals(Optional.of(ClientResolver.UNKNOWN), behindCloudFront.resolve(event(SITE_KEY, null,
                Map.of("CloudFront-Viewer-Address", "not an address", "X-Leakcheck-Edge", EDGE_TOKEN))));
        assertEquals(Optional.of(ClientResolver.UNKNOWN), behindCloudFront.resolve(event(SITE_KEY, null,
                Map.of("CloudFront-Viewer-Address", "203.0.113.7:4711"))));
        assertEquals(Optional.of(ClientResolver.UNKNOWN), behindCloudFront.resolve(null));
    }

    @Test
    void countsTheTcpPeerWhereNoCloudFrontIsInFront() {
        ClientResolver direct = new ClientResolver(Callers.withoutSiteKey(), Optional.empty());
        assertEquals(address("192.0.2.10"), direct.resolve(event(null, "192.0.2.10",
                Map.of("CloudFront-Viewer-Address", "203.0.113.7:4711"))));
    }

    @Test
    void leavesAKeyedCallerToItsUsagePlanWhereNoSiteKeyExists() {
        // API Gateway sets identity.apiKey only to a key it checked: without CloudFront, any key is a partner's.
        ClientResolver direct = new ClientResolver(Callers.withoutSiteKey(), Optional.empty());
        assertEquals(Optional.empty(), direct.resolve(event("aPartnersOwnKeyValue0000000000000000000001", "192.0.2.10",
                Map.of())));
        assertEquals(address("192.0.2.10"), direct.resolve(event("", "192.0.2.10", Map.of())), "an empty key is none");
    }
}
