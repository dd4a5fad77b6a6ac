package org.leakcheck.function;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import org.crac.Core;
import org.crac.Resource;
import org.leakcheck.function.aws.LambdaEnvironment;
import org.leakcheck.function.cap.Callers;
import org.leakcheck.function.cap.ClientCap;
import org.leakcheck.function.evaluate.EvaluateRequest;
import org.leakcheck.function.http.ApiPipeline;
import org.leakcheck.function.http.ApiRequest;
import org.leakcheck.function.http.ApiResponse;
import org.leakcheck.function.http.Json;
import org.leakcheck.function.http.Problem;
import org.leakcheck.function.http.ProblemException;
import org.leakcheck.function.http.Route;
import org.leakcheck.protocol.encoding.Base64Url;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.oprf.BatchEvaluation;
import org.leakcheck.protocol.oprf.Elements;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.OprfException;
import org.leakcheck.protocol.oprf.ScalarSource;

/**
 * {@code POST /v2/evaluate}: RFC 9497 §3.3.2 BlindEvaluateBatch in mode 0x01 (VOPRF), every
 * {@code Z_i = skS·M_i} with one DLEQ proof for the whole batch (docs/protocol.md §4.2, §7.2).
 * This function holds the key and never reads the table (§9).
 *
 * <pre>
 * request  {"blindedElements": ["&lt;base64url, 33 bytes&gt;", ...]}      1 to Q (public) or the partner limit; ≤ 16 KiB
 * response {"evaluatedElements": ["&lt;base64url, 33 bytes&gt;", ...],   evaluatedElements[i] answers blindedElements[i]
 *           "proof": "&lt;base64url, 64 bytes&gt;", "keyId": "&lt;16 hex&gt;"}   Cache-Control: no-store
 * </pre>
 *
 * Checks, in the order of §7.2: body size (413 {@code body.size}), Content-Type (415), body
 * encoding, JSON, shape, count ({@code batch.empty}, {@code batch.too-large} over the caller's
 * limit: Q for the public, the {@link PartnerBatchLimit} for a registered API caller, as
 * {@link Callers} tells them apart), then each element in order: its base64url, then its point. An element problem names {@code blindedElements[i]}.
 * A batch that decodes is then counted against its client's daily cap ({@link ClientCap}; 429
 * {@code rate.daily} once the day is used up, before any evaluation).
 */
public final class EvaluateHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>, Resource {

    /**
     * Two valid elements for priming: the P-256 generator and 2·G, compressed (SEC1). Priming
     * sends a batch of two, so that the snapshot has run the batch path and its proof.
     */
    private static final String PRIMING_BODY = "{\"blindedElements\":[\"A2sX0fLhLEJH-Lzm5WOkQPJ3A32BLeszoPShOUXYmMKW\","
            + "\"A3zyexiNA09-ilI4AwS1GsPAiWnid_IbNaYLSPxHZpl4\"]}";

    private final KeyMaterial key;
    private final PartnerBatchLimit partnerLimit;
    private final Callers callers;
    private final ClientCap cap;
    private final ApiPipeline pipeline;

    /** For AWS Lambda: configuration from the environment, the key from Secrets Manager (see {@link LambdaEnvironment}). */
    public EvaluateHandler() {
        this(LambdaEnvironment.fromSystem());
    }

    private EvaluateHandler(LambdaEnvironment environment) {
        this(environment, environment.evaluateKey());
    }

    private EvaluateHandler(LambdaEnvironment environment, KeyMaterial key) {
        this(environment, key, environment.callers());
    }

    private EvaluateHandler(LambdaEnvironment environment, KeyMaterial key, Callers callers) {
        this(key, environment.partnerBatchLimit(), callers, environment.httpSettings(),
                environment.clientCap(key, callers));
    }

    /**
     * Without a site key and without a daily cap (the local server, tests): a request whose event
     * carries an API key is a registered caller's.
     */
    public EvaluateHandler(KeyMaterial key, PartnerBatchLimit partnerLimit, HttpSettings http) {
        this(key, partnerLimit, Callers.withoutSiteKey(), http, ClientCap.none());
    }

    /**
     * @param key          the VOPRF key (from its seed) and its id
     * @param partnerLimit the most elements one request of a registered API caller may carry (the
     *                     public's is always Q)
     * @param callers      who is the public and who a registered caller
     * @param http         CORS and log settings
     * @param cap          the daily cap per client address
     */
    public EvaluateHandler(KeyMaterial key, PartnerBatchLimit partnerLimit, Callers callers, HttpSettings http,
                           ClientCap cap) {
        this.key = key;
        this.partnerLimit = partnerLimit;
        this.callers = callers;
        this.cap = cap;
        this.pipeline = new ApiPipeline(Set.of(Route.EVALUATE), http.cors(), http.log());
        // SnapStart: prime before the snapshot is taken. A no-op on JVMs without CRaC.
        Core.getGlobalContext().register(this);
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return pipeline.handle(event, context, (match, request) -> evaluate(request, cap));
    }

