package org.leakcheck.function.cap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

/**
 * Which client a request counts against, from the API Gateway event, and whether the daily cap
 * applies to it at all.
 *
 * <ul>
 *   <li><b>Through CloudFront</b> (the request carries the edge token in {@value #EDGE_TOKEN}, which
 *       only the edge function and evaluate can read: infrastructure's {@code EdgeTokenSecret}): the viewer's
 *       address from {@value #VIEWER_ADDRESS}, which CloudFront sets itself (a viewer's own header of
 *       that name is replaced). Not {@code identity.sourceIp}: behind CloudFront that is one of
 *       CloudFront's addresses, shared by thousands of people; nor {@code X-Forwarded-For}, whose
 *       first entry is whatever the viewer sent.</li>
 *   <li><b>The site key without the edge token</b>: {@code identity.sourceIp}, the TCP peer. The site
 *       key is readable with {@code ReadOnlyAccess} (the distribution's configuration), so whoever
 *       calls the execute-api endpoint with it directly could write any {@value #VIEWER_ADDRESS}; the
 *       TCP peer is their own address, which they cannot choose.</li>
 *   <li><b>A registered caller</b> (any other key API Gateway checked, {@link Callers}): no per-address
 *       cap; its usage plan's daily quota and throttle bound it, per key (docs/deploy.md, "Registered API
 *       callers").</li>
 *   <li><b>No site key known and no API key</b> (LocalStack, local runs: no CloudFront in front):
 *       {@code identity.sourceIp}, the TCP peer.</li>
 * </ul>
 * A request with the edge token but no usable viewer header (a misconfigured origin request policy)
 * falls back to the source address, and one with no usable address at all to {@link #UNKNOWN}: they
 * share one counter, which errs on refusing rather than on counting no one.
 */
public final class ClientResolver {
    /** The header CloudFront adds with the viewer's address and port (origin request policy). */
    public static final String VIEWER_ADDRESS = "CloudFront-Viewer-Address";
    /** The header the edge function adds on /v2/evaluate: the edge token (never logged). */
    public static final String EDGE_TOKEN = "X-Leakcheck-Edge";
    /** The one client of every request whose address is unusable. */
    static final ClientAddress UNKNOWN = ClientAddress.parse("0.0.0.0").orElseThrow();

    private final Callers callers;
    private final Optional<byte[]> edgeTokenDigest;

    /**
     * @param callers         who is the public and who a registered caller (holds the site key's digest;
     *                        the event names a key by its value only)
     * @param edgeTokenDigest {@link #digest} of the edge token, read from its secret at init; empty
     *                        without CloudFront, and then no {@value #VIEWER_ADDRESS} is ever trusted
     */
    public ClientResolver(Callers callers, Optional<byte[]> edgeTokenDigest) {
        this.callers = callers;
        this.edgeTokenDigest = edgeTokenDigest.map(byte[]::clone);
    }

    /** SHA-256 of an API key's or the edge token's value: all this class keeps of either. */
    public static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** The address to count, or empty when the caller is a registered API caller (not capped here). */
    public Optional<ClientAddress> resolve(APIGatewayProxyRequestEvent event) {
        APIGatewayProxyRequestEvent.RequestIdentity identity = event == null || event.getRequestContext() == null
                ? null : event.getRequestContext().getIdentity();
        return resolve(identity == null ? null : identity.getApiKey(), identity == null ? null : identity.getSourceIp(),
                header(event, VIEWER_ADDRESS), header(event, EDGE_TOKEN));
    }

    /**
     * The same, from the event's parts: the API key value API Gateway checked, the TCP peer, and the
     * {@value #VIEWER_ADDRESS} and {@value #EDGE_TOKEN} headers (each may be null).
     */
    public Optional<ClientAddress> resolve(String apiKey, String sourceIp, String viewerAddress, String edgeToken) {
        Optional<ClientAddress> peer = ClientAddress.parse(sourceIp);
        if (callers.registered(apiKey)) {
            return Optional.empty();
        }
        if (!callers.knowsSiteKey() || !fromTheEdge(edgeToken)) {
            return Optional.of(peer.orElse(UNKNOWN));
        }
        Optional<ClientAddress> viewer = ClientAddress.fromViewerAddress(viewerAddress);
        return Optional.of(viewer.or(() -> peer).orElse(UNKNOWN));
    }

    /** True when {@code edgeToken} is the edge token; compared as digests, in constant time. */
    private boolean fromTheEdge(String edgeToken) {
        return edgeTokenDigest.isPresent() && edgeToken != null && !edgeToken.isEmpty()
                && MessageDigest.isEqual(digest(edgeToken), edgeTokenDigest.get());
    }

    private static String header(APIGatewayProxyRequestEvent event, String name) {
        if (event == null) {
            return null;
        }
        Map<String, String> headers = event.getHeaders();
        if (headers != null) {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (name.equalsIgnoreCase(e.getKey())) {
                    return e.getValue();
                }
            }
        }
        Map<String, List<String>> multi = event.getMultiValueHeaders();
        if (multi != null) {
            for (Map.Entry<String, List<String>> e : multi.entrySet()) {
                if (name.equalsIgnoreCase(e.getKey()) && e.getValue() != null && e.getValue().size() == 1) {
                    return e.getValue().get(0);
                }
            }
        }
        return null;
    }
}
