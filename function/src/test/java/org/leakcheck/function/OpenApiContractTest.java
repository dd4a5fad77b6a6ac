package org.leakcheck.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.leakcheck.function.buckets.BucketsConfig;
import org.leakcheck.function.http.Problem;
import org.leakcheck.function.http.ProblemType;
import org.leakcheck.function.http.Route;
import org.leakcheck.function.support.Datasets;
import org.leakcheck.function.support.Events;
import org.leakcheck.function.support.JsonSchema;
import org.leakcheck.function.support.Problems;
import org.leakcheck.function.support.TestKeys;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.lookup.DisclosurePolicy;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.Progress;
import org.leakcheck.store.StoredBucket;
import org.leakcheck.store.WriteOptions;
import org.leakcheck.testkit.Dynalite;
import org.leakcheck.testkit.DynaliteExtension;

/**
 * The handlers' actual responses match {@code docs/openapi.yaml}: every fixture request is sent to
 * the function that serves it in AWS, and each response's status must be documented for its
 * operation, with the documented content type, a body valid against the schema (or no body),
 * the documented header values, and every documented status except 403 and 429 (API Gateway's) must be
 * produced by some request. Needs dynalite (testkit/node_modules).
 */
class OpenApiContractTest {

    @RegisterExtension
    static final DynaliteExtension DYNAMO = DynaliteExtension.sharedPerJvm();

    private static final String TABLE = "openapi-contract-test";
    private static final List<String> FIXTURES = fixtureNames();

    private static JsonNode openApi;
    private static JsonSchema schema;
    private static EvaluateHandler evaluate;
    private static BucketsHandler buckets;

    @BeforeAll
    static void setUp() throws IOException {
        Path file = Path.of(System.getProperty("leakcheck.openapi", "../docs/openapi.yaml"));
        openApi = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
        schema = new JsonSchema(openApi);
        BucketTable table = new BucketTable(DYNAMO.client(), TABLE);
        table.createIfMissing();
        table.writeBuckets(DatasetLoad.of("labs-2021", Datasets.LOAD, 12), Datasets.SERVED_UNTIL, List.of(new StoredBucket(0, Datasets.entries(16, 0)),
                new StoredBucket(7, Datasets.entries(16, 7)), new StoredBucket(4095, Datasets.entries(16, 4095))),
                WriteOptions.defaults(), Progress.NONE);
        table.putManifest(Datasets.manifest("labs-2021", Datasets.LOAD, 16, 12, TestKeys.key().keyId()));
        // One dataset per other form /v2/info and the feed have: a membership one (with its factor)
        // and an ended gated one (without a load).
        table.putManifest(Datasets.manifest("members-2022", Datasets.OLD_LOAD, 12, TestKeys.key().keyId(),
                DisclosurePolicy.MEMBERSHIP, Datasets.SERVED_UNTIL, Datasets.NOTICE));
        table.putManifest(Datasets.manifest("gated-2020", Datasets.OLD_LOAD, 12, TestKeys.key().keyId(),
                DisclosurePolicy.GATED, Instant.parse("2026-01-01T00:00:00Z"), Datasets.NOTICE));
        HttpSettings http = HttpSettings.of(Optional.of("https://check.example.org"), line -> { });
        evaluate = new EvaluateHandler(TestKeys.key(), PartnerBatchLimit.DEFAULT, http);
        buckets = new BucketsHandler(table, BucketsConfig.of(TestKeys.key().publicKey(),
                PartnerBatchLimit.DEFAULT), http);
    }

    @Test
    void documentIsOpenApi31WithTheFourRoutes() {
        assertEquals("3.1.0", openApi.get("openapi").asText());
        for (Route route : Route.values()) {
            assertTrue(openApi.get("paths").has(route.resource()), route.resource());
            assertTrue(openApi.get("paths").get(route.resource()).has(route.method().toLowerCase(Locale.ROOT)));
        }
    }

    @Test
    void theInfoDocumentHoldsEveryFormOfDataset() {
        JsonNode info = Events.json(buckets.handleRequest(Events.load("info"), null).getBody());
        List<String> forms = new ArrayList<>();
        info.get("datasets").forEach(d -> forms.add(d.get("status").asText() + " " + d.get("disclosure").asText()
                + (d.has("factor") ? " factor" : "")));
        assertEquals(List.of("ended gated", "served open", "served membership factor"), forms);
    }

