package org.leakcheck.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.leakcheck.protocol.encoding.Base64Url;
import org.leakcheck.protocol.identity.Factor;
import org.leakcheck.protocol.identity.FactorIdentity;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.IdentityKind;
import org.leakcheck.protocol.identity.InvalidIdentityException;
import org.leakcheck.protocol.keys.PinnedKey;
import org.leakcheck.protocol.lookup.BucketBits;
import org.leakcheck.protocol.lookup.BucketItem;
import org.leakcheck.protocol.lookup.DatasetIds;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.lookup.DisclosurePolicy;
import org.leakcheck.protocol.lookup.Entry;
import org.leakcheck.protocol.lookup.ExposureKind;
import org.leakcheck.protocol.lookup.Labels;
import org.leakcheck.protocol.lookup.LookupClient;
import org.leakcheck.protocol.lookup.LookupException;
import org.leakcheck.protocol.lookup.LookupResult;
import org.leakcheck.protocol.lookup.Verdicts;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.ScalarSource;

/**
 * A client of the lookup API, protocol version 2: the whole submission of docs/protocol.md §7.1
 * over {@link HttpClient}, with the service's public key pinned (§4.3).
 *
 * <pre>
 * info()               GET /v2/info (once; cached)        version, suite, mode; publicKey and keyId
 *                                                          must be the pinned key's, else nothing is sent
 * check(identities,    Q blinded elements: the identities, each once more bound to the factor when one
 *       factor)        is typed and a served dataset uses one, then random dummies, in random order
 *                      POST /v2/evaluate {M_1..M_Q}        one request
 *                      verify the proof against the pinned key, finalize all Q      (locally)
 *                      GET /v2/buckets/{D}/{L_D}/{b}       Q reads per served dataset, in parallel
 *                      search, open, combine               (locally)  -> per identity, per dataset:
 *                                                          kinds, factor needed or factor wrong
 * </pre>
 *
 * Q is the page's {@code batch.page} (4: a NIR and a name with birth date, each alone and bound
 * to the factor) for up to that many elements, so an API caller's submission looks exactly like
 * the page's; more, up to {@code batch.limit} (with a registered caller's API key), are padded to {@code batch.limit}. Datasets listed
 * as ended are reported, never searched. A bucket read answered {@code 404 load.unknown} (the
 * dataset was reloaded, or has just ended, after {@code /v2/info} was read) makes the client read
 * {@code /v2/info} again and redo the whole submission once, with fresh blinds (§7.5).
 *
 * <p>Thread-safe: one instance may run many checks at once.
 */
public final class LeakcheckClient {

    /** Default time limit of each HTTP request. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final String USER_AGENT = "leakcheck-java-client/2";
    private static final String MODE = Oprf.VERIFIABLE.mode().name();
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final URI api;
    private final PinnedKey pinned;
    private final HttpClient http;
    private final Duration timeout;
    private final ScalarSource blinds;
    private final SecureRandom random;
    private final String apiKey;
    private final URI bucketsApi;
    private final AtomicReference<ServiceInfo> info = new AtomicReference<>();

    private LeakcheckClient(Builder builder) {
        this.api = base(builder.api, "api");
        this.bucketsApi = builder.bucketsApi == null ? null : base(builder.bucketsApi, "bucketsApi");
        this.pinned = Objects.requireNonNull(builder.pinnedKey,
                "pinnedKey: the client pins the service's public key (the key.pub.json of the deployment); there is no default");
        this.http = builder.http != null ? builder.http : HttpClient.newBuilder()
                .connectTimeout(builder.timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                // Plain http is only for a local server: no HTTP/2 upgrade dance there.
                .version(api.getScheme().equals("https") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .build();
        this.timeout = builder.timeout;
        this.blinds = builder.blinds;
        this.random = builder.random;
        this.apiKey = builder.apiKey;
    }

    /** A builder for a client of the API at {@code api} (its base URL, without {@code /v2}). */
    public static Builder builder(URI api) {
        return new Builder(api);
    }

    /** Configuration of a {@link LeakcheckClient}; only the pinned key is required. */
    public static final class Builder {
        private final URI api;
        private PinnedKey pinnedKey;
        private HttpClient http;
        private Duration timeout = DEFAULT_TIMEOUT;
        private ScalarSource blinds = ScalarSource.secure();
        private SecureRandom random = new SecureRandom();
        private String apiKey;
        private URI bucketsApi;

        private Builder(URI api) {
            this.api = Objects.requireNonNull(api, "api");
        }

