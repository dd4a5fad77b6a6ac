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
 * <p>Usage: {@code java -cp function-lambda.jar:. ColdStart evaluate|buckets|baseline BUCKET_PATH}, where
 * {@code BUCKET_PATH} is the {@code /v2/buckets/{dataset}/{load}/{bucket}} the buckets handler reads.
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
                // A batch of Q = 4 (G, 2G, 3G and 4G), as the page sends: four evaluations and one proof.
                event.withHttpMethod("POST").withPath("/v2/evaluate")
                        .withHeaders(Map.of("Content-Type", "application/json"))
                        .withBody("{\"blindedElements\":[\"A2sX0fLhLEJH-Lzm5WOkQPJ3A32BLeszoPShOUXYmMKW\","
                                + "\"A3zyexiNA09-ilI4AwS1GsPAiWnid_IbNaYLSPxHZpl4\","
                                + "\"Al7L5NGmMwpEyPfvlR1L8WXmxrch762phftBZhvG5_1s\","
                                + "\"AuJTSjUy0I-7oC3eZZ7mK9ADH-LbeFWW71CTAkRrAwhS\"]}");
            }
            case "buckets" -> {
                handler = new org.leakcheck.function.BucketsHandler();
                event.withPath(args[1]);
            }
            case "baseline" -> {
                handler = new BaselineHandler();
                event.withPath("/v2/info");
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