    @Test
    void documentsEveryFieldTheApiNames() throws IllegalAccessException {
        JsonNode field = schema.resolve(openApi.at("/components/schemas/Problem/properties/field"));
        for (Problem p : Problems.all()) {
            if (p.field() != null) {
                assertTrue(schema.validate(field, Events.JSON.getNodeFactory().textNode(p.field())).isEmpty(), p.field());
            }
        }
        assertTrue(!schema.validate(field, Events.JSON.getNodeFactory().textNode("blindedElements[256]")).isEmpty());
    }

    @Test
    void documentsExactlyTheProblemTypesAndRulesTheApiUses() throws IllegalAccessException {
        JsonNode problem = openApi.at("/components/schemas/Problem/properties");
        TreeSet<String> documentedRules = new TreeSet<>();
        problem.get("rule").get("enum").forEach(r -> documentedRules.add(r.asText()));
        TreeSet<String> documentedTypes = new TreeSet<>();
        problem.get("type").get("enum").forEach(t -> documentedTypes.add(t.asText()));
        TreeSet<String> usedRules = new TreeSet<>();
        TreeSet<String> usedTypes = new TreeSet<>();
        for (Problem p : Problems.all()) {
            if (p.rule() != null) {
                usedRules.add(p.rule());
            }
            usedTypes.add(p.type().uri());
        }
        assertEquals(usedRules, documentedRules);
        TreeSet<String> allTypes = new TreeSet<>();
        for (ProblemType type : ProblemType.values()) {
            allTypes.add(type.uri());
        }
        assertEquals(allTypes, documentedTypes);
        assertEquals(allTypes, usedTypes);
    }

    @Test
    void everyResponseMatchesTheDocumentAndEveryDocumentedStatusOccurs() {
        TreeSet<String> documented = documentedStatuses();
        TreeSet<String> seen = new TreeSet<>();
        List<String> failures = new ArrayList<>();
        for (String fixture : FIXTURES) {
            APIGatewayProxyRequestEvent event = Events.load(fixture);
            check(fixture, event, seen, failures);
            if (fixture.endsWith("if-none-match")) {
                String etag = handlerFor(event).handleRequest(Events.load(fixture.replace("-if-none-match", "")
                        .replace("bucket", "bucket-valid").replace("bucket-valid-valid", "bucket-valid")), null)
                        .getHeaders().get("ETag");
                check(fixture + " (matching)", Events.withHeader(Events.load(fixture), "If-None-Match", etag), seen, failures);
            }
        }
        checkInternalError(seen, failures);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        documented.removeAll(seen);
        // API Gateway's own answers (a wrong API key, a throttle or quota): no function produces them.
        documented.removeIf(s -> s.endsWith(" 429") || s.endsWith(" 403"));
        assertTrue(documented.isEmpty(), "documented but never produced: " + documented);
    }

    private void check(String name, APIGatewayProxyRequestEvent event, TreeSet<String> seen, List<String> failures) {
        APIGatewayProxyResponseEvent response = handlerFor(event).handleRequest(event, null);
        Optional<Route.Match> match = Route.match(event.getPath());
        int status = response.getStatusCode();
        if (match.isEmpty()) {
            // Unknown paths are in no path item: their 404 is components/responses/NotFound.
            assertEquals(404, status, name);
            JsonNode notFound = openApi.at("/components/responses/NotFound/content");
            JsonNode media = notFound.get(response.getHeaders().get("Content-Type"));
            assertNotNull(media, name + ": content type of the 404");
            failures.addAll(prefix(name, schema.validate(media.get("schema"), Events.json(response.getBody()))));
            seen.add("unknown path 404");
            return;
        }
        String template = match.get().route().resource();
        String method = event.getHttpMethod().toLowerCase(Locale.ROOT);
        JsonNode pathItem = openApi.get("paths").get(template);
        // A wrong method's 405 is documented on the route's own operation.
        JsonNode operation = pathItem.has(method) ? pathItem.get(method)
                : pathItem.get(match.get().route().method().toLowerCase(Locale.ROOT));
        String operationName = template + " " + (pathItem.has(method) ? method : match.get().route().method().toLowerCase(Locale.ROOT));
        JsonNode documented = operation.get("responses").get(Integer.toString(status));
        if (documented == null) {
            failures.add(name + ": status " + status + " is not documented for " + operationName);
            return;
        }
        seen.add(operationName + " " + status);
        JsonNode spec = schema.resolve(documented);
        Map<String, String> headers = response.getHeaders();
        checkHeaders(name, spec, headers, failures);
        if (!spec.has("content")) {
            if (response.getBody() != null && !response.getBody().isEmpty()) {
                failures.add(name + ": " + status + " must have no body");
            }
            return;
        }
        String contentType = headers.get("Content-Type");
        JsonNode media = contentType == null ? null : spec.get("content").get(contentType);
        if (media == null) {
            failures.add(name + ": content type " + contentType + " is not documented for " + status);
            return;
        }
        failures.addAll(prefix(name, schema.validate(media.get("schema"), Events.json(response.getBody()))));
    }