        /** The public key the service must use (its public-key file, {@link PinnedKey#parse}). Required. */
        public Builder pinnedKey(PinnedKey key) {
            this.pinnedKey = Objects.requireNonNull(key, "pinnedKey");
            return this;
        }

        /** The HTTP client (default: a new one; redirects must not be followed, the API never redirects). */
        public Builder httpClient(HttpClient client) {
            this.http = Objects.requireNonNull(client, "httpClient");
            return this;
        }

        /** Time limit of each request (default {@link #DEFAULT_TIMEOUT}). */
        public Builder timeout(Duration limit) {
            this.timeout = Objects.requireNonNull(limit, "timeout");
            return this;
        }

        /**
         * A registered caller's API key, sent as {@code x-api-key} on every request: for calls to the
         * API Gateway URL itself (docs/deploy.md). Not needed through the site's URL.
         */
        public Builder apiKey(String key) {
            if (key == null || key.isBlank() || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException("apiKey: must be printable ASCII without spaces");
            }
            this.apiKey = key;
            return this;
        }

        /**
         * Another base URL for the bucket reads only, sent without the API key: the site's URL, whose
         * CDN caches the immutable bucket answers, when the API key is for the API Gateway URL
         * (docs/batch.md: bucket reads through the gateway count against the key's quota).
         */
        public Builder bucketsApi(URI base) {
            this.bucketsApi = Objects.requireNonNull(base, "bucketsApi");
            return this;
        }

        /** Blinding and dummy randomness. Tests only: the defaults are secure. */
        public Builder randomness(ScalarSource blindSource, SecureRandom dummies) {
            this.blinds = Objects.requireNonNull(blindSource, "blinds");
            this.random = Objects.requireNonNull(dummies, "random");
            return this;
        }

        /** @throws NullPointerException when no pinned key was given */
        public LeakcheckClient build() {
            return new LeakcheckClient(this);
        }
    }

    /** The API's base URL. */
    public URI api() {
        return api;
    }

    /** The key this client trusts. */
    public PinnedKey pinnedKey() {
        return pinned;
    }

    /**
     * {@code GET /v2/info}, checked, fetched once and then cached (a failure is not cached).
     *
     * @throws KeyMismatchException when the service announces another key
     * @throws ResponseException    when the service runs another protocol version, suite or mode
     */
    public ServiceInfo info() {
        ServiceInfo cached = info.get();
        if (cached != null) {
            return cached;
        }
        ServiceInfo fetched = parseInfo(join(send(get("/v2/info"))), pinned);
        info.set(fetched);
        return fetched;
    }

    /** Checks one identity without a factor; see {@link #check(List, Optional)}. */
    public CheckResult check(Identity identity) {
        return check(List.of(identity)).get(0);
    }

    /** Checks {@code identities} without a factor; see {@link #check(List, Optional)}. */
    public List<CheckResult> check(List<Identity> identities) {
        return check(identities, Optional.empty());
    }

    /**
     * Checks {@code identities} (for example a NIR and a name with birth date) in one submission,
     * each also bound to {@code factor} when one is given and a served dataset uses one.
     *
     * @param identities plain identities ({@code nir}, {@code name-dob}), not factor-bound ones
     * @param factor     the factor as typed, canonicalized here ({@link Factor#canonical}); empty
     *                   for none
     * @return one verdict per identity, in the order given
     * @throws InvalidIdentityException when the factor breaks a rule (field {@code factor}; never its value)
     * @throws IllegalArgumentException when there is no identity, a factor-bound one, or more
     *                                  elements than {@code batch.limit}
     * @throws KeyMismatchException     when the service's key or proof is not the pinned key's
     * @throws ApiProblemException      when the API refuses a request
     * @throws RateLimitedException     on HTTP 429
     * @throws NetworkException         when the API cannot be reached
     * @throws ResponseException        when an answer breaks the protocol
     */
    public List<CheckResult> check(List<Identity> identities, Optional<String> factor) {
        List<Identity> asked = List.copyOf(identities);
        if (asked.stream().anyMatch(i -> i.kind().factorBound())) {
            throw new IllegalArgumentException("identities: give plain identities; the factor is bound here");
        }
        Optional<String> canonical = factor.map(Factor::canonical);
        try {
            return submit(info(), asked, canonical);
        } catch (LoadReplaced replaced) {
            // §7.5: the dataset was reloaded (or ended) since /v2/info was read; once, from the start.
            info.set(null);
        }
        try {
            return submit(info(), asked, canonical);
        } catch (LoadReplaced replacedAgain) {
            throw new ResponseException("a dataset was replaced twice during one check; try again later");
        }
    }

