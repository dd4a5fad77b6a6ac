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
     * The body bytes (UTF-8 of the text body, or the decoded bytes of a base64 body).
     *
     * @throws ProblemException 413 when over {@code maxBytes}, 400 when a base64 body does not decode
     */
    public byte[] body(int maxBytes) throws ProblemException {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            // Four base64 characters carry three bytes: reject an oversized body before decoding it.
            if (body.length() > (maxBytes / 3 + 2) * 4) {
                throw Problem.BODY_SIZE.exception();
            }
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw Problem.BODY_ENCODING.exception();
            }
            if (decoded.length > maxBytes) {
                throw Problem.BODY_SIZE.exception();
            }
            return decoded;
        }
        // Each UTF-16 unit takes at least one UTF-8 byte: a body with more units than maxBytes cannot fit.
        if (body.length() > maxBytes) {
            throw Problem.BODY_SIZE.exception();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            throw Problem.BODY_SIZE.exception();
        }
        return bytes;
    }

    /** The request id API Gateway assigned, or null. */
    public String gatewayRequestId() {
        APIGatewayProxyRequestEvent.ProxyRequestContext context = event.getRequestContext();
        return context == null ? null : context.getRequestId();
    }
}