    private void checkHeaders(String name, JsonNode spec, Map<String, String> headers, List<String> failures) {
        JsonNode documented = spec.path("headers");
        for (Iterator<Map.Entry<String, JsonNode>> it = documented.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            JsonNode headerSpec = schema.resolve(header.getValue());
            String value = headers.get(header.getKey());
            if (value == null) {
                if (headerSpec.path("required").asBoolean(false)) {
                    failures.add(name + ": missing required header " + header.getKey());
                }
                continue;
            }
            failures.addAll(prefix(name + " header " + header.getKey(),
                    schema.validate(headerSpec.get("schema"), Events.JSON.getNodeFactory().textNode(value))));
        }
    }

    /** A table that cannot be reached: the only way to a 500. */
    private void checkInternalError(TreeSet<String> seen, List<String> failures) {
        try (Dynalite stopped = Dynalite.startInMemory()) {
            BucketTable broken = new BucketTable(stopped.clientBuilder()
                    .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build(), TABLE);
            stopped.stop();
            BucketsHandler failing = new BucketsHandler(broken,
                    BucketsConfig.of(TestKeys.key().publicKey(), PartnerBatchLimit.DEFAULT), HttpSettings.of(Optional.empty(), line -> { }));
            for (String fixture : List.of("bucket-valid", "info", "feed")) {
                APIGatewayProxyResponseEvent response = failing.handleRequest(Events.load(fixture), null);
                assertEquals(500, response.getStatusCode());
                String template = Route.match(Events.load(fixture).getPath()).orElseThrow().route().resource();
                JsonNode spec = schema.resolve(openApi.get("paths").get(template).get("get").get("responses").get("500"));
                assertNotNull(spec, template + " documents 500");
                failures.addAll(prefix(fixture + " (500)", schema.validate(
                        spec.get("content").get(response.getHeaders().get("Content-Type")).get("schema"),
                        Events.json(response.getBody()))));
                seen.add(template + " get 500");
            }
        }
        // The evaluate function has no dependency that can fail at request time; its 500 is the
        // same pipeline code, exercised above.
        seen.add("/v2/evaluate post 500");
    }

    private TreeSet<String> documentedStatuses() {
        TreeSet<String> statuses = new TreeSet<>();
        openApi.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op ->
                op.getValue().get("responses").fieldNames().forEachRemaining(status ->
                        statuses.add(path.getKey() + " " + op.getKey() + " " + status))));
        return statuses;
    }

    private static com.amazonaws.services.lambda.runtime.RequestHandler<APIGatewayProxyRequestEvent,
            APIGatewayProxyResponseEvent> handlerFor(APIGatewayProxyRequestEvent event) {
        return "/v2/evaluate".equals(event.getPath()) ? evaluate : buckets;
    }

    private static List<String> prefix(String name, List<String> errors) {
        return errors.stream().map(e -> name + ": " + e).toList();
    }

    private static List<String> fixtureNames() {
        try (InputStream in = OpenApiContractTest.class.getResourceAsStream("/events")) {
            if (in == null) {
                fail("no fixtures");
            }
            return new String(in.readAllBytes()).lines().filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
