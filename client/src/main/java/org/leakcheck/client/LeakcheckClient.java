package org.leakcheck.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.lookup.DatasetIds;
import org.leakcheck.protocol.lookup.Entry;
import org.leakcheck.protocol.lookup.Labels;
import org.leakcheck.protocol.lookup.LookupClient;
import org.leakcheck.protocol.lookup.LookupResult;
import org.leakcheck.protocol.oprf.InvalidElementException;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.ScalarSource;

/**
 * A client of the lookup API: the whole protocol of docs/protocol.md, over {@link HttpClient}.
 *
 * <pre>
 * info()            GET /v1/info (once; cached)            -> bucket bits, key id, datasets
 * check(identity)   bucket b, blind M                       (locally)
 *                   POST /v1/evaluate {M}  and  GET /v1/buckets/b, in parallel
 *                   finalize, search, open                 (locally)  -> found / not found + exposed kinds
 * </pre>
 *
 * Thread-safe: one instance may run many checks at once.
 */
public final class LeakcheckClient {

    /** Default time limit of each HTTP request. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final String USER_AGENT = "leakcheck-java-client/1";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final URI api;
    private final HttpClient http;
    private final Duration timeout;
    private final ScalarSource randomness;
    private final AtomicReference<ServiceInfo> info = new AtomicReference<>();

    /**
     * @param api        base URL of the API, without {@code /v1} (e.g. {@code https://check.example.org})
     * @param http       the HTTP client (redirects are not followed: the API never redirects)
     * @param timeout    time limit of each request
     * @param randomness blinding randomness: {@link ScalarSource#secure()} outside tests
     */
    public LeakcheckClient(URI api, HttpClient http, Duration timeout, ScalarSource randomness) {
        String base = api.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (!base.startsWith("https://") && !base.startsWith("http://")) {
            throw new IllegalArgumentException("api: must be an http:// or https:// URL");
        }
        this.api = URI.create(base);
        this.http = http;
        this.timeout = timeout;
        this.randomness = randomness;
    }

