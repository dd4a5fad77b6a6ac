package org.leakcheck.function;

import java.util.ArrayList;
import java.util.HashMap;
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
import org.leakcheck.function.buckets.BucketParameter;
import org.leakcheck.function.buckets.BucketSource;
import org.leakcheck.function.buckets.BucketsConfig;
import org.leakcheck.function.buckets.ServedDatasets;
import org.leakcheck.function.http.ApiPipeline;
import org.leakcheck.function.http.ApiRequest;
import org.leakcheck.function.http.ApiResponse;
import org.leakcheck.function.http.Base64Url;
import org.leakcheck.function.http.ETags;
import org.leakcheck.function.http.Json;
import org.leakcheck.function.http.ProblemException;
import org.leakcheck.function.http.Route;
import org.leakcheck.protocol.lookup.Entry;
import org.leakcheck.protocol.lookup.Labels;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.store.DatasetManifest;
import org.leakcheck.store.StoredBucket;

/**
 * {@code GET /v1/buckets/{bucket}} and {@code GET /v1/info}: the public, cacheable half of the API.
 * This function reads the table and never sees the key (docs/protocol.md §9).
 *
 * <pre>
 * /v1/buckets/{b} {"bucket": b, "entrySize": 32, "datasets": [{"id": "…", "entries": "&lt;base64url, P × 32 bytes&gt;"}]}
 * /v1/info        {"protocolVersion": 1, "suite": "P256-SHA256", "bucketBits": B, "keyId": "…" | null,
 *                  "datasets": [{"id", "title", "description", "patients", "loadedAt"}]}
 * </pre>
 *
 * A bucket is one DynamoDB Query; only complete datasets (with a manifest, see
 * {@link ServedDatasets}) are listed. Both documents are the same for every caller, so they carry
 * a strong ETag and {@code Cache-Control: public, max-age=300}, and {@code If-None-Match} gets 304.
 */
public final class BucketsHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>, Resource {

    private final BucketSource source;
    private final ServedDatasets datasets;
    private final int bucketBits;
    private final ApiPipeline pipeline;

    /** For AWS Lambda: configuration from the environment (see {@link LambdaEnvironment}). */
    public BucketsHandler() {
        this(LambdaEnvironment.fromSystem());
    }

    private BucketsHandler(LambdaEnvironment environment) {
        this(environment.bucketSource(), environment.bucketsConfig(), environment.httpSettings());
    }

    /**
     * @param source the bucket table
     * @param config bucket bits, key id and manifest cache settings
     * @param http   CORS and log settings
     */
    public BucketsHandler(BucketSource source, BucketsConfig config, HttpSettings http) {
        this.source = source;
        this.datasets = new ServedDatasets(source, config);
        this.bucketBits = config.bucketBits();
        this.pipeline = new ApiPipeline(Set.of(Route.BUCKET, Route.INFO), http.cors(), http.log());
        // SnapStart: prime before the snapshot is taken. A no-op on JVMs without CRaC.
        Core.getGlobalContext().register(this);
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return pipeline.handle(event, context, this::answer);
    }

    private ApiResponse answer(Route.Match match, ApiRequest request) throws ProblemException {
        String json = match.route() == Route.INFO ? info() : bucket(BucketParameter.parse(match.parameter(), bucketBits));
        String etag = ETags.of(json);
        ApiResponse response = ETags.matches(request.header("If-None-Match"), etag)
                ? ApiResponse.empty(304)
                : ApiResponse.json(200, json);
        return response.header("ETag", etag).header("Cache-Control", ApiResponse.PUBLIC_5_MIN);
    }

    private String bucket(int bucket) {
        List<DatasetManifest> served = datasets.current();
        List<StoredBucket> items = served.isEmpty() ? List.of() : source.queryBucket(bucket);
        Map<String, DatasetManifest> byId = new HashMap<>();
        served.forEach(m -> byId.put(m.datasetId(), m));
        List<StoredBucket> listed = new ArrayList<>();
        for (StoredBucket item : items) {
            DatasetManifest manifest = byId.get(item.datasetId());
            // Incomplete datasets (no manifest) are never served; an item whose size is not the
            // dataset's padded size would tell its bucket apart, so it is not served either.
            if (manifest != null && item.entries().length == manifest.paddedBucketSize() * Entry.SIZE) {
                listed.add(item);
            }
        }
        return Json.write(json -> {
            json.writeStartObject();
            json.writeNumberField("bucket", bucket);
            json.writeNumberField("entrySize", Entry.SIZE);
            json.writeArrayFieldStart("datasets");
            for (StoredBucket item : listed) {
                json.writeStartObject();
                json.writeStringField("id", item.datasetId());
                json.writeStringField("entries", Base64Url.encode(item.entries()));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private String info() {
        List<DatasetManifest> served = datasets.current();
        String keyId = datasets.keyId().orElse(null);
        return Json.write(json -> {
            json.writeStartObject();
            json.writeNumberField("protocolVersion", Labels.PROTOCOL_VERSION);
            json.writeStringField("suite", Oprf.SUITE);
            json.writeNumberField("bucketBits", bucketBits);
            if (keyId == null) {
                json.writeNullField("keyId");
            } else {
                json.writeStringField("keyId", keyId);
            }
            json.writeArrayFieldStart("datasets");
            for (DatasetManifest manifest : served) {
                json.writeStartObject();
                json.writeStringField("id", manifest.datasetId());
                json.writeStringField("title", manifest.title());
                json.writeStringField("description", manifest.description());
                json.writeNumberField("patients", manifest.patients());
                json.writeStringField("loadedAt", manifest.loadedAt().toString());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /**
     * Runs /v1/info and one bucket through the whole pipeline without logging them: JSON, the
     * manifests Query and a bucket Query are then loaded and warm for a SnapStart snapshot.
     *
     * @return the status of the primed bucket request (200 when the table answers)
     */
    public int prime() {
        ApiPipeline quiet = pipeline.quiet();
        quiet.handle(new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath(Route.INFO.resource()),
                null, this::answer);
        return quiet.handle(new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/v1/buckets/0"),
                null, this::answer).getStatusCode();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // A snapshot may be restored long after it was taken: re-read the manifests.
        datasets.invalidate();
    }
}
