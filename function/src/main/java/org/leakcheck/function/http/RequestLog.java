package org.leakcheck.function.http;

import java.time.Clock;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * One JSON line per request, which is also a CloudWatch Embedded Metric Format document: the
 * {@code _aws} member declares the metrics {@code requests}, {@code 4xx}, {@code 5xx} and
 * {@code latency} in namespace {@value #NAMESPACE} with dimension {@code route}, so CloudWatch
 * extracts them from the log without any API call.
 *
 * <pre>
 * {"_aws":{...},"level":"info","requestId":"…","route":"evaluate","method":"POST","status":200,
 *  "latencyMs":1.42,"requests":1,"4xx":0,"5xx":0,"latency":1.42}
 * </pre>
 *
 * The line carries only what the server chose: request id, route, a known method, status,
 * latency, the problem rule, and for a 5xx the exception classes and stack frames. Never a body,
 * a bucket number, an element, a header or an address.
 */
public final class RequestLog {

    /** CloudWatch namespace of the metrics. */
    public static final String NAMESPACE = "leakcheck";

    private static final String[] KNOWN_METHODS = {"GET", "POST", "OPTIONS", "HEAD", "PUT", "DELETE", "PATCH"};
    private static final int MAX_STACK_FRAMES = 12;

    private final Consumer<String> sink;
    private final Clock clock;

    /**
     * @param sink  where lines go ({@code System.out::println} in Lambda, which ships stdout to CloudWatch)
     * @param clock wall clock for the EMF timestamp
     */
    public RequestLog(Consumer<String> sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /** A log that drops everything, for priming requests that must not count as traffic. */
    public static RequestLog discard() {
        return new RequestLog(line -> { }, Clock.systemUTC());
    }

    /** Writes the line of one request. {@code error} is the unexpected exception behind a 5xx, or null. */
    public void record(String requestId, String route, String method, int status, long latencyNanos,
                       String rule, Throwable error) {
        double latencyMs = Math.round(latencyNanos / 1_000.0) / 1_000.0;
        sink.accept(Json.write(json -> {
            json.writeStartObject();
            writeMetadata(json);
            json.writeStringField("level", status >= 500 ? "error" : "info");
            json.writeStringField("requestId", requestId);
            json.writeStringField("route", route);
            json.writeStringField("method", knownMethod(method));
            json.writeNumberField("status", status);
            json.writeNumberField("latencyMs", latencyMs);
            if (rule != null) {
                json.writeStringField("rule", rule);
            }
            if (error != null) {
                writeError(json, error);
            }
            json.writeNumberField("requests", 1);
            json.writeNumberField("4xx", status >= 400 && status < 500 ? 1 : 0);
            json.writeNumberField("5xx", status >= 500 ? 1 : 0);
            json.writeNumberField("latency", latencyMs);
            json.writeEndObject();
        }));
    }

    /** Logs a problem outside any request (for example at init), without the request fields. */
    public void event(String level, String message, Throwable error) {
        sink.accept(Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("level", level);
            json.writeStringField("message", message);
            if (error != null) {
                writeError(json, error);
            }
            json.writeEndObject();
        }));
    }

    private void writeMetadata(JsonGenerator json) throws java.io.IOException {
        json.writeObjectFieldStart("_aws");
        json.writeNumberField("Timestamp", clock.millis());
        json.writeArrayFieldStart("CloudWatchMetrics");
        json.writeStartObject();
        json.writeStringField("Namespace", NAMESPACE);
        json.writeArrayFieldStart("Dimensions");
        json.writeStartArray();
        json.writeString("route");
        json.writeEndArray();
        json.writeEndArray();
        json.writeArrayFieldStart("Metrics");
        metric(json, "requests", "Count");
        metric(json, "4xx", "Count");
        metric(json, "5xx", "Count");
        metric(json, "latency", "Milliseconds");
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void metric(JsonGenerator json, String name, String unit) throws java.io.IOException {
        json.writeStartObject();
        json.writeStringField("Name", name);
        json.writeStringField("Unit", unit);
        json.writeEndObject();
    }

    /**
     * Exception classes and stack frames. Messages are left out, except the AWS SDK's and the
     * store's: a message elsewhere (a JDK parse error, say) can quote the data it failed on.
     */
    private static void writeError(JsonGenerator json, Throwable error) throws java.io.IOException {
        StringBuilder causes = new StringBuilder();
        StringBuilder frames = new StringBuilder();
        int depth = 0;
        for (Throwable t = error; t != null && depth < 5; t = t.getCause(), depth++) {
            if (depth > 0) {
                causes.append(" <- ");
            }
            causes.append(t.getClass().getName());
            String name = t.getClass().getName();
            if (t.getMessage() != null && (name.startsWith("software.amazon.awssdk.")
                    || name.equals("org.leakcheck.store.StoreException"))) {
                causes.append(": ").append(t.getMessage());
            }
        }
        StackTraceElement[] stack = error.getStackTrace();
        for (int i = 0; i < Math.min(stack.length, MAX_STACK_FRAMES); i++) {
            frames.append(i == 0 ? "" : " | ").append(stack[i]);
        }
        json.writeStringField("error", causes.toString());
        json.writeStringField("stack", frames.toString());
    }

    private static String knownMethod(String method) {
        for (String known : KNOWN_METHODS) {
            if (known.equals(method)) {
                return known;
            }
        }
        return "other";
    }
}
