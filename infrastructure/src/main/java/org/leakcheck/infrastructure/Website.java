package org.leakcheck.infrastructure;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudfront.AddBehaviorOptions;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CacheCookieBehavior;
import software.amazon.awscdk.services.cloudfront.CacheHeaderBehavior;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.CacheQueryStringBehavior;
import software.amazon.awscdk.services.cloudfront.CachedMethods;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.ErrorResponse;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.IOrigin;
import software.amazon.awscdk.services.cloudfront.OriginRequestCookieBehavior;
import software.amazon.awscdk.services.cloudfront.OriginRequestHeaderBehavior;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestQueryStringBehavior;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeader;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.RestApiOrigin;
import software.amazon.awscdk.services.cloudfront.origins.RestApiOriginProps;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.CacheControl;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

/**
 * The site and the CDN: a private S3 bucket holding {@code website/dist} (built with the
 * deployment's public key pinned), deployed by the stack, and one CloudFront distribution that
 * serves it and forwards {@code /v2/*} to the API. A deployment of a changed site invalidates the
 * site's own paths only ({@link AssetPaths#siteInvalidationPaths}), so cached bucket answers stay.
 *
 * <p>Behaviours, in order of precedence:
 * <ol>
 *   <li>{@code /v2/evaluate}: never cached (every blinded element is new), all methods, HTTPS only;</li>
 *   <li>{@code /v2/buckets/*}: a bucket URL names its load, so its answer never changes and the
 *       function marks it {@code public, max-age=N, immutable}, N a year or the seconds left until
 *       the dataset's end date, whichever is smaller (docs/protocol.md §7.3), so no cached answer
 *       outlives the end date. Cached
 *       by path alone for as long as the origin says, up to {@link #BUCKET_MAX_TTL}: CloudFront answers
 *       nearly every read, and the buckets function sees only misses. Nothing is cached when the
 *       origin says nothing or {@code no-store} (errors, an unknown load);</li>
 *   <li>{@code /v2/*} ({@code /v2/info}, and unknown routes): cached by path alone for as long as the
 *       origin says, at most {@link #INFO_MAX_TTL}, because {@code /v2/info} names the current load of
 *       each dataset and must follow a reload within a minute;</li>
 *   <li>default: the site from S3 through origin access control, HTTP redirected to HTTPS.</li>
 * </ol>
 * The API behaviours refuse plain HTTP instead of redirecting it: by the time a redirect is sent,
 * the request (and a POST body) has already crossed the network in clear. CloudFront's standard
 * logs stay off: they would record client addresses next to bucket paths.
 *
 * <p>IPv4 only: with IPv6 on, the WAF's per-IP rule would count each of the 2^64 addresses of one
 * subscriber's /64 as a client of its own, and WAF cannot aggregate by prefix. {@code /v2/evaluate}
 * forwards {@code CloudFront-Viewer-Address}, set by CloudFront (a viewer's own header of that name
 * is replaced), so that the evaluate function's daily cap counts the viewer, not CloudFront; its
 * origin-request function ({@link EdgeTokenFunction}) adds the edge token, without which evaluate
 * trusts no such header.
 */
public final class Website extends Construct {
    /** Path patterns of the API behaviours, in the order CloudFront evaluates them. */
    public static final String EVALUATE_PATH = "/v2/evaluate";
    public static final String BUCKETS_PATH = "/v2/buckets/*";
    public static final String API_PATH = "/v2/*";
    /** The header with the viewer's address and port that CloudFront adds for the evaluate function. */
    public static final String VIEWER_ADDRESS_HEADER = "CloudFront-Viewer-Address";
    /** Longest a bucket answer stays at the edge: the origin's immutable max-age, one year. */
    public static final Duration BUCKET_MAX_TTL = Duration.days(365);
    /** Longest /v2/info stays at the edge, whatever the origin says (docs/protocol.md §7.4). */
    public static final Duration INFO_MAX_TTL = Duration.seconds(60);

    /** Cache-Control of the site's files. */
    public static final List<CacheControl> SITE_CACHE_CONTROL = List.of(CacheControl.setPublic(),
            CacheControl.maxAge(Duration.seconds(0)), CacheControl.mustRevalidate(), CacheControl.sMaxAge(Duration.days(365)));

