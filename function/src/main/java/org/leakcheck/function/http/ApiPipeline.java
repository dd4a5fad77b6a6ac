package org.leakcheck.function.http;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

/**
 * What every request goes through, whatever the handler: route match (404), CORS preflight,
 * method check (405), the endpoint, problems as RFC 9457 bodies, any unexpected exception as a
 * generic 500, CORS and common headers, and one log line. Never throws.
 */
public final class ApiPipeline {

    /** The part a handler writes: answer one matched route, or throw a problem. */
    @FunctionalInterface
    public interface Endpoint {
        ApiResponse handle(Route.Match match, ApiRequest request) throws ProblemException;
    }

    private static final String UNMATCHED = "unknown";

    private final Set<Route> routes;
    private final Cors cors;
    private final RequestLog log;

    /**
     * @param routes the routes this function serves; any other path is a 404
     * @param cors   cross-origin policy
     * @param log    request log and metrics
     */
    public ApiPipeline(Set<Route> routes, Cors cors, RequestLog log) {
        this.routes = EnumSet.copyOf(routes);
        this.cors = cors;
        this.log = log;
    }

    /** The same pipeline writing no log line, for priming requests. */
    public ApiPipeline quiet() {
        return new ApiPipeline(routes, cors, RequestLog.discard());
    }

    /** Answers {@code event} (may be null) with {@code endpoint}. */
    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, Context context, Endpoint endpoint) {
        long start = System.nanoTime();
        ApiRequest request = ApiRequest.of(event);
        String routeName = UNMATCHED;
        ApiResponse response;
        Throwable error = null;
        try {
            Optional<Route.Match> match = Route.match(request.path()).filter(m -> routes.contains(m.route()));
            if (match.isEmpty()) {
                response = ApiResponse.problem(Problem.ROUTE_UNKNOWN);
            } else {
                Route route = match.get().route();
                routeName = route.metricName();
                String method = request.method();
                if (method.equals("OPTIONS")) {
                    response = cors.preflight(request.header("Origin"), route);
                } else if (!method.equals(route.method())) {
                    response = ApiResponse.problem(Problem.ROUTE_METHOD).header("Allow", route.allow());
                } else {
                    response = answer(endpoint, match.get(), request);
                }
            }
        } catch (RuntimeException unexpected) {
            // Anything else is our bug or an outage (DynamoDB down): logged, and a generic answer.
            error = unexpected;
            response = ApiResponse.problem(Problem.INTERNAL);
        }
        try {
            cors.apply(request.header("Origin"), response);
            response.defaultHeader("X-Content-Type-Options", "nosniff");
            response.defaultHeader("Cache-Control", ApiResponse.NO_STORE);
        } catch (RuntimeException unexpected) {
            error = unexpected;
            response = ApiResponse.problem(Problem.INTERNAL);
        }
        log.record(requestId(context, request), routeName, request.method(), response.status(),
                System.nanoTime() - start, response.rule(), error);
        return response.toEvent();
    }

    private static ApiResponse answer(Endpoint endpoint, Route.Match match, ApiRequest request) {
        try {
            return endpoint.handle(match, request);
        } catch (ProblemException problem) {
            return ApiResponse.problem(problem.problem());
        }
    }

    private static String requestId(Context context, ApiRequest request) {
        if (context != null && context.getAwsRequestId() != null) {
            return context.getAwsRequestId();
        }
        String gateway = request.gatewayRequestId();
        return gateway == null ? "-" : gateway;
    }
}
