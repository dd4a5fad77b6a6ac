import java.util.Map;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

/**
 * One cold start, as Lambda does it without SnapStart: a fresh JVM loads the handler class,
 * runs its no-argument constructor (configuration from the environment), and answers one API
 * Gateway event. Prints the wall-clock instant of the answer, {@code answered_epoch_us=N}; the
 * script subtracts the instant it started the JVM.
 *
 * <p>Usage: {@code java -cp function-lambda.jar:. ColdStart evaluate|buckets|baseline}
 */
public final class ColdStart {

    private ColdStart() {
    }

    public static void main(String[] args) {
        RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler;
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod("GET");
        switch (args[0]) {
            case "evaluate" -> {
                handler = new org.leakcheck.function.EvaluateHandler();
                event.withHttpMethod("POST").withPath("/v1/evaluate")
                        .withHeaders(Map.of("Content-Type", "application/json"))
                        .withBody("{\"blindedElement\":\"A2sX0fLhLEJH-Lzm5WOkQPJ3A32BLeszoPShOUXYmMKW\"}");
            }
            case "buckets" -> {
                handler = new org.leakcheck.function.BucketsHandler();
                event.withPath("/v1/buckets/1234");
            }
            case "baseline" -> {
                handler = new BaselineHandler();
                event.withPath("/v1/info");
            }
            default -> throw new IllegalArgumentException("evaluate, buckets or baseline");
        }
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
        java.time.Instant now = java.time.Instant.now();
        if (response.getStatusCode() != 200) {
            System.err.println("coldstart: " + args[0] + " answered " + response.getStatusCode() + ": " + response.getBody());
            System.exit(1);
        }
        System.out.println("answered_epoch_us=" + (now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000));
        // Lambda freezes the process here; exiting at once keeps the measurement to the answer.
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