    private final Bucket bucket;
    private final Distribution distribution;
    private final ResponseHeadersPolicy headers;
    private final CachePolicy bucketCache;
    private final CachePolicy infoCache;

    public Website(Construct scope, String id, DeploymentConfig config, AssetPaths assets,
                   SecurityHeaders securityHeaders, PublicApi api, String webAclArn,
                   software.amazon.awscdk.services.lambda.IVersion evaluateOriginRequest) {
        super(scope, id);
        this.bucket = Bucket.Builder.create(this, "SiteBucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(false)
                // The content is rebuilt from website/ at every deploy: nothing to keep.
                .removalPolicy(RemovalPolicy.DESTROY)
                .autoDeleteObjects(true)
                .build();

        this.headers = headersPolicy(config, securityHeaders);

        this.bucketCache = pathOnlyCache("BucketCache",
                "leakcheck: /v2/buckets, immutable answers: keyed by path only, TTL from the origin up to a year",
                BUCKET_MAX_TTL);
        this.infoCache = pathOnlyCache("InfoCache",
                "leakcheck: /v2/info, keyed by path only, TTL from the origin up to 60 s", INFO_MAX_TTL);
        OriginRequestPolicy evaluateForward = OriginRequestPolicy.Builder.create(this, "EvaluateForward")
                .comment("leakcheck: /v2/evaluate gets its content type, origin and the viewer's address (for the "
                        + "daily cap), no cookie, no query string")
                .headerBehavior(OriginRequestHeaderBehavior.allowList("Content-Type", "Accept", "Origin",
                        VIEWER_ADDRESS_HEADER))
                .queryStringBehavior(OriginRequestQueryStringBehavior.none())
                .cookieBehavior(OriginRequestCookieBehavior.none())
                .build();

        IOrigin siteOrigin = S3BucketOrigin.withOriginAccessControl(bucket);
        IOrigin apiOrigin = new RestApiOrigin(api.api(), RestApiOriginProps.builder()
                .originPath("/" + config.stage())
                // Overwrites any x-api-key a viewer sends: only CloudFront knows the site key.
                .customHeaders(Map.of("x-api-key", api.siteKeyReference()))
                .build());

        Distribution.Builder builder = Distribution.Builder.create(this, "Distribution")
                .comment("leakcheck " + config.stage())
                .defaultRootObject("index.html")
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .enableIpv6(false)
                .priceClass(PriceClass.PRICE_CLASS_100)
                .enableLogging(false)
                .webAclId(webAclArn)
                // Errors from the API must never be served from cache after the cause is gone; a 404 on a
                // bucket may be a load that /v2/info names a moment later (docs/protocol.md §7.5).
                .errorResponses(List.of(
                        noCache(404), noCache(500), noCache(502), noCache(503), noCache(504)))
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(siteOrigin)
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .allowedMethods(AllowedMethods.ALLOW_GET_HEAD)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .responseHeadersPolicy(headers)
                        .compress(true)
                        .build());
        config.domainName().ifPresent(domain -> builder
                .domainNames(List.of(domain))
                .certificate(Certificate.fromCertificateArn(this, "Certificate", config.certificateArn().orElseThrow()))
                // TLS 1.2 or 1.3 with forward-secret AEAD ciphers only. The default *.cloudfront.net
                // certificate cannot be given a policy: CloudFront then accepts TLSv1 (docs/deploy.md).
                .minimumProtocolVersion(SecurityPolicyProtocol.TLS_V1_2_2025));
        this.distribution = builder.build();

        distribution.addBehavior(EVALUATE_PATH, apiOrigin, AddBehaviorOptions.builder()
                .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                .allowedMethods(AllowedMethods.ALLOW_ALL)
                .cachePolicy(CachePolicy.CACHING_DISABLED)
                .originRequestPolicy(evaluateForward)
                // Adds the edge token, which lets evaluate trust the viewer's address (EdgeTokenSecret).
                .edgeLambdas(List.of(software.amazon.awscdk.services.cloudfront.EdgeLambda.builder()
                        .eventType(software.amazon.awscdk.services.cloudfront.LambdaEdgeEventType.ORIGIN_REQUEST)
                        .functionVersion(evaluateOriginRequest)
                        .includeBody(false)
                        .build()))
                .responseHeadersPolicy(headers)
                .compress(false)
                .build());
        distribution.addBehavior(BUCKETS_PATH, apiOrigin, readBehavior(bucketCache));
        distribution.addBehavior(API_PATH, apiOrigin, readBehavior(infoCache));

        BucketDeployment.Builder.create(this, "DeploySite")
                .sources(List.of(Source.asset(assets.siteContent().toString())))
                .destinationBucket(bucket)
                // The file names are fixed (app.js) and app.js pins the key: browsers revalidate at every
                // visit (a 304 from the edge), so a rebuilt site (a key rotation) is never run stale.
                // CloudFront keeps the files until the next deployment, which invalidates them.
                .cacheControl(SITE_CACHE_CONTROL)
                .distribution(distribution)
                .distributionPaths(assets.siteInvalidationPaths())
                .prune(true)
                .memoryLimit(256)
                .build();
    }