    /** A client with a fresh {@link HttpClient}, the default timeout and secure randomness. */
    public static LeakcheckClient create(URI api) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(DEFAULT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                // Plain http is only for a local server: no HTTP/2 upgrade dance there.
                .version(api.getScheme().equals("https") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .build();
        return new LeakcheckClient(api, http, DEFAULT_TIMEOUT, ScalarSource.secure());
    }

    /** The API's base URL. */
    public URI api() {
        return api;
    }

    /**
     * {@code GET /v1/info}, fetched once and then cached (a failure is not cached).
     *
     * @throws ResponseException when the service runs another protocol version or suite
     */
    public ServiceInfo info() {
        ServiceInfo cached = info.get();
        if (cached != null) {
            return cached;
        }
        ServiceInfo fetched = parseInfo(join(send(get("/v1/info"))));
        info.set(fetched);
        return fetched;
    }

    /**
     * Checks whether {@code identity} is in any dataset the service serves.
     *
     * @throws ApiProblemException  when the API refuses the request
     * @throws RateLimitedException on HTTP 429
     * @throws NetworkException     when the API cannot be reached
     * @throws ResponseException    when an answer breaks the protocol
     */
    public CheckResult check(Identity identity) {
        ServiceInfo service = info();
        LookupClient lookup = new LookupClient(service.bucketBits(), randomness);
        LookupClient.PreparedLookup prepared = lookup.prepare(identity);
        String body = "{\"blindedElement\":\"" + StrictBase64Url.encode(prepared.blindedElement()) + "\"}";
        HttpRequest evaluate = HttpRequest.newBuilder(api.resolve("/v1/evaluate"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        // Both requests leave at once: the evaluation does not depend on the bucket, nor the reverse.
        CompletableFuture<JsonNode> evaluated = send(evaluate);
        CompletableFuture<JsonNode> bucket = send(get("/v1/buckets/" + prepared.bucket()));
        JsonNode evaluation = join(evaluated);
        JsonNode bucketBody = join(bucket);

        byte[] element = StrictBase64Url.decode(text(evaluation, "evaluatedElement"), "evaluatedElement");
        String keyId = text(evaluation, "keyId");
        if (service.keyId().isPresent() && !service.keyId().get().equals(keyId)) {
            // The key was rotated since /v1/info was read: the table may not be reloaded yet.
            info.set(null);
            throw new ResponseException("the service's key changed during the check; try again");
        }
        List<LookupClient.DatasetEntries> datasets = parseBucket(bucketBody, prepared.bucket());
        LookupResult result;
        try {
            result = lookup.complete(prepared, element, datasets);
        } catch (InvalidElementException e) {
            throw new ResponseException("evaluatedElement is not a valid P-256 element [" + e.rule() + "]");
        }
        List<CheckResult.Exposure> exposures = new ArrayList<>();
        for (LookupResult.Match match : result.matches()) {
            DatasetInfo dataset = service.dataset(match.datasetId())
                    .orElse(new DatasetInfo(match.datasetId(), "", "", 0, Instant.EPOCH));
            exposures.add(new CheckResult.Exposure(dataset, match.details().kinds()));
        }
        return new CheckResult(exposures, service.datasets());
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(api.resolve(path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .GET()
                .build();
    }

    private CompletableFuture<JsonNode> send(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(LeakcheckClient::body);
    }

    private static JsonNode join(CompletableFuture<JsonNode> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LeakcheckException leakcheck) {
                throw leakcheck;
            }
            if (cause instanceof IOException) {
                throw new NetworkException("cannot reach the API: " + cause.getClass().getSimpleName(), cause);
            }
            throw new LeakcheckException("request failed: " + cause.getClass().getSimpleName(), cause);
        }
    }

    private static JsonNode body(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 429) {
            throw new RateLimitedException(retryAfter(response));
        }
        if (status != 200) {
            throw problem(response);
        }
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new ResponseException("the API's answer is not JSON");
        }
    }

    private static ApiProblemException problem(HttpResponse<String> response) {
        JsonNode problem = null;
        try {
            problem = JSON.readTree(response.body());
        } catch (JsonProcessingException | RuntimeException notJson) {
            // An HTML error page from a proxy: report the status alone.
        }
        if (problem == null || !problem.isObject()) {
            return new ApiProblemException(response.statusCode(), null, null, null, null, null);
        }
        return new ApiProblemException(response.statusCode(), optionalText(problem, "type"),
                optionalText(problem, "title"), optionalText(problem, "detail"),
                optionalText(problem, "field"), optionalText(problem, "rule"));
    }

    private static Optional<Duration> retryAfter(HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    static ServiceInfo parseInfo(JsonNode info) {
        if (!info.path("protocolVersion").isInt() || info.get("protocolVersion").intValue() != Labels.PROTOCOL_VERSION
                || !Oprf.SUITE.equals(info.path("suite").asText(null))) {
            throw new ResponseException("the service runs another protocol version or suite than "
                    + "version " + Labels.PROTOCOL_VERSION + ", " + Oprf.SUITE);
        }
        JsonNode bits = info.path("bucketBits");
        if (!bits.isInt() || bits.intValue() < 1 || bits.intValue() > 24) {
            throw new ResponseException("/v1/info: bucketBits must be an integer from 1 to 24");
        }
        Optional<String> keyId = info.path("keyId").isTextual() ? Optional.of(info.get("keyId").textValue()) : Optional.empty();
        List<DatasetInfo> datasets = new ArrayList<>();
        for (JsonNode d : array(info, "datasets")) {
            String id = text(d, "id");
            if (!DatasetIds.isValid(id)) {
                throw new ResponseException("/v1/info: a dataset id is not valid");
            }
            Instant loadedAt;
            try {
                loadedAt = Instant.parse(d.path("loadedAt").asText(""));
            } catch (DateTimeParseException e) {
                throw new ResponseException("/v1/info: loadedAt must be an ISO-8601 instant");
            }
            datasets.add(new DatasetInfo(id, d.path("title").asText(""), d.path("description").asText(""),
                    d.path("patients").asLong(0), loadedAt));
        }
        return new ServiceInfo(Labels.PROTOCOL_VERSION, Oprf.SUITE, bits.intValue(), keyId, datasets);
    }

    static List<LookupClient.DatasetEntries> parseBucket(JsonNode body, int bucket) {
        if (!body.path("bucket").isInt() || body.get("bucket").intValue() != bucket) {
            throw new ResponseException("the bucket response is for another bucket");
        }
        if (!body.path("entrySize").isInt() || body.get("entrySize").intValue() != Entry.SIZE) {
            throw new ResponseException("the bucket response's entrySize is not " + Entry.SIZE);
        }
        List<LookupClient.DatasetEntries> datasets = new ArrayList<>();
        for (JsonNode d : array(body, "datasets")) {
            String id = text(d, "id");
            if (!DatasetIds.isValid(id)) {
                throw new ResponseException("the bucket response has an invalid dataset id");
            }
            byte[] entries = StrictBase64Url.decode(text(d, "entries"), "entries");
            if (entries.length % Entry.SIZE != 0) {
                throw new ResponseException("the entries of a dataset are not a multiple of " + Entry.SIZE + " bytes");
            }
            datasets.add(new LookupClient.DatasetEntries(id, entries));
        }
        return datasets;
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isArray()) {
            throw new ResponseException("the answer has no " + field + " array");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new ResponseException("the answer has no " + field + " string");
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.textValue() : null;
    }
}