    private List<CheckResult> submit(ServiceInfo service, List<Identity> identities, Optional<String> factor) {
        // §7.1: the factor-bound forms only when a served dataset can hold one; otherwise their
        // slots are dummies, like every slot the visitor left empty.
        boolean bind = factor.isPresent() && service.usesFactor();
        List<Identity> asked = new ArrayList<>(identities);
        if (bind) {
            identities.forEach(identity -> asked.add(FactorIdentity.bind(identity, factor.get())));
        }
        // batch.limit is a registered caller's (docs/protocol.md §7.4): without an API key, batch.page.
        int limit = apiKey != null ? service.batchLimit() : service.batchPage();
        if (identities.isEmpty() || asked.size() > limit) {
            throw new IllegalArgumentException("a check holds 1 to " + limit + " elements"
                    + " (each identity counts twice with a factor)");
        }
        int q = asked.size() <= service.batchPage() ? service.batchPage() : limit;
        LookupClient lookup = new LookupClient(pinned, blinds, random);
        LookupClient.Submission submission = lookup.prepare(asked, q);

        // §7.2: one evaluation of exactly Q elements.
        ObjectNode request = JSON.createObjectNode();
        ArrayNode elements = request.putArray("blindedElements");
        submission.blindedElements().forEach(e -> elements.add(Base64Url.encode(e)));
        JsonNode evaluation = join(send(post("/v2/evaluate", request.toString())));
        LookupClient.Evaluated evaluated = verify(lookup, submission, evaluation, q);

        // §5, §7.3: Q buckets per dataset, dummies' included, all in parallel.
        List<DatasetInfo> datasets = service.datasets();
        List<List<CompletableFuture<JsonNode>>> reads = new ArrayList<>();
        List<int[]> buckets = new ArrayList<>();
        for (DatasetInfo dataset : datasets) {
            int[] slots = evaluated.buckets(dataset.datasetLoad());
            buckets.add(slots);
            List<CompletableFuture<JsonNode>> perDataset = new ArrayList<>();
            for (int bucket : slots) {
                perDataset.add(send(bucketRequest("/v2/buckets/" + dataset.id() + "/" + dataset.load() + "/" + bucket)
                        .GET().build()));
            }
            reads.add(perDataset);
        }
        List<LookupClient.DatasetItems> items = new ArrayList<>();
        LeakcheckException failure = null;
        boolean replaced = false;
        for (int d = 0; d < datasets.size(); d++) {
            List<byte[]> slotItems = new ArrayList<>();
            for (int s = 0; s < q; s++) {
                try {
                    slotItems.add(parseBucket(join(reads.get(d).get(s)), datasets.get(d), buckets.get(d)[s]));
                } catch (ApiProblemException e) {
                    replaced |= e.status() == 404 && "load.unknown".equals(e.rule());
                    failure = failure == null ? e : failure;
                } catch (LeakcheckException e) {
                    failure = failure == null ? e : failure;
                }
            }
            items.add(new LookupClient.DatasetItems(datasets.get(d).datasetLoad(), datasets.get(d).paddedSize(), slotItems));
        }
        if (replaced) {
            throw new LoadReplaced();
        }
        if (failure != null) {
            throw failure;
        }

        // §6.1, §7.5: search the identities' buckets; one verdict per identity.
        List<LookupResult> results;
        try {
            results = evaluated.results(items);
        } catch (LookupException e) {
            throw fromLookup(e);
        }
        int n = identities.size();
        List<CheckResult> verdicts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // A typed factor makes a membership-only match "factor wrong", also when it was not
            // sent because no served dataset uses one (then no match is membership-only anyway).
            LookupResult bound = bind ? results.get(n + i) : factor.isPresent() ? new LookupResult(List.of()) : null;
            verdicts.add(verdict(service, identities.get(i).kind(), results.get(i), bound, factor.isPresent()));
        }
        return verdicts;
    }

    /** The verdict of one typed identity (§7.5): its lookup alone and bound to the factor (null: no factor typed). */
    static CheckResult verdict(ServiceInfo service, IdentityKind kind, LookupResult plain, LookupResult bound,
                               boolean factorGiven) {
        List<CheckResult.Exposure> exposures = new ArrayList<>();
        for (Verdicts.Match match : Verdicts.combine(plain, bound)) {
            DatasetInfo dataset = service.dataset(match.datasetId()).orElseThrow();
            exposures.add(new CheckResult.Exposure(dataset, match.access(), match.kinds()));
        }
        return new CheckResult(kind, exposures, service.datasets(), service.ended(), factorGiven);
    }

    /**
     * Checks many persons, streaming: {@code persons} is read lazily, on the caller's thread, as
     * the returned run is iterated; one {@link BatchResult} per person comes out, in input order.
     * Persons are packed {@code batch.limit / batch.page} to an evaluation (64 with a registered
     * caller's key, whose {@code batch.limit} is 256), at most {@link BatchOptions#concurrency()}
     * requests in flight, every proof verified against the pinned key, every bucket read at most
     * once per run. See {@link BatchRun} and docs/batch.md.
     *
     * @throws KeyMismatchException when /v2/info announces another key (nothing else is sent)
     * @throws LeakcheckException   when /v2/info cannot be read after every retry
     */
    public BatchRun checkAll(Iterator<BatchPerson> persons, BatchOptions options) {
        return new BatchRun(this, Objects.requireNonNull(persons, "persons"), Objects.requireNonNull(options, "options"),
                Clock.systemUTC());
    }

    HttpClient http() {
        return http;
    }

    boolean hasApiKey() {
        return apiKey != null;
    }

    LookupClient lookupClient() {
        return new LookupClient(pinned, blinds, random);
    }

    /** §4.3, §7.5: an evaluation under another key, of another size or with a failing proof is the key error. */
    LookupClient.Evaluated verify(LookupClient lookup, LookupClient.Submission submission, JsonNode evaluation,
                                          int q) {
        if (!evaluation.path("keyId").isTextual() || !pinned.keyId().equals(evaluation.get("keyId").textValue())) {
            throw new KeyMismatchException();
        }
        JsonNode answered = evaluation.path("evaluatedElements");
        if (!answered.isArray() || answered.size() != q) {
            throw new KeyMismatchException();
        }
        byte[] proof;
        try {
            proof = Base64Url.decode(text(evaluation, "proof"));
        } catch (Base64Url.InvalidException | ResponseException e) {
            throw new KeyMismatchException(e);
        }
        List<byte[]> evaluatedElements = new ArrayList<>(q);
        for (JsonNode element : answered) {
            if (!element.isTextual()) {
                throw new ResponseException("an evaluated element is not a string");
            }
            evaluatedElements.add(decode(element.textValue(), "an evaluated element"));
        }
        try {
            return lookup.finalize(submission, evaluatedElements, proof, evaluation.get("keyId").textValue());
        } catch (LookupException e) {
            throw fromLookup(e);
        }
    }

    static LeakcheckException fromLookup(LookupException e) {
        return switch (e.rule()) {
            case KEY_MISMATCH -> new KeyMismatchException(e);
            case BUCKET_CORRUPT, BUCKET_LENGTH, ANSWER_SHAPE -> new ResponseException(e.rule().sentence(), e);
        };
    }

    private HttpRequest get(String path) {
        return request(path).GET().build();
    }

    HttpRequest post(String path, String json) {
        return request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    /** A bucket read: to {@link Builder#bucketsApi} without the API key when one is set, else as any request. */
    HttpRequest.Builder bucketRequest(String path) {
        if (bucketsApi == null) {
            return request(path);
        }
        return HttpRequest.newBuilder(URI.create(bucketsApi + path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
    }

    /** The base URL without trailing slashes: paths are appended to it, so a stage prefix (/prod) stays. */
    private static URI base(URI uri, String field) {
        String base = uri.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (!base.startsWith("https://") && !base.startsWith("http://")) {
            throw new IllegalArgumentException(field + ": must be an http:// or https:// URL");
        }
        return URI.create(base);
    }

    HttpRequest.Builder request(String path) {
        // Appended, not resolved: URI.resolve("/v2/...") would drop an API Gateway stage (/prod).
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
        if (apiKey != null) {
            request.header("x-api-key", apiKey);
        }
        return request;
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

    static ApiProblemException problem(HttpResponse<String> response) {
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

    /** Retry-After as seconds or an HTTP date. */
    private static Optional<Duration> retryAfter(HttpResponse<String> response) {
        return RetryingSender.retryAfter(response, Clock.systemUTC());
    }

    /**
     * Checks {@code /v2/info} (§7.4, §7.5) against the pinned key. Datasets this client cannot
     * search or describe (an unknown status or disclosure policy, an unknown entry size, bucket
     * bits out of range, a malformed id, load, padded size, end date, factor or notice, a repeated
     * id) are left out: not searched, not counted as "not found". Datasets listed as ended are
     * kept apart, never searched.
     */
    static ServiceInfo parseInfo(JsonNode info, PinnedKey pinned) {
        if (!info.path("protocolVersion").isInt() || info.get("protocolVersion").intValue() != Labels.PROTOCOL_VERSION
                || !Oprf.SUITE.equals(info.path("suite").asText(null)) || !MODE.equals(info.path("mode").asText(null))) {
            throw new ResponseException("unsupported service: it does not run protocol version "
                    + Labels.PROTOCOL_VERSION + ", " + Oprf.SUITE + ", " + MODE);
        }
        byte[] announced;
        try {
            announced = Base64Url.decode(info.path("publicKey").asText(""));
        } catch (Base64Url.InvalidException e) {
            throw new KeyMismatchException(e);
        }
        // §4.3: the key is the pinned one, and the announced key id is its hash.
        if (!pinned.matches(announced) || !pinned.keyId().equals(info.path("keyId").asText(null))) {
            throw new KeyMismatchException();
        }
        JsonNode batch = info.path("batch");
        int page = batch.path("page").asInt(0);
        int limit = batch.path("limit").asInt(0);
        int max = batch.path("max").isInt() ? batch.get("max").intValue() : limit;
        if (!batch.path("page").isInt() || !batch.path("limit").isInt() || page < 1 || limit < page || max < limit) {
            throw new ResponseException("/v2/info: batch must give page <= limit <= max");
        }
        List<DatasetInfo> datasets = new ArrayList<>();
        List<EndedDataset> ended = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode d : array(info, "datasets")) {
            String status = d.path("status").asText("");
            if (status.equals("served")) {
                dataset(d).filter(dataset -> seen.add(dataset.id())).ifPresent(datasets::add);
            } else if (status.equals("ended")) {
                endedDataset(d).filter(dataset -> seen.add(dataset.id())).ifPresent(ended::add);
            }
        }
        return new ServiceInfo(pinned, page, limit, max, datasets, ended);
    }

    private static Optional<DatasetInfo> dataset(JsonNode d) {
        String id = d.path("id").asText(null);
        String load = d.path("load").asText(null);
        JsonNode bits = d.path("bucketBits");
        JsonNode padded = d.path("paddedSize");
        if (!DatasetIds.isValid(id) || !DatasetLoad.isValidLoadId(load)
                || !d.path("entrySize").isInt() || d.get("entrySize").intValue() != Entry.SIZE
                || !bits.isInt() || !BucketBits.isValid(bits.intValue())
                || !padded.isInt() || !BucketItem.isValidPaddedSize(padded.intValue())) {
            return Optional.empty();
        }
        Optional<DisclosurePolicy> disclosure = disclosure(d);
        Optional<Instant> servedUntil = instant(d.path("servedUntil"));
        Optional<Notice> notice = notice(d.path("notice"));
        JsonNode kinds = d.path("exposedKinds");
        if (disclosure.isEmpty() || servedUntil.isEmpty() || notice.isEmpty() || !kinds.isArray()) {
            return Optional.empty();
        }
        Optional<FactorPrompt> factor = factor(d.path("factor"));
        if (disclosure.get().usesFactor() ? factor.isEmpty() : d.has("factor")) {
            // A factor policy without a label to ask for it, or an open dataset with one: not ours to guess.
            return Optional.empty();
        }
        EnumSet<ExposureKind> exposed = EnumSet.noneOf(ExposureKind.class);
        for (JsonNode kind : kinds) {
            // A newer loader may add kinds: unknown names are ignored, as unknown mask bits are (§6.2).
            for (ExposureKind known : ExposureKind.values()) {
                if (known.name().equals(kind.asText(null))) {
                    exposed.add(known);
                }
            }
        }
        Instant loadedAt = instant(d.path("loadedAt")).orElse(Instant.EPOCH);
        return Optional.of(new DatasetInfo(id, load, bits.intValue(), padded.intValue(), d.path("title").asText(""),
                d.path("description").asText(""), d.path("patients").asLong(0), d.path("entries").asLong(0), loadedAt,
                servedUntil.get(), disclosure.get(), exposed, factor, notice.get()));
    }

    private static Optional<EndedDataset> endedDataset(JsonNode d) {
        String id = d.path("id").asText(null);
        Optional<DisclosurePolicy> disclosure = disclosure(d);
        Optional<Instant> servedUntil = instant(d.path("servedUntil"));
        Optional<Notice> notice = notice(d.path("notice"));
        if (!DatasetIds.isValid(id) || disclosure.isEmpty() || servedUntil.isEmpty() || notice.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new EndedDataset(id, d.path("title").asText(""), d.path("description").asText(""),
                servedUntil.get(), disclosure.get(), notice.get()));
    }

    private static Optional<DisclosurePolicy> disclosure(JsonNode d) {
        JsonNode value = d.path("disclosure");
        if (!value.isTextual()) {
            return Optional.empty();
        }
        for (DisclosurePolicy policy : DisclosurePolicy.values()) {
            if (policy.label().equals(value.textValue())) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }

    private static Optional<Instant> instant(JsonNode value) {
        if (!value.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value.textValue()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<FactorPrompt> factor(JsonNode factor) {
        if (!factor.isObject()) {
            return Optional.empty();
        }
        JsonNode label = factor.path("label");
        JsonNode hint = factor.path("hint");
        Optional<String> labelFr = nonBlank(label.path("fr"));
        Optional<String> labelEn = nonBlank(label.path("en"));
        Optional<String> hintFr = nonBlank(hint.path("fr"));
        Optional<String> hintEn = nonBlank(hint.path("en"));
        if (labelFr.isEmpty() || labelEn.isEmpty() || hintFr.isEmpty() || hintEn.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FactorPrompt(labelFr.get(), labelEn.get(), hintFr.get(), hintEn.get()));
    }

    /**
     * The notice: an object with the controller and both contact points (each a name and at least
     * one channel); the texts are read as given, a missing one empty.
     */
    private static Optional<Notice> notice(JsonNode notice) {
        if (!notice.isObject()) {
            return Optional.empty();
        }
        Optional<String> controller = nonBlank(notice.path("controller"));
        Optional<Notice.Contact> contact = contact(notice.path("contact"));
        Optional<Notice.Contact> dpo = contact(notice.path("dpo"));
        if (controller.isEmpty() || contact.isEmpty() || dpo.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Notice(controller.get(), texts(notice.path("fr")), texts(notice.path("en")),
                contact.get(), dpo.get()));
    }

    private static Notice.Texts texts(JsonNode texts) {
        return new Notice.Texts(texts.path("whatHappened").asText(""), texts.path("when").asText(""),
                texts.path("consequences").asText(""), texts.path("measures").asText(""),
                texts.path("whatToDo").asText(""));
    }

    private static Optional<Notice.Contact> contact(JsonNode contact) {
        Optional<String> name = nonBlank(contact.path("name"));
        // Only an https URL is a link anyone should follow; anything else is not shown.
        Optional<String> url = nonBlank(contact.path("url")).filter(u -> u.startsWith("https://"));
        Optional<String> email = nonBlank(contact.path("email"));
        Optional<String> phone = nonBlank(contact.path("phone"));
        if (name.isEmpty() || (url.isEmpty() && email.isEmpty() && phone.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new Notice.Contact(name.get(), url, email, phone));
    }

    private static Optional<String> nonBlank(JsonNode value) {
        return value.isTextual() && !value.textValue().isBlank() ? Optional.of(value.textValue()) : Optional.empty();
    }

    /** A bucket answer (§7.3) must be the one its URL names, of the load's padded size. */
    static byte[] parseBucket(JsonNode body, DatasetInfo dataset, int bucket) {
        if (!dataset.id().equals(body.path("dataset").asText(null)) || !dataset.load().equals(body.path("load").asText(null))
                || !body.path("bucket").isInt() || body.get("bucket").intValue() != bucket) {
            throw new ResponseException("a bucket answer is not the one its URL names");
        }
        byte[] entries = decode(text(body, "entries"), "a bucket's entries");
        if (entries.length != dataset.paddedSize() * Entry.SIZE) {
            throw new ResponseException("a bucket answer does not have the dataset's padded size");
        }
        return entries;
    }

    private static byte[] decode(String text, String what) {
        try {
            return Base64Url.decode(text);
        } catch (Base64Url.InvalidException e) {
            throw new ResponseException(what + " is not strict base64url [" + e.rule().code() + "]");
        }
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

    /** A bucket read said the load was replaced after /v2/info was read (§7.5). */
    private static final class LoadReplaced extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LoadReplaced() {
            super(null, null, false, false);
        }
    }
}
