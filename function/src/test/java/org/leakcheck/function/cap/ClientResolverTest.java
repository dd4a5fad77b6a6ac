package org.leakcheck.function.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

/** Which address a request counts against. Pure Java, on API Gateway events built in code. */
class ClientResolverTest {
    private static final String SITE_KEY = "k3yThatCloudFrontAddsToEveryRequest000001";
    private final ClientResolver behindCloudFront = new ClientResolver(Optional.of(ClientResolver.digest(SITE_KEY)));

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
    void countsTheViewerThatCloudFrontNamesNotCloudFrontsOwnAddress() {
        assertEquals(address("203.0.113.7"), behindCloudFront.resolve(event(SITE_KEY, "130.176.0.1",
                Map.of("cloudfront-viewer-address", "203.0.113.7:4711",
                        "X-Forwarded-For", "198.51.100.1, 203.0.113.7, 130.176.0.1"))));
    }

    @Test
    void leavesRegisteredCallersToTheirUsagePlan() {
        assertEquals(Optional.empty(), behindCloudFront.resolve(event("aPartnersOwnKeyValue0000000000000000000001", "192.0.2.10",
                Map.of("CloudFront-Viewer-Address", "203.0.113.7:4711"))));
    }

    @Test
    void fallsBackToTheSourceAddressAndThenToOneSharedCounter() {
        assertEquals(address("130.176.0.1"), behindCloudFront.resolve(event(SITE_KEY, "130.176.0.1", Map.of())));
        assertEquals(Optional.of(ClientResolver.UNKNOWN), behindCloudFront.resolve(event(SITE_KEY, null,
                Map.of("CloudFront-Viewer-Address", "not an address"))));
        assertEquals(Optional.of(ClientResolver.UNKNOWN), behindCloudFront.resolve(null));
    }

    @Test
    void countsTheTcpPeerWhereNoCloudFrontIsInFront() {
        ClientResolver direct = new ClientResolver(Optional.empty());
        assertEquals(address("192.0.2.10"), direct.resolve(event(null, "192.0.2.10",
                Map.of("CloudFront-Viewer-Address", "203.0.113.7:4711"))));
    }
}
