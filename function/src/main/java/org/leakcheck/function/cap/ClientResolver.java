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
 *   <li><b>Through CloudFront</b> (the request carries the site key: {@code identity.apiKey}, the
 *       value API Gateway checked, has the site key's digest): the viewer's address from {@value #VIEWER_ADDRESS}, which CloudFront sets
 *       itself (a viewer's own header of that name is replaced). Not {@code identity.sourceIp}: behind
 *       CloudFront that is one of CloudFront's addresses, shared by thousands of people; nor
 *       {@code X-Forwarded-For}, whose first entry is whatever the viewer sent.</li>
 *   <li><b>A registered caller</b> (another API key): no per-address cap; its usage plan's daily quota
 *       and throttle bound it, per key (docs/deploy.md, "Registered API callers").</li>
 *   <li><b>No site key known</b> (LocalStack, local runs: no CloudFront in front):
 *       {@code identity.sourceIp}, the TCP peer.</li>
 * </ul>
 * A request through CloudFront without a usable header (a misconfigured origin request policy)
 * falls back to the source address, and one with no usable address at all to {@link #UNKNOWN}: they
 * share one counter, which errs on refusing rather than on counting no one.
 */
public final class ClientResolver {
    /** The header CloudFront adds with the viewer's address and port (origin request policy). */
    public static final String VIEWER_ADDRESS = "CloudFront-Viewer-Address";
    /** The one client of every request whose address is unusable. */
    static final ClientAddress UNKNOWN = ClientAddress.parse("0.0.0.0").orElseThrow();

    private final Optional<byte[]> siteKeyDigest;

    /**
     * @param siteKeyDigest {@link #digest} of the API key CloudFront sends, read from its secret at
     *                      init (the event names a key by its value only); empty without CloudFront
     */
    public ClientResolver(Optional<byte[]> siteKeyDigest) {
        this.siteKeyDigest = siteKeyDigest.map(byte[]::clone);
    }

    /** SHA-256 of an API key's value: all this class keeps of the site key. */
    public static byte[] digest(String apiKey) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** The address to count, or empty when the caller is a registered API caller (not capped here). */
    public Optional<ClientAddress> resolve(APIGatewayProxyRequestEvent event) {
        APIGatewayProxyRequestEvent.RequestIdentity identity = event == null || event.getRequestContext() == null
                ? null : event.getRequestContext().getIdentity();
        return resolve(identity == null ? null : identity.getApiKey(), identity == null ? null : identity.getSourceIp(),
                header(event, VIEWER_ADDRESS));
    }

    /**
     * The same, from the event's parts: the API key value API Gateway checked, the TCP peer, and the
     * {@value #VIEWER_ADDRESS} header (each may be null).
     */
    public Optional<ClientAddress> resolve(String apiKey, String sourceIp, String viewerAddress) {
        if (siteKeyDigest.isEmpty()) {
            return Optional.of(ClientAddress.parse(sourceIp).orElse(UNKNOWN));
        }
        if (apiKey != null && !apiKey.isEmpty() && !MessageDigest.isEqual(digest(apiKey), siteKeyDigest.get())) {
            return Optional.empty();
        }
        Optional<ClientAddress> viewer = ClientAddress.fromViewerAddress(viewerAddress);
        return Optional.of(viewer.or(() -> ClientAddress.parse(sourceIp)).orElse(UNKNOWN));
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
