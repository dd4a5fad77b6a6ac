package org.leakcheck.function.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * API Gateway REST proxy events from {@code src/test/resources/events/NAME.json}, read with the Lambda
 * Java runtime's own serializer ({@code aws-lambda-java-serialization}), so that a handler test sees
 * exactly the object the managed runtime would hand the handler; and response parsing.
 */
public final class Events {

    public static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static final PojoSerializer<APIGatewayProxyRequestEvent> RUNTIME =
            LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class, Events.class.getClassLoader());

    private Events() {
    }

    /** The fixture {@code name} (without .json), as Lambda would hand it to a handler. */
    public static APIGatewayProxyRequestEvent load(String name) {
        try (InputStream in = Events.class.getResourceAsStream("/events/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return RUNTIME.fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture with header {@code name} set to {@code value} (in both header maps). */
    public static APIGatewayProxyRequestEvent withHeader(APIGatewayProxyRequestEvent event, String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>(event.getHeaders() == null ? Map.of() : event.getHeaders());
        headers.put(name, value);
        event.setHeaders(headers);
        Map<String, List<String>> multi = new LinkedHashMap<>(
                event.getMultiValueHeaders() == null ? Map.of() : event.getMultiValueHeaders());
        multi.put(name, List.of(value));
        event.setMultiValueHeaders(multi);
        return event;
    }

    /** Parses a JSON response body. */
    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
