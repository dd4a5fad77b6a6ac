package org.leakcheck.function;

import java.util.Set;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import org.crac.Core;
import org.crac.Resource;
import org.leakcheck.function.aws.LambdaEnvironment;
import org.leakcheck.function.buckets.BucketDocuments;
import org.leakcheck.function.buckets.BucketPath;
import org.leakcheck.function.buckets.BucketsConfig;
import org.leakcheck.function.buckets.Listing;
import org.leakcheck.function.buckets.ServedBucket;
import org.leakcheck.function.buckets.ServedDatasets;
import org.leakcheck.function.http.ApiPipeline;
import org.leakcheck.function.http.ApiRequest;
import org.leakcheck.function.http.ApiResponse;
import org.leakcheck.function.http.ETags;
import org.leakcheck.function.http.ProblemException;
import org.leakcheck.function.http.Route;
import org.leakcheck.protocol.keys.PinnedKey;
import org.leakcheck.store.BucketReader;

/**
 * {@code GET /v2/buckets/{dataset}/{load}/{bucket}} and {@code GET /v2/info}: the public,
 * cacheable half of the API (docs/protocol.md §7.3, §7.4). This function reads the table and
 * knows only the public key, never the secret (§9).
 *
 * <pre>
 * /v2/buckets/D/L/b  {"dataset": D, "load": L, "bucket": b, "entries": "&lt;base64url, P × 32 bytes&gt;"}
 *                    Cache-Control: public, max-age=min(31536000, seconds until servedUntil), immutable
 * /v2/info           {"protocolVersion": 2, "suite": "P256-SHA256", "mode": "VOPRF", "publicKey", "keyId",
 *                     "batch": {"page", "limit", "max"}, "datasets": [served or ended datasets]}
 *                    Cache-Control: public, max-age=min(60, manifest TTL, seconds until the first servedUntil)
 * /v2/feed.json      JSON Feed 1.1 of the listed datasets              Cache-Control: public, max-age=300
 * </pre>
 *
 * A bucket URL names its load, so its answer never changes; a load that is not the dataset's
 * served one, or whose dataset has ended, is {@code 404 load.unknown}, never cached. No cache may
 * keep a bucket past its dataset's end date. Every document carries a strong ETag, and
 * {@code If-None-Match} gets 304. Only datasets served under the rules of §6.4 are listed or read:
 * {@link ServedDatasets} holds those rules, {@link BucketDocuments} writes the documents, and this
 * class parses, calls them and maps the result to a response.
 */
public final class BucketsHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>, Resource {

    private final ServedDatasets datasets;
    private final PinnedKey publicKey;
    private final PartnerBatchLimit batchLimit;
    private final long infoMaxAge;
    private final ApiPipeline pipeline;

    /** For AWS Lambda: configuration from the environment (see {@link LambdaEnvironment}). */
    public BucketsHandler() {
        this(LambdaEnvironment.fromSystem());
    }

    private BucketsHandler(LambdaEnvironment environment) {
        this(environment.bucketTable(), environment.bucketsConfig(), environment.httpSettings());
    }

    /**
     * @param source the bucket table ({@link org.leakcheck.store.BucketTable}, or any other reader)
     * @param config the public key, the partner batch limit to announce and the manifest cache settings
     * @param http   CORS and log settings
     */
    public BucketsHandler(BucketReader source, BucketsConfig config, HttpSettings http) {
        this.datasets = new ServedDatasets(source, config, http.log());
        this.publicKey = config.publicKey();
        this.batchLimit = config.batchLimit();
        // A client holds /v2/info no longer than this function holds the manifests.
        this.infoMaxAge = Math.min(ApiResponse.INFO_MAX_AGE, config.manifestTtl().toSeconds());
        this.pipeline = new ApiPipeline(Set.of(Route.BUCKET, Route.INFO, Route.FEED), http.cors(), http.log());
        // SnapStart: prime before the snapshot is taken. A no-op on JVMs without CRaC.
        Core.getGlobalContext().register(this);
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return pipeline.handle(event, context, this::answer);
    }

    private ApiResponse answer(Route.Match match, ApiRequest request) throws ProblemException {
        switch (match.route()) {
            case INFO -> {
                Listing listing = datasets.listing();
                return cacheable(request, BucketDocuments.info(publicKey, batchLimit, listing), ApiResponse.JSON,
                        ApiResponse.shortLived(listing.infoMaxAge(infoMaxAge)));
            }
            case FEED -> {
                return cacheable(request, BucketDocuments.feed(datasets.listing()), ApiResponse.FEED_JSON,
                        ApiResponse.FEED_CACHE);
            }
            default -> {
                ServedBucket served = datasets.bucket(BucketPath.parse(match.parameters()));
                return cacheable(request, BucketDocuments.bucket(served), ApiResponse.JSON,
                        ApiResponse.immutable(served.secondsLeft()));
            }
        }
    }

    /** {@code json} with its strong ETag, or an empty 304 when {@code If-None-Match} names that ETag. */
    private static ApiResponse cacheable(ApiRequest request, String json, String contentType, String cacheControl) {
        String etag = ETags.of(json);
        ApiResponse response = ETags.matches(request.header("If-None-Match"), etag)
                ? ApiResponse.empty(304)
                : ApiResponse.json(200, json).header("Content-Type", contentType);
        return response.header("ETag", etag).header("Cache-Control", cacheControl);
    }

    /**
     * Runs {@code /v2/info} and one bucket of the first served dataset through the whole pipeline
     * without logging them: JSON, the manifests Query and a GetItem are then loaded and warm for
     * a SnapStart snapshot.
     *
     * @return the status of the primed bucket request (200 when a dataset is served and the
     *         table answers; 404 when no dataset is served yet)
     */
    public int prime() {
        ApiPipeline quiet = pipeline.quiet();
        quiet.handle(get(Route.INFO.resource()), null, this::answer);
        String path = datasets.current().stream().findFirst()
                .map(m -> "/v2/buckets/" + m.datasetId() + "/" + m.loadId() + "/0")
                .orElse("/v2/buckets/primer/" + "0".repeat(32) + "/0");
        return quiet.handle(get(path), null, this::answer).getStatusCode();
    }

    private static APIGatewayProxyRequestEvent get(String path) {
        return new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath(path);
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
