package org.leakcheck.function;

import java.util.Map;
import java.util.Set;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import org.crac.Core;
import org.crac.Resource;
import org.leakcheck.function.aws.LambdaEnvironment;
import org.leakcheck.function.evaluate.EvaluateRequest;
import org.leakcheck.function.http.ApiPipeline;
import org.leakcheck.function.http.ApiRequest;
import org.leakcheck.function.http.ApiResponse;
import org.leakcheck.function.http.Base64Url;
import org.leakcheck.function.http.Json;
import org.leakcheck.function.http.Problem;
import org.leakcheck.function.http.ProblemException;
import org.leakcheck.function.http.Route;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.oprf.InvalidElementException;
import org.leakcheck.protocol.oprf.Oprf;

/**
 * {@code POST /v1/evaluate}: RFC 9497 BlindEvaluate, {@code Z = k·M}, with the OPRF key. This
 * function holds the key and never reads the table (docs/protocol.md §9).
 *
 * <pre>
 * request  {"blindedElement": "&lt;base64url, 33-byte compressed P-256 point&gt;"}   Content-Type: application/json, ≤ 1 KiB
 * response {"evaluatedElement": "&lt;base64url, 33 bytes&gt;", "keyId": "k-…"}        Cache-Control: no-store
 * </pre>
 *
 * The element is validated completely (length, prefix, x &lt; p, on the curve, not the identity)
 * before the multiplication; every failure is a 400 naming the rule.
 */
public final class EvaluateHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>, Resource {

    /** Largest accepted body. A valid one is 64 bytes; the margin allows whitespace and "charset". */
    public static final int MAX_BODY_BYTES = 1024;

    /** The generator of P-256, compressed (SEC1): a valid element for priming. */
    private static final String PRIMING_ELEMENT = "A2sX0fLhLEJH-Lzm5WOkQPJ3A32BLeszoPShOUXYmMKW";

    private final KeyMaterial key;
    private final ApiPipeline pipeline;

    /** For AWS Lambda: configuration from the environment, the key from Secrets Manager (see {@link LambdaEnvironment}). */
    public EvaluateHandler() {
        this(LambdaEnvironment.fromSystem());
    }

    private EvaluateHandler(LambdaEnvironment environment) {
        this(environment.evaluateKey(), environment.httpSettings());
    }

    /**
     * @param key  the OPRF key and its id
     * @param http CORS and log settings
     */
    public EvaluateHandler(KeyMaterial key, HttpSettings http) {
        this.key = key;
        this.pipeline = new ApiPipeline(Set.of(Route.EVALUATE), http.cors(), http.log());
        // SnapStart: prime before the snapshot is taken. A no-op on JVMs without CRaC.
        Core.getGlobalContext().register(this);
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return pipeline.handle(event, context, this::evaluate);
    }

    private ApiResponse evaluate(Route.Match match, ApiRequest request) throws ProblemException {
        byte[] body = request.body(MAX_BODY_BYTES);
        if (!request.hasJsonContentType()) {
            throw Problem.CONTENT_TYPE.exception();
        }
        byte[] blinded = Base64Url.decode(EvaluateRequest.blindedElement(body));
        byte[] evaluated;
        try {
            // RFC 9497 §3.3.1 BlindEvaluate; DeserializeElement (§4.3) rejects a bad element first.
            evaluated = Oprf.blindEvaluate(key.key(), blinded);
        } catch (InvalidElementException invalid) {
            throw Problem.element(invalid.rule()).exception();
        }
        String json = Json.write(out -> {
            out.writeStartObject();
            out.writeStringField("evaluatedElement", Base64Url.encode(evaluated));
            out.writeStringField("keyId", key.keyId());
            out.writeEndObject();
        });
        return ApiResponse.json(200, json).header("Cache-Control", ApiResponse.NO_STORE);
    }

    /**
     * Runs one valid evaluation through the whole pipeline (JSON in, OPRF, JSON out) without
     * logging it, so that a SnapStart snapshot holds loaded, initialized classes.
     *
     * @return the status of the primed request (200 when everything works)
     */
    public int prime() {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withPath(Route.EVALUATE.resource())
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody("{\"blindedElement\":\"" + PRIMING_ELEMENT + "\"}");
        return pipeline.quiet().handle(event, null, this::evaluate).getStatusCode();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to refresh: the key does not change within a function version.
    }
}