    /** Cache key: the path alone (no header, cookie or query string); the origin's Cache-Control decides. */
    private CachePolicy pathOnlyCache(String id, String comment, Duration maxTtl) {
        return CachePolicy.Builder.create(this, id)
                .comment(comment)
                .minTtl(Duration.seconds(0))
                .defaultTtl(Duration.seconds(0))
                .maxTtl(maxTtl)
                .headerBehavior(CacheHeaderBehavior.none())
                .queryStringBehavior(CacheQueryStringBehavior.none())
                .cookieBehavior(CacheCookieBehavior.none())
                .enableAcceptEncodingGzip(true)
                .enableAcceptEncodingBrotli(true)
                .build();
    }

    private AddBehaviorOptions readBehavior(CachePolicy cache) {
        return AddBehaviorOptions.builder()
                .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                .allowedMethods(AllowedMethods.ALLOW_GET_HEAD)
                .cachedMethods(CachedMethods.CACHE_GET_HEAD)
                .cachePolicy(cache)
                .responseHeadersPolicy(headers)
                .compress(true)
                .build();
    }

    private ResponseHeadersPolicy headersPolicy(DeploymentConfig config, SecurityHeaders h) {
        List<ResponseCustomHeader> custom = h.customHeaders().entrySet().stream()
                .map(e -> ResponseCustomHeader.builder().header(e.getKey()).value(e.getValue()).override(true).build())
                .toList();
        ResponseHeadersPolicy.Builder policy = ResponseHeadersPolicy.Builder.create(this, "SecurityHeaders")
                .comment("leakcheck " + config.stage() + ": the site's security headers on every response")
                .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
                        .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder()
                                .contentSecurityPolicy(h.contentSecurityPolicy()).override(true).build())
                        .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder()
                                .accessControlMaxAge(Duration.seconds(h.hstsMaxAgeSeconds()))
                                .includeSubdomains(config.hstsIncludeSubdomains() || h.hstsIncludeSubdomains())
                                .preload(h.hstsPreload())
                                .override(true)
                                .build())
                        .contentTypeOptions(ResponseHeadersContentTypeOptions.builder().override(true).build())
                        .frameOptions(ResponseHeadersFrameOptions.builder()
                                .frameOption(HeadersFrameOption.valueOf(h.frameOption())).override(true).build())
                        .referrerPolicy(ResponseHeadersReferrerPolicy.builder()
                                .referrerPolicy(HeadersReferrerPolicy.valueOf(h.referrerPolicyConstant()))
                                .override(true).build())
                        .build());
        if (!custom.isEmpty()) {
            policy.customHeadersBehavior(ResponseCustomHeadersBehavior.builder().customHeaders(custom).build());
        }
        return policy.build();
    }

    private static ErrorResponse noCache(int status) {
        return ErrorResponse.builder().httpStatus(status).ttl(Duration.seconds(0)).build();
    }

    public Bucket bucket() {
        return bucket;
    }

    public Distribution distribution() {
        return distribution;
    }

    public ResponseHeadersPolicy headersPolicy() {
        return headers;
    }

    public CachePolicy bucketCache() {
        return bucketCache;
    }

    public CachePolicy infoCache() {
        return infoCache;
    }

    /** The public address of the site: the custom domain when there is one. */
    public String siteUrl(DeploymentConfig config) {
        return "https://" + config.domainName().orElse(distribution.getDistributionDomainName()) + "/";
    }
}