    private ApiResponse evaluate(ApiRequest request, ClientCap cap) throws ProblemException {
        request.requireBodyAtMost(Problem.MAX_BODY_BYTES);
        if (!request.hasJsonContentType()) {
            throw Problem.CONTENT_TYPE.exception();
        }
        List<String> texts = EvaluateRequest.blindedElements(request.body());
        if (texts.isEmpty()) {
            throw Problem.BATCH_EMPTY.exception();
        }
        boolean registered = callers.registered(request.apiKey());
        int limit = partnerLimit.forCaller(registered);
        if (texts.size() > limit) {
            throw Problem.batchTooLarge(registered, limit).exception();
        }
        List<byte[]> elements = decode(texts);
        if (!cap.admit(request, elements.size())) {
            throw Problem.DAILY_CAP.exception();
        }
        BatchEvaluation evaluation;
        try {
            // RFC 9497 §3.3.2 BlindEvaluateBatch; DeserializeElement (§4.3) rejects a bad element
            // first. A fresh nonce source per request: a SnapStart snapshot must not carry a
            // random generator that every restored instance would then share.
            evaluation = Oprf.VERIFIABLE.blindEvaluateBatch(key.key(), elements, ScalarSource.secure());
        } catch (OprfException invalid) {
            throw firstInvalidElement(elements, invalid).exception();
        }
        String json = Json.write(out -> {
            out.writeStartObject();
            out.writeArrayFieldStart("evaluatedElements");
            for (byte[] evaluated : evaluation.evaluatedElements()) {
                out.writeString(Base64Url.encode(evaluated));
            }
            out.writeEndArray();
            out.writeStringField("proof", Base64Url.encode(evaluation.proof()));
            out.writeStringField("keyId", key.keyId());
            out.writeEndObject();
        });
        return ApiResponse.json(200, json).header("Cache-Control", ApiResponse.NO_STORE);
    }

    /**
     * Decodes every element. When element {@code j} is not base64url, an earlier element whose
     * point is invalid is reported instead: the elements are checked in order, each one's
     * base64url before its point (§7.2). Points are validated here only on that error path; on
     * the normal path BlindEvaluateBatch validates them, once.
     */
    private static List<byte[]> decode(List<String> texts) throws ProblemException {
        List<byte[]> elements = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            try {
                elements.add(Base64Url.decode(texts.get(i)));
            } catch (Base64Url.InvalidException e) {
                Problem earlier = invalidPoint(elements);
                throw (earlier != null ? earlier : Problem.base64url(e.rule(), i)).exception();
            }
        }
        return elements;
    }

    /** The problem of the first of {@code elements} that is not a valid point, or null. */
    private static Problem invalidPoint(List<byte[]> elements) {
        for (int i = 0; i < elements.size(); i++) {
            try {
                Elements.validate(elements.get(i), Problem.elementField(i));
            } catch (OprfException e) {
                return Problem.element(e.rule(), i);
            }
        }
        return null;
    }

    /** BlindEvaluateBatch refused the batch: finds which element, in order; anything else is our bug (a 500). */
    private static Problem firstInvalidElement(List<byte[]> elements, OprfException refused) {
        Problem problem = refused.isElementRule() ? invalidPoint(elements) : null;
        if (problem == null) {
            throw new IllegalStateException("BlindEvaluateBatch refused a checked batch [" + refused.rule().code() + "]",
                    refused);
        }
        return problem;
    }

    /**
     * Runs one valid evaluation of a batch of two through the whole pipeline (JSON in, the
     * batched OPRF and its proof, JSON out) without logging it, so that a SnapStart snapshot
     * holds loaded, initialized classes.
     *
     * @return the status of the primed request (200 when everything works)
     */
    public int prime() {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withPath(Route.EVALUATE.resource())
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody(PRIMING_BODY);
        // Not counted: a snapshot must not write to the counter table (nor carry its connection).
        return pipeline.quiet().handle(event, null, (match, request) -> evaluate(request, ClientCap.none()))
                .getStatusCode();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to refresh: the key does not change within a function version, and each
        // request draws its proof nonce from a fresh source.
    }
}
