package org.leakcheck.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.leakcheck.function.buckets.BucketsConfig;
import org.leakcheck.function.http.Problem;
import org.leakcheck.function.support.Datasets;
import org.leakcheck.function.support.Events;
import org.leakcheck.function.support.MemoryBucketSource;
import org.leakcheck.function.support.Problems;
import org.leakcheck.function.support.TestKeys;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.ScalarSource;

/**
 * Bad-input fuzzing: 100,000 generated and mutated requests (random bytes, truncated and mutated
 * JSON, huge numbers, wrong types, batches of every size with off-curve points, the identity and
 * non-canonical base64url anywhere in them, bad dataset ids, loads and buckets, bad paths, methods
 * and headers, null event parts) go through both handlers. Every answer must be a 2xx, 3xx or 4xx;
 * nothing may throw; every 4xx must be one of the fixed problem documents (so no input is
 * echoed); and every request gets exactly one log line.
 *
 * <p>The buckets handler reads an in-memory table here: with a real engine the 100,000 requests
 * would take minutes. The table paths are covered by the dynalite tests.
 */
class FuzzTest {

    private static final int REQUESTS = 100_000;
    private static final long SEED = 0x1EA4C4ECL;
    private static final String GENERATOR = "A2sX0fLhLEJH-Lzm5WOkQPJ3A32BLeszoPShOUXYmMKW";
    private static final BigInteger P = new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE",
            "CONNECT", "get", "post", "", " POST", "POST ", "P\u00d6ST", "\u0000"};
    private static final String LOAD = Datasets.LOAD;
    private static final String[] PATHS = {"/v2/evaluate", "/v2/info", "/v2/buckets/", "/v2/buckets", "/v2/",
            "/v2", "/", "", "/v2/evaluate/", "/v2/EVALUATE", "/v2/buckets/../info", "/v2/buckets/%2e%2e", "/v2//info",
            "/v2/buckets/labs-2021/" + LOAD + "/1/", "/v2/buckets/labs-2021/1", "/v1/info", "/v1/evaluate",
            "/v1/buckets/1", "/v2/info?bucket=1", "/v2/évaluate", "\u0000", "/v2/buckets/\u0000/\u0000/\u0000",
            "/v2/info\n", "/.env", "/v2/buckets/labs-2021/" + LOAD + "/" + "9".repeat(5000),
            "/v2/buckets/" + "a".repeat(5000) + "/" + LOAD + "/1"};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8",
            "APPLICATION/JSON", "application/json;charset=\"UTF-8\"", "application/json; charset=latin1",
            "application/jsonx", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "", ";", "application/json;", "application/problem+json", "*/*", "\u0000"};

    private final Random random = new Random(SEED);
    private final List<byte[]> validPoints = new ArrayList<>();
    private final AtomicInteger logLines = new AtomicInteger();
    private final Set<String> problemBodies = new HashSet<>();

    @Test
    void noRequestGetsA5xxOrThrowsOrIsEchoed() throws Exception {
        for (int i = 0; i < 32; i++) {
            validPoints.add(Oprf.VERIFIABLE.blind(("fuzz-" + i).getBytes(StandardCharsets.UTF_8), ScalarSource.secure())
                    .blindedElement());
        }
        Problems.all().forEach(p -> problemBodies.add(problemJson(p)));
        HttpSettings http = HttpSettings.of(Optional.of("https://check.example.org"), line -> {
            logLines.incrementAndGet();
            if (line.contains(GENERATOR.substring(0, 20))) {
                fail("an element reached the log");
            }
        });
        EvaluateHandler evaluate = new EvaluateHandler(TestKeys.key(), PartnerBatchLimit.DEFAULT, http);
        MemoryBucketSource table = new MemoryBucketSource()
                .manifest(Datasets.manifest("labs-2021", LOAD, 16, 12, TestKeys.key().keyId()))
                .put("half-loaded", LOAD, 7, Datasets.entries(16, 8));
        for (int b = 0; b < 4096; b++) {
            table.put("labs-2021", LOAD, b, Datasets.entries(16, b));
        }
        BucketsHandler buckets = new BucketsHandler(table, BucketsConfig.of(TestKeys.key().publicKey(), PartnerBatchLimit.DEFAULT), http);

        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Integer> rules = new TreeMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            APIGatewayProxyRequestEvent event = request(i);
            boolean toEvaluate = random.nextInt(4) != 0
                    ? "/v2/evaluate".equals(event.getPath()) : random.nextBoolean();
            APIGatewayProxyResponseEvent response;
            try {
                response = (toEvaluate ? evaluate : buckets).handleRequest(event, null);
            } catch (Throwable t) {
                throw new AssertionError("request " + i + " threw " + t.getClass().getName(), t);
            }
            int status = response.getStatusCode();
            statuses.merge(status, 1, Integer::sum);
            if (status < 200 || status >= 500) {
                fail("request " + i + " got " + status + ": " + response.getBody());
            }
            if (status >= 400) {
                assertTrue(problemBodies.contains(response.getBody()),
                        "request " + i + ": not one of the fixed problem documents: " + response.getBody());
                rules.merge(Events.json(response.getBody()).get("rule").asText(), 1, Integer::sum);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println("fuzz: " + REQUESTS + " requests in " + String.format("%.1f", seconds) + " s; statuses "
                + statuses + "; rules " + rules);
        assertEquals(REQUESTS, logLines.get(), "one log line per request");
        // The generator must reach every layer, not only the first check.
        for (int status : new int[] {200, 204, 304, 400, 404, 405, 413, 415}) {
            assertTrue(statuses.getOrDefault(status, 0) > 0, "no request got " + status);
        }
        for (String rule : List.of("body.json", "body.encoding", "body.fields", "body.type", "batch.empty",
                "batch.too-large", "base64url.alphabet", "base64url.padding", "base64url.length",
                "base64url.trailing-bits", "element.length", "element.prefix", "element.coordinate-range",
                "element.not-on-curve", "element.identity", "dataset.format", "load.format", "load.unknown",
                "bucket.format", "bucket.range", "content-type.json", "body.size", "route.unknown", "route.method")) {
            assertTrue(rules.getOrDefault(rule, 0) > 0, "no request broke " + rule);
        }
    }

    private APIGatewayProxyRequestEvent request(int i) {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent();
        Map<String, String> headers = new HashMap<>();
        switch (random.nextInt(10)) {
            case 0, 1, 2, 3, 4 -> {
                event.setHttpMethod(random.nextInt(20) == 0 ? pick(METHODS) : "POST");
                event.setPath(random.nextInt(20) == 0 ? pick(PATHS) : "/v2/evaluate");
                if (random.nextInt(10) != 0) {
                    headers.put(random.nextBoolean() ? "Content-Type" : "content-type",
                            random.nextInt(6) == 0 ? pick(CONTENT_TYPES) : "application/json");
                }
                event.setBody(evaluateBody());
                if (random.nextInt(15) == 0) {
                    encodeBodyBase64(event);
                }
            }
            case 5, 6 -> {
                event.setHttpMethod(random.nextInt(10) == 0 ? pick(METHODS) : "GET");
                event.setPath("/v2/buckets/" + datasetText() + "/" + loadText() + "/" + bucketText());
                if (random.nextInt(5) == 0) {
                    headers.put("If-None-Match", random.nextBoolean() ? "*" : "\"" + randomText(12) + "\"");
                }
            }
            case 7 -> {
                event.setHttpMethod(pick(METHODS));
                event.setPath(random.nextBoolean() ? pick(PATHS) : "/" + randomText(random.nextInt(40)));
                if (random.nextBoolean()) {
                    event.setBody(randomText(random.nextInt(200)));
                }
            }
            case 8 -> {
                event.setHttpMethod(random.nextBoolean() ? "GET" : "OPTIONS");
                event.setPath(random.nextBoolean() ? "/v2/info" : pick(PATHS));
                headers.put("Origin", random.nextBoolean() ? "https://check.example.org" : randomText(20));
                headers.put("Access-Control-Request-Method", pick(METHODS));
            }
            default -> {
                // Events with parts missing or absurd, as no API Gateway sends but a handler must survive.
                event.setHttpMethod(random.nextBoolean() ? null : pick(METHODS));
                event.setPath(random.nextBoolean() ? null : pick(PATHS));
                event.setBody(random.nextBoolean() ? null : evaluateBody());
                event.setIsBase64Encoded(random.nextBoolean() ? null : random.nextBoolean());
                if (random.nextBoolean()) {
                    event.setHeaders(null);
                    event.setMultiValueHeaders(random.nextBoolean() ? null : Map.of("Content-Type", List.of()));
                    return event;
                }
                headers.put(randomText(8), randomText(30));
            }
        }
        event.setHeaders(headers);
        return event;
    }

    private String evaluateBody() {
        return switch (random.nextInt(14)) {
            case 0 -> randomText(random.nextInt(300));
            case 1 -> new String(randomBytes(random.nextInt(300)), StandardCharsets.ISO_8859_1);
            case 2 -> mutate(json(base64(pick(validPoints)), base64(pick(validPoints))));
            case 3 -> {
                String valid = json(base64(pick(validPoints)), base64(pick(validPoints)));
                yield valid.substring(0, random.nextInt(valid.length()));
            }
            case 4 -> wrongType();
            case 5 -> json("A".repeat(random.nextInt(2000)));
            case 6 -> json();
            case 7 -> {
                // Batches of every size up to beyond the body limit, mostly valid points.
                String[] many = new String[random.nextInt(400)];
                for (int i = 0; i < many.length; i++) {
                    many[i] = random.nextInt(50) == 0 ? elementText() : base64(pick(validPoints));
                }
                yield json(many);
            }
            default -> random.nextBoolean() ? json(elementText()) : json(elementText(), elementText());
        };
    }

    /** A blinded element: valid, or broken in one specific way. */
    private String elementText() {
        byte[] element = pick(validPoints).clone();
        return switch (random.nextInt(14)) {
            case 0, 1, 2 -> base64(element);
            case 3 -> "AA";
            case 4 -> {
                element[0] = (byte) (random.nextBoolean() ? 0x04 : random.nextInt(256));
                yield base64(element);
            }
            case 5 -> base64(xAtLeastP(element[0]));
            case 6 -> base64(notOnCurve());
            case 7 -> base64(java.util.Arrays.copyOf(element, random.nextInt(70)));
            case 8 -> base64(element) + "=";
            case 9 -> base64(element).replace('-', '+').replace('_', '/') + "+/";
            case 10 -> {
                String text = base64(java.util.Arrays.copyOf(element, 32));
                yield text.substring(0, 42) + "ABCD".charAt(1 + random.nextInt(3));
            }
            case 11 -> " " + base64(element) + "\n";
            case 12 -> {
                element[1 + random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
                yield base64(element);
            }
            default -> base64(element).substring(0, 43 - random.nextInt(3)) + "\u00e9";
        };
    }

    private String wrongType() {
        String[] values = {"1", "-1", "1e999999", "123456789012345678901234567890123456789012345678901234567890",
                "0.000000000000000000001", "true", "false", "null", "[]", "{}", "[\"" + GENERATOR + "\"]",
                "{\"blindedElements\":[\"" + GENERATOR + "\"]}", "\"\\u0000\"", "\"\\ud800\"", "NaN", "Infinity",
                "\"" + "\\\\".repeat(100) + "\"", "\"" + GENERATOR + "\""};
        String[] shapes = {"{\"blindedElements\":%s}", "{\"blindedElements\":[%s]}",
                "{\"blindedElements\":[\"" + GENERATOR + "\",%s]}", "{\"blindedElements\":[\"" + GENERATOR + "\"],\"x\":%s}",
                "%s", "{\"blindedElements\":[\"" + GENERATOR + "\"]}%s", "[%s]", "{%s:1}", "{\"blindedElement\":%s}",
                "{\"blindedElements\":" + "[".repeat(300) + "%s" + "]".repeat(300) + "}"};
        return String.format(pick(shapes), pick(values));
    }

    private String datasetText() {
        return switch (random.nextInt(12)) {
            case 0 -> "half-loaded";
            case 1 -> "labs-2020";
            case 2 -> pick(new String[] {"", "Labs-2021", "-labs", "ab", "labs_2021", "%6Cabs-2021", "labs-2021 ", "a".repeat(41)});
            case 3 -> randomText(1 + random.nextInt(12));
            default -> "labs-2021";
        };
    }

    private String loadText() {
        return switch (random.nextInt(12)) {
            case 0 -> Datasets.OLD_LOAD;
            case 1 -> LOAD.toUpperCase(java.util.Locale.ROOT);
            case 2 -> LOAD.substring(0, random.nextInt(32));
            case 3 -> LOAD + "0";
            case 4 -> randomText(1 + random.nextInt(40));
            default -> LOAD;
        };
    }

    private String bucketText() {
        return switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> Integer.toString(random.nextInt(4096));
            case 4 -> "7";
            case 5 -> Long.toString(random.nextLong());
            case 6 -> "0" + random.nextInt(100);
            case 7 -> new BigInteger(200, random).toString();
            case 8 -> pick(new String[] {"", " 1", "1 ", "+1", "1.5", "0x10", "1e3", "%31", "\u0661", "NaN", "-0"});
            default -> randomText(1 + random.nextInt(10));
        };
    }

    private String mutate(String text) {
        StringBuilder out = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && out.length() > 0; e++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(4)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, (char) random.nextInt(128));
                case 2 -> out.setCharAt(at, (char) random.nextInt(0x3000));
                default -> out.insert(at, out.substring(at, Math.min(out.length(), at + random.nextInt(10))));
            }
        }
        return out.toString();
    }

    private void encodeBodyBase64(APIGatewayProxyRequestEvent event) {
        event.setIsBase64Encoded(true);
        if (random.nextInt(3) == 0) {
            event.setBody("!!" + event.getBody());
        } else if (event.getBody() != null) {
            event.setBody(Base64.getEncoder().encodeToString(event.getBody().getBytes(StandardCharsets.UTF_8)));
        }
    }

    private byte[] xAtLeastP(byte prefix) {
        BigInteger x = P.add(BigInteger.valueOf(random.nextInt(1000)));
        byte[] out = new byte[33];
        out[0] = prefix == 0x03 ? (byte) 0x03 : (byte) 0x02;
        byte[] xb = x.mod(BigInteger.ONE.shiftLeft(256)).toByteArray();
        if (x.bitLength() > 256) {
            java.util.Arrays.fill(out, 1, 33, (byte) 0xff);
        } else {
            System.arraycopy(xb, Math.max(0, xb.length - 32), out, 33 - Math.min(32, xb.length), Math.min(32, xb.length));
        }
        return out;
    }

    /** x = 1 has no point on P-256 (x^3 - 3x + b is not a square mod p). */
    private static byte[] notOnCurve() {
        byte[] out = new byte[33];
        out[0] = 0x02;
        out[32] = 1;
        return out;
    }

    private static String json(String... elements) {
        StringBuilder out = new StringBuilder("{\"blindedElements\":[");
        for (int i = 0; i < elements.length; i++) {
            out.append(i == 0 ? "\"" : ",\"").append(elements[i]).append('"');
        }
        return out.append("]}").toString();
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private String randomText(int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append(random.nextInt(4) == 0 ? (char) random.nextInt(0xD800) : (char) (32 + random.nextInt(95)));
        }
        return out.toString();
    }

    private <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static String problemJson(Problem problem) {
        JsonNode node = Events.JSON.createObjectNode()
                .put("type", problem.type().uri())
                .put("title", problem.type().title())
                .put("status", problem.status())
                .put("detail", problem.detail());
        if (problem.field() != null) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("field", problem.field());
        }
        if (problem.rule() != null) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("rule", problem.rule());
        }
        return node.toString();
    }
}
