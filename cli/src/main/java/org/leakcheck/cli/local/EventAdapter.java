package org.leakcheck.cli.local;

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
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Turns a plain HTTP request into the API Gateway REST proxy event (payload v1) that API Gateway
 * would send, and the handler's response event back into HTTP, so that the local server runs the
 * very handlers deployed to Lambda.
 */
final class EventAdapter {

    private EventAdapter() {
    }

    /**
     * The proxy event for {@code request}, with its raw {@code path} (empty when there is none or
     * when the parser refused the request), its {@code body} already read, and {@code apiKey}, the
     * registered caller's key that the gateway checked, or null for the public. Like API Gateway, the
     * event carries that key's value in {@code requestContext.identity.apiKey} (the Java event type
     * has no {@code apiKeyId}).
     */
    static APIGatewayProxyRequestEvent toEvent(Request request, String path, byte[] body, String apiKey) {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, List<String>> multiValueHeaders = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            // Like API Gateway, the single-value map keeps the last value of a repeated header.
            headers.put(field.getName(), field.getValue());
            multiValueHeaders.computeIfAbsent(field.getName(), name -> new ArrayList<>()).add(field.getValue());
        }
        String method = request.getMethod();
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod(method)
                .withPath(path)
                .withResource(path)
                .withHeaders(headers)
                .withMultiValueHeaders(multiValueHeaders)
                .withQueryStringParameters(path.isEmpty() ? null : query(request.getHttpURI().getQuery()))
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId(UUID.randomUUID().toString())
                        .withHttpMethod(method)
                        .withPath(path)
                        .withStage("local")
                        .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity().withApiKey(apiKey)));
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

    /** Writes {@code answer} as the response, then completes {@code callback}. */
    static void send(Response response, Callback callback, APIGatewayProxyResponseEvent answer,
                     Map<String, String> extraHeaders) {
        HttpFields.Mutable out = response.getHeaders();
        Map<String, String> headers = answer.getHeaders() == null ? Map.of() : answer.getHeaders();
        headers.forEach(out::put);
        extraHeaders.forEach((name, value) -> {
            if (!out.contains(name)) {
                out.put(name, value);
            }
        });
        int status = answer.getStatusCode() == null ? 500 : answer.getStatusCode();
        byte[] body = answer.getBody() == null ? new byte[0]
                : Boolean.TRUE.equals(answer.getIsBase64Encoded())
                        ? Base64.getDecoder().decode(answer.getBody())
                        : answer.getBody().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        boolean noBody = status == 204 || status == 304 || body.length == 0;
        response.write(true, noBody ? null : ByteBuffer.wrap(body), callback);
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
