package org.leakcheck.function.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

/**
 * A null-safe view of an API Gateway REST proxy event: every part of the event may be missing or
 * hostile, and none of it may make the handler throw. Header lookup is case-insensitive.
 */
public final class ApiRequest {

    private final APIGatewayProxyRequestEvent event;

    private ApiRequest(APIGatewayProxyRequestEvent event) {
        this.event = event == null ? new APIGatewayProxyRequestEvent() : event;
    }

    /** Wraps {@code event}, which may be null. */
    public static ApiRequest of(APIGatewayProxyRequestEvent event) {
        return new ApiRequest(event);
    }

    /** The HTTP method as sent, or "" when absent. */
    public String method() {
        String method = event.getHttpMethod();
        return method == null ? "" : method;
    }

    /**
     * The API key value API Gateway checked ({@code requestContext.identity.apiKey}), or null. The
     * runtime's event type carries the key's value, not its id: compare it, never log it.
     */
    public String apiKey() {
        return event.getRequestContext() == null || event.getRequestContext().getIdentity() == null
                ? null : event.getRequestContext().getIdentity().getApiKey();
    }

    /** The TCP peer API Gateway saw ({@code requestContext.identity.sourceIp}), or null. Never log it. */
    public String sourceIp() {
        return event.getRequestContext() == null || event.getRequestContext().getIdentity() == null
                ? null : event.getRequestContext().getIdentity().getSourceIp();
    }

    /** The request path, or null when absent. */
    public String path() {
        return event.getPath();
    }

    /** The value of header {@code name} (any case), or null. */
    public String header(String name) {
        String value = find(event.getHeaders(), name);
        if (value == null) {
            Map<String, List<String>> multi = event.getMultiValueHeaders();
            if (multi != null) {
                for (Map.Entry<String, List<String>> entry : multi.entrySet()) {
                    if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name)
                            && entry.getValue() != null && !entry.getValue().isEmpty()) {
                        return entry.getValue().get(0);
                    }
                }
            }
        }
        return value;
    }

    private static String find(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        String exact = headers.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** True when the Content-Type is {@code application/json}, optionally with {@code charset=utf-8}. */
    public boolean hasJsonContentType() {
        String value = header("Content-Type");
        if (value == null) {
            return false;
        }
        String[] parts = value.split(";", -1);
        if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT).replace("\"", "");
            if (!parameter.isEmpty() && !parameter.equals("charset=utf-8")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks the size of the body before anything else is done with it (docs/protocol.md §7.2:
     * the size comes first). For a base64-encoded body the decoded size follows from the length
     * of the text, so nothing is decoded yet.
     *
     * @throws ProblemException {@code body.size} (413) when the body is over {@code maxBytes}
     */
    public void requireBodyAtMost(int maxBytes) throws ProblemException {
        String body = event.getBody();
        if (body == null) {
            return;
        }
        if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            int length = body.length();
            int padding = length > 0 && body.charAt(length - 1) == '=' ? (length > 1 && body.charAt(length - 2) == '=' ? 2 : 1) : 0;
            long decoded = (long) length / 4 * 3 + (length % 4 * 3) / 4 - padding;
            if (decoded > maxBytes) {
                throw Problem.BODY_SIZE.exception();
            }
            return;
        }
        // Each UTF-16 unit takes at least one UTF-8 byte: a body with more units than maxBytes cannot fit.
        if (body.length() > maxBytes || utf8Length(body) > maxBytes) {
            throw Problem.BODY_SIZE.exception();
        }
    }

    /**
     * The body bytes: the UTF-8 of a text body, or the decoded bytes of a base64 body. Call
     * {@link #requireBodyAtMost} first.
     *
     * @throws ProblemException {@code body.encoding} when a base64 body does not decode
     */
    public byte[] body() throws ProblemException {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw Problem.BODY_ENCODING.exception();
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                // A lone surrogate: String.getBytes writes '?'.
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** The request id API Gateway assigned, or null. */
    public String gatewayRequestId() {
        APIGatewayProxyRequestEvent.ProxyRequestContext context = event.getRequestContext();
        return context == null ? null : context.getRequestId();
    }
}
