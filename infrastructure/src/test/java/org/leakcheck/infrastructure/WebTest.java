package org.leakcheck.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.assertions.Match;

/** The site bucket, CloudFront and the security headers (issue "Web"). Default and custom apps, offline. */
class WebTest {
    /** The managed CachingDisabled policy of CloudFront. */
    private static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";

    private final TestApps.Synthesized app = TestApps.defaults();

    @SuppressWarnings("unchecked")
    private Map<String, Object> distributionConfig(TestApps.Synthesized synthesized) {
        Map<String, Object> distribution = TemplateJson.ofType(synthesized.mainJson(), "AWS::CloudFront::Distribution")
                .values().iterator().next();
        return (Map<String, Object>) TemplateJson.properties(distribution).get("DistributionConfig");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> behaviors() {
        return (List<Map<String, Object>>) distributionConfig(app).get("CacheBehaviors");
    }

    @Test
    void keepsTheSiteBucketPrivateAndTlsOnly() {
        app.main().hasResourceProperties("AWS::S3::Bucket", Map.of(
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true)));
        app.main().hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    }

    @Test
    void readsTheBucketOnlyThroughOriginAccessControl() {
        app.main().hasResourceProperties("AWS::CloudFront::OriginAccessControl", Map.of(
                "OriginAccessControlConfig", Match.objectLike(Map.of(
                        "OriginAccessControlOriginType", "s3", "SigningBehavior", "always",
                        "SigningProtocol", "sigv4"))));
        String distributionId = app.id(app.stacks().main().website().distribution());
        app.main().hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Allow",
                        "Action", "s3:GetObject",
                        "Principal", Map.of("Service", "cloudfront.amazonaws.com"),
                        "Condition", Map.of("StringEquals", Map.of("AWS:SourceArn", Match.objectLike(Map.of(
                                "Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of(
                                        Map.of("Ref", distributionId))))))))))))))));
        app.main().resourceCountIs("AWS::CloudFront::CloudFrontOriginAccessIdentity", 0);
    }

    @Test
    void deploysTheBuiltSiteAndInvalidatesItsFilesButNotTheCachedBuckets() {
        String bucketId = app.id(app.stacks().main().website().bucket());
        app.main().hasResourceProperties("Custom::CDKBucketDeployment", Map.of(
                "DestinationBucketName", Map.of("Ref", bucketId),
                "Prune", true));
        // The custom app's site is index.html and app.js.
        TestApps.custom().main().hasResourceProperties("Custom::CDKBucketDeployment", Map.of(
                "DistributionPaths", List.of("/", "/app.js", "/index.html")));
        app.main().hasResourceProperties("Custom::CDKBucketDeployment", Map.of(
                "DistributionPaths", Match.not(Match.arrayWith(List.of("/*")))));
    }

    @Test
    void letsBrowsersRevalidateTheSiteAtEveryVisitSoARebuiltSiteIsNeverRunStale() {
        // app.js pins the public key under a fixed name: after a key rotation, a browser must not keep
        // running the old one. The edge keeps the files until the next deployment invalidates them.
        app.main().hasResourceProperties("Custom::CDKBucketDeployment", Map.of(
                "SystemMetadata", Map.of("cache-control", "public, max-age=0, must-revalidate, s-maxage=31536000")));
    }

    @Test
    void putsTheEvaluateBehaviourFirstAndNeverCachesIt() {
        Map<String, Object> evaluate = behaviors().get(0);
        assertEquals(Website.EVALUATE_PATH, evaluate.get("PathPattern"));
        assertEquals(CACHING_DISABLED, evaluate.get("CachePolicyId"));
        assertTrue(((List<?>) evaluate.get("AllowedMethods")).contains("POST"));
        assertEquals("https-only", evaluate.get("ViewerProtocolPolicy"));
    }

    /** The cache policy of a behaviour, after checking that it is a GET/HEAD, HTTPS-only, path-keyed read. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> readCachePolicy(Map<String, Object> behavior) {
        assertEquals(List.of("GET", "HEAD"), behavior.get("AllowedMethods"));
        assertEquals("https-only", behavior.get("ViewerProtocolPolicy"));
        String policyId = ((Map<String, String>) behavior.get("CachePolicyId")).get("Ref");
        Map<String, Object> config = (Map<String, Object>) TemplateJson.properties(
                TemplateJson.resources(app.mainJson()).get(policyId)).get("CachePolicyConfig");
        assertEquals(0, ((Number) config.get("MinTTL")).intValue(), "origin max-age decides, down to 0 (no-store)");
        assertEquals(0, ((Number) config.get("DefaultTTL")).intValue(), "no Cache-Control from the origin: no caching");
        Map<String, Object> key = (Map<String, Object>) config.get("ParametersInCacheKeyAndForwardedToOrigin");
        assertEquals(Map.of("HeaderBehavior", "none"), key.get("HeadersConfig"));
        assertEquals(Map.of("QueryStringBehavior", "none"), key.get("QueryStringsConfig"));
        assertEquals(Map.of("CookieBehavior", "none"), key.get("CookiesConfig"));
        return config;
    }

    @Test
    void cachesImmutableBucketReadsByPathForAsLongAsTheOriginSaysUpToAYear() {
        Map<String, Object> buckets = behaviors().get(1);
        assertEquals("/v2/buckets/*", buckets.get("PathPattern"));
        Map<String, Object> config = readCachePolicy(buckets);
        assertEquals(31_536_000, ((Number) config.get("MaxTTL")).intValue(),
                "the origin's Cache-Control max-age (a year at most, less near the end date) is honoured in full");
    }

    @Test
    void cachesInfoAndTheOtherVersion2PathsForAtMostAMinute() {
        Map<String, Object> info = behaviors().get(2);
        assertEquals("/v2/*", info.get("PathPattern"));
        Map<String, Object> config = readCachePolicy(info);
        long maxTtl = ((Number) config.get("MaxTTL")).longValue();
        assertTrue(maxTtl > 0 && maxTtl <= 60, "/v2/info names the current loads: short-lived");
        assertEquals(3, behaviors().size());
    }

    @Test
    void routesOnlyVersion2PathsToTheApi() {
        List<String> patterns = behaviors().stream().map(b -> (String) b.get("PathPattern")).toList();
        assertEquals(List.of("/v2/evaluate", "/v2/buckets/*", "/v2/*"), patterns);
        assertFalse(patterns.stream().anyMatch(p -> p.startsWith("/v1")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void neverCachesErrorsIncludingAnUnknownLoad() {
        List<Map<String, Object>> errors = (List<Map<String, Object>>) distributionConfig(app).get("CustomErrorResponses");
        for (int status : List.of(404, 500, 502, 503, 504)) {
            Map<String, Object> error = errors.stream()
                    .filter(e -> ((Number) e.get("ErrorCode")).intValue() == status).findFirst().orElseThrow();
            assertEquals(0, ((Number) error.get("ErrorCachingMinTTL")).intValue(), "status " + status);
            assertFalse(error.containsKey("ResponsePagePath"), "the API's own error body is passed on");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void sendsApiRequestsWithTheSiteKeyOverHttpsToTheStage() {
        Map<String, Object> apiOrigin = ((List<Map<String, Object>>) distributionConfig(app).get("Origins")).stream()
                .filter(o -> o.containsKey("CustomOriginConfig")).findFirst().orElseThrow();
        assertEquals("/prod", apiOrigin.get("OriginPath"));
        assertEquals("https-only", ((Map<String, Object>) apiOrigin.get("CustomOriginConfig")).get("OriginProtocolPolicy"));
        Map<String, Object> header = ((List<Map<String, Object>>) apiOrigin.get("OriginCustomHeaders")).get(0);
        assertEquals("x-api-key", header.get("HeaderName"));
        String siteKeyId = app.id(app.stacks().main().api().getNode().findChild("SiteKey"));
        assertTrue(TemplateJson.resolvesSecret(header.get("HeaderValue"), siteKeyId));
    }

    @Test
    @SuppressWarnings("unchecked")
    void redirectsTheSiteToHttpsAndLogsNoViewerRequests() {
        Map<String, Object> config = distributionConfig(app);
        assertEquals("redirect-to-https", ((Map<String, Object>) config.get("DefaultCacheBehavior"))
                .get("ViewerProtocolPolicy"));
        assertFalse(config.containsKey("Logging"), "standard logs would keep client addresses with bucket numbers");
        assertEquals("index.html", config.get("DefaultRootObject"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void sendsTheSitesSecurityHeadersOnEveryBehaviour() throws Exception {
        SecurityHeaders expected = SecurityHeaders.load(Path.of(SecurityHeaders.DEFAULT_FILE));
        String policyId = app.id(app.stacks().main().website().headersPolicy());
        Map<String, Object> config = (Map<String, Object>) TemplateJson.properties(
                TemplateJson.resources(app.mainJson()).get(policyId)).get("ResponseHeadersPolicyConfig");
        Map<String, Object> security = (Map<String, Object>) config.get("SecurityHeadersConfig");
        Map<String, Object> csp = (Map<String, Object>) security.get("ContentSecurityPolicy");
        assertEquals(expected.contentSecurityPolicy(), csp.get("ContentSecurityPolicy"));
        assertTrue(((String) csp.get("ContentSecurityPolicy")).contains("frame-ancestors 'none'"));
        assertTrue(((String) csp.get("ContentSecurityPolicy")).startsWith("default-src 'none'"));
        Map<String, Object> hsts = (Map<String, Object>) security.get("StrictTransportSecurity");
        assertTrue(((Number) hsts.get("AccessControlMaxAgeSec")).longValue() >= 31_536_000L);
        assertEquals(true, hsts.get("Override"));
        assertEquals(Map.of("Override", true), security.get("ContentTypeOptions"));
        assertEquals(Map.of("FrameOption", "DENY", "Override", true), security.get("FrameOptions"));
        assertEquals(Map.of("ReferrerPolicy", "no-referrer", "Override", true), security.get("ReferrerPolicy"));
        List<Map<String, Object>> custom = (List<Map<String, Object>>) ((Map<String, Object>)
                config.get("CustomHeadersConfig")).get("Items");
        String permissions = (String) custom.stream().filter(h -> "Permissions-Policy".equals(h.get("Header")))
                .findFirst().orElseThrow().get("Value");
        for (String feature : List.of("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()")) {
            assertTrue(permissions.contains(feature), feature);
        }
        assertEquals(expected.customHeaders().size(), custom.size(), "every other header of the site's list");
        Map<String, Object> distribution = distributionConfig(app);
        assertEquals(Map.of("Ref", policyId),
                ((Map<String, Object>) distribution.get("DefaultCacheBehavior")).get("ResponseHeadersPolicyId"));
        behaviors().forEach(b -> assertEquals(Map.of("Ref", policyId), b.get("ResponseHeadersPolicyId")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void servesIpv4OnlySoThatTheWafCountsAddressesAndNotSlash64s() {
        assertEquals(false, distributionConfig(app).get("IPV6Enabled"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void forwardsTheViewersAddressToEvaluateForTheDailyCap() {
        String policyId = ((Map<String, String>) behaviors().get(0).get("OriginRequestPolicyId")).get("Ref");
        Map<String, Object> config = (Map<String, Object>) TemplateJson.properties(
                TemplateJson.resources(app.mainJson()).get(policyId)).get("OriginRequestPolicyConfig");
        Map<String, Object> headers = (Map<String, Object>) config.get("HeadersConfig");
        assertEquals("whitelist", headers.get("HeaderBehavior"));
        List<String> forwarded = (List<String>) headers.get("Headers");
        assertTrue(forwarded.contains("CloudFront-Viewer-Address"));
        assertFalse(forwarded.stream().anyMatch(h -> h.equalsIgnoreCase("X-Forwarded-For")),
                "the viewer controls its first entry");
    }

    @Test
    @SuppressWarnings("unchecked")
    void sendsHstsWithIncludeSubDomainsUnlessTheOperatorSaysNot() {
        for (var c : List.of(Map.entry(app, true), Map.entry(TestApps.custom(), false))) {
            Map<String, Object> policy = TemplateJson.properties(TemplateJson.ofType(c.getKey().mainJson(),
                    "AWS::CloudFront::ResponseHeadersPolicy").values().iterator().next());
            Map<String, Object> hsts = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                    policy.get("ResponseHeadersPolicyConfig")).get("SecurityHeadersConfig")).get("StrictTransportSecurity");
            assertEquals(c.getValue(), hsts.get("IncludeSubdomains"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void recordsTheHashOfTheUploadedSiteInTheOutputs() throws Exception {
        Map<String, Object> outputs = (Map<String, Object>) TestApps.custom().mainJson().get("Outputs");
        String recorded = (String) ((Map<String, Object>) outputs.get("SiteContentSha256")).get("Value");
        assertTrue(recorded.matches("[0-9a-f]{64}"));
        // What `find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum` prints in the site folder.
        Path site = Path.of((String) TestApps.CUSTOM_CONTEXT.get("siteDir"));
        StringBuilder listing = new StringBuilder();
        for (String file : List.of("app.js", "index.html")) {
            listing.append(hex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(java.nio.file.Files.readAllBytes(site.resolve(file))))).append("  ./").append(file).append('\n');
        }
        assertEquals(hex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(listing.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))), recorded);
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    @Test
    @SuppressWarnings("unchecked")
    void attachesTheEdgeWebAcl() {
        Object webAcl = distributionConfig(app).get("WebACLId");
        assertTrue(webAcl instanceof Map<?, ?>, "the web ACL ARN arrives from the edge stack");
        app.main().resourceCountIs("Custom::CrossRegionExportReader", 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void servesACustomDomainWithItsCertificateOverTls12WithForwardSecretCiphersOnly() {
        Map<String, Object> config = distributionConfig(TestApps.custom());
        assertEquals(List.of("check.example.org"), config.get("Aliases"));
        Map<String, Object> certificate = (Map<String, Object>) config.get("ViewerCertificate");
        assertEquals(TestApps.CUSTOM_CONTEXT.get("certificateArn"), certificate.get("AcmCertificateArn"));
        assertEquals("TLSv1.2_2025", certificate.get("MinimumProtocolVersion"));
        assertEquals("sni-only", certificate.get("SslSupportMethod"));
    }
}
