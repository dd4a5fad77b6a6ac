package org.leakcheck.cli.local;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;

/**
 * Turns a plain HTTP request into the API Gateway REST proxy event (payload v1) that API Gateway
 * would send, and the handler's response event back into HTTP, so that the local server runs the
 * very handlers deployed to Lambda.
 */
final class EventAdapter {

    private EventAdapter() {
    }

    /** The proxy event for {@code exchange} with the request {@code body} already read. */
    static APIGatewayProxyRequestEvent toEvent(HttpExchange exchange, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, List<String>> multiValueHeaders = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            // Like API Gateway, the single-value map keeps the last value of a repeated header.
            headers.put(name, values.get(values.size() - 1));
            multiValueHeaders.put(name, new ArrayList<>(values));
        });
        // No path at all (an absolute-form URI such as "x:y"): no route matches the empty one.
        String rawPath = exchange.getRequestURI().getRawPath();
        String path = rawPath == null ? "" : rawPath;
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod(exchange.getRequestMethod())
                .withPath(path)
                .withResource(path)
                .withHeaders(headers)
                .withMultiValueHeaders(multiValueHeaders)
                .withQueryStringParameters(query(exchange.getRequestURI().getRawQuery()))
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId(UUID.randomUUID().toString())
                        .withHttpMethod(exchange.getRequestMethod())
                        .withPath(path)
                        .withStage("local"));
        String text = utf8(body);
        if (body.length == 0) {
            event.setBody(null);
            event.setIsBase64Encoded(false);
        } else if (text != null) {
            event.setBody(text);
            event.setIsBase64Encoded(false);
        } else {
            event.setBody(Base64.getEncoder().encodeToString(body));
            event.setIsBase64Encoded(true);
        }
        return event;
    }

    /** Writes {@code response} to {@code exchange} and closes it. */
    static void send(HttpExchange exchange, APIGatewayProxyResponseEvent response, Map<String, String> extraHeaders)
            throws IOException {
        Map<String, String> headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        extraHeaders.forEach((name, value) -> {
            if (!exchange.getResponseHeaders().containsKey(name)) {
                exchange.getResponseHeaders().set(name, value);
            }
        });
        int status = response.getStatusCode() == null ? 500 : response.getStatusCode();
        byte[] body = response.getBody() == null ? new byte[0]
                : Boolean.TRUE.equals(response.getIsBase64Encoded())
                        ? Base64.getDecoder().decode(response.getBody())
                        : response.getBody().getBytes(StandardCharsets.UTF_8);
        boolean noBody = status == 204 || status == 304 || body.length == 0;
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static Map<String, String> query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                // API Gateway would pass it on undecoded; no handler reads the query string anyway.
                parameters.put(name, value);
            }
        }
        return parameters;
    }
}
