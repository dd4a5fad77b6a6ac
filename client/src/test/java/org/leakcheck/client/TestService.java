package org.leakcheck.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.leakcheck.protocol.encoding.Base64Url;
import org.leakcheck.protocol.identity.FactorIdentity;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.lookup.BucketItem;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.lookup.Details;
import org.leakcheck.protocol.lookup.DisclosurePolicy;
import org.leakcheck.protocol.lookup.Entry;
import org.leakcheck.protocol.lookup.EntryKeys;
import org.leakcheck.protocol.lookup.ExposureKind;
import org.leakcheck.protocol.lookup.PaddingFiller;
import org.leakcheck.protocol.oprf.BatchEvaluation;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.ScalarSource;

/**
 * A small but honest v2 service on 127.0.0.1, in memory, with real cryptography: {@code /v2/info},
 * {@code /v2/evaluate} (batched VOPRF with its proof) and {@code /v2/buckets/D/L/b} over datasets
 * built the way the loader builds them (entries sealed under the OPRF outputs, padded items).
 * Seams let a test make it lie the ways a hostile or broken service could: another key, a tampered
 * proof, a reload in the middle of a check, a corrupt bucket, canned answers. It records every
 * request so that tests can check the shape of each submission. The real functions are exercised
 * in the function module's integration tests.
 */
final class TestService implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A dataset: its id, bucket bits, the identities in it with their exposed kinds, its policy,
     * and the factor of those who have one (canonical).
     */
    record Dataset(String id, int bucketBits, Map<Identity, Set<ExposureKind>> people, DisclosurePolicy policy,
                   Map<Identity, String> factors) {
        /** An open dataset. */
        Dataset(String id, int bucketBits, Map<Identity, Set<ExposureKind>> people) {
            this(id, bucketBits, people, DisclosurePolicy.OPEN, Map.of());
        }
    }

    /** The notice every dataset of the test service publishes. */
    static final String NOTICE = "{\"controller\":\"Laboratoire Exemple SAS, 1 rue de l'Exemple, 75000 Paris\","
            + "\"fr\":{\"whatHappened\":\"Fuite\",\"when\":\"2021\",\"consequences\":\"Risques\","
            + "\"measures\":\"Mesures\",\"whatToDo\":\"Vigilance\"},"
            + "\"en\":{\"whatHappened\":\"A leak\",\"when\":\"2021\",\"consequences\":\"Risks\","
            + "\"measures\":\"Measures\",\"whatToDo\":\"Be careful\"},"
            + "\"contact\":{\"name\":\"Cellule fuite\",\"url\":\"https://example.org/fuite\",\"email\":\"fuite@example.org\","
            + "\"phone\":\"+33 1 23 45 67 89\"},\"dpo\":{\"name\":\"DPO Exemple\",\"email\":\"dpo@example.org\"}}";

    /** A canned answer for one path, replacing the honest one. */
    record Canned(int status, String contentType, String body, Map<String, String> headers) {
        static Canned json(String body) {
            return new Canned(200, "application/json", body, Map.of());
        }
    }

    private record Built(DatasetLoad load, int paddedSize, List<byte[]> items) {
    }

    private final HttpServer server;
    private final KeyMaterial dataKey;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Dataset> datasets = new LinkedHashMap<>();
    private final Map<String, Built> built = new ConcurrentHashMap<>();
    private final Map<String, Canned> canned = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Integer> evaluatedCounts = new CopyOnWriteArrayList<>();
    private final List<String> apiKeys = new CopyOnWriteArrayList<>();
    private final AtomicBoolean reloadAfterNextEvaluation = new AtomicBoolean();
    private final Set<String> ended = ConcurrentHashMap.newKeySet();
    private volatile KeyMaterial infoKey;
    private volatile KeyMaterial evaluateKey;
    private volatile UnaryOperator<ObjectNode> infoFilter = UnaryOperator.identity();
    private volatile UnaryOperator<ObjectNode> evaluationFilter = UnaryOperator.identity();
    private volatile UnaryOperator<byte[]> itemFilter = UnaryOperator.identity();

    /** Serves {@code datasets} under {@code key}. */
    TestService(KeyMaterial key, List<Dataset> datasets) throws IOException {
        this.dataKey = key;
        this.infoKey = key;
        this.evaluateKey = key;
        for (Dataset dataset : datasets) {
            this.datasets.put(dataset.id(), dataset);
            build(dataset);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers {@code path} ({@code /v2/buckets/*} for every bucket) with {@code answer} from now on. */
    TestService on(String path, Canned answer) {
        canned.put(path, answer);
        return this;
    }

    /** {@code /v2/info} publishes this key (the evaluations still use the real one). */
    TestService announce(KeyMaterial key) {
        this.infoKey = key;
        return this;
    }

    /** Evaluations use this key (while they name the announced key's id), as a forged service would. */
    TestService evaluateWith(KeyMaterial key) {
        this.evaluateKey = key;
        return this;
    }

    TestService filterInfo(UnaryOperator<ObjectNode> filter) {
        this.infoFilter = filter;
        return this;
    }

    TestService filterEvaluation(UnaryOperator<ObjectNode> filter) {
        this.evaluationFilter = filter;
        return this;
    }

    TestService filterItems(UnaryOperator<byte[]> filter) {
        this.itemFilter = filter;
        return this;
    }

    /** After the next evaluation, every dataset is reloaded: a new load id, the old one no longer served. */
    TestService reloadAfterNextEvaluation() {
        reloadAfterNextEvaluation.set(true);
        return this;
    }

    /** {@code /v2/info} lists {@code datasetId} as ended from now on, and its buckets are 404. */
    TestService end(String datasetId) {
        ended.add(datasetId);
        return this;
    }

    /** Every request so far, as {@code METHOD path}. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    long count(String prefix) {
        return requests.stream().filter(r -> r.startsWith(prefix)).count();
    }

    /** The x-api-key header of every request that had one. */
    List<String> apiKeys() {
        return List.copyOf(apiKeys);
    }

    /** The number of blinded elements of each evaluation so far. */
    List<Integer> evaluatedCounts() {
        return List.copyOf(evaluatedCounts);
    }

    /** The current load of {@code datasetId}. */
    DatasetLoad load(String datasetId) {
        return built.get(datasetId).load();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void build(Dataset dataset) {
        byte[] loadId = new byte[DatasetLoad.LOAD_ID_SIZE];
        random.nextBytes(loadId);
        DatasetLoad load = new DatasetLoad(dataset.id(), loadId, dataset.bucketBits());
        Map<Integer, List<byte[]>> byBucket = new HashMap<>();
        // The entries a load writes per policy (docs/protocol.md §3.1).
        dataset.people().forEach((identity, kinds) -> {
            DisclosurePolicy policy = dataset.policy();
            if (policy.writesPlainEntries()) {
                add(byBucket, load, identity, policy.plainEntriesCarryKinds()
                        ? Details.of(EnumSet.copyOf(kinds), dataset.id()) : Details.membership(dataset.id()));
            }
            String factor = dataset.factors().get(identity);
            if (policy.usesFactor() && factor != null) {
                add(byBucket, load, FactorIdentity.bind(identity, factor), Details.of(EnumSet.copyOf(kinds), dataset.id()));
            }
        });
        int largest = byBucket.values().stream().mapToInt(List::size).max().orElse(0);
        int padded = Math.max(16, (largest + 15) / 16 * 16);
        List<byte[]> items = new ArrayList<>();
        for (int b = 0; b < load.bucketCount(); b++) {
            items.add(BucketItem.encode(byBucket.getOrDefault(b, List.of()), padded,
                    new PaddingFiller(dataKey.paddingKey(), load, b)));
        }
        built.put(dataset.id(), new Built(load, padded, items));
    }

    private void add(Map<Integer, List<byte[]>> byBucket, DatasetLoad load, Identity identity, Details details) {
        EntryKeys keys = EntryKeys.derive(Oprf.VERIFIABLE.evaluate(dataKey.key(), identity.canonicalBytes()), load);
        byBucket.computeIfAbsent(keys.bucket(), b -> new ArrayList<>()).add(Entry.seal(keys, details));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            String apiKey = exchange.getRequestHeaders().getFirst("x-api-key");
            if (apiKey != null) {
                apiKeys.add(apiKey);
            }
            Canned answer = canned.get(path.startsWith("/v2/buckets/") ? "/v2/buckets/*" : path);
            if (answer == null) {
                answer = honest(path, body);
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } finally {
            exchange.close();
        }
    }

    private Canned honest(String path, byte[] body) throws IOException {
        if (path.equals("/v2/info")) {
            return Canned.json(infoFilter.apply(info()).toString());
        }
        if (path.equals("/v2/evaluate")) {
            return Canned.json(evaluationFilter.apply(evaluate(body)).toString());
        }
        String[] parts = path.split("/");
        if (parts.length == 6 && parts[2].equals("buckets")) {
            Built dataset = built.get(parts[3]);
            if (dataset == null || ended.contains(parts[3]) || !dataset.load().loadIdHex().equals(parts[4])) {
                return new Canned(404, "application/problem+json", "{\"type\":\"https://leakcheck.org/problems/not-found\","
                        + "\"title\":\"Not found\",\"status\":404,\"detail\":\"not served\",\"field\":\"load\","
                        + "\"rule\":\"load.unknown\"}", Map.of());
            }
            int bucket = Integer.parseInt(parts[5]);
            ObjectNode answer = JSON.createObjectNode().put("dataset", parts[3]).put("load", parts[4]).put("bucket", bucket)
                    .put("entries", Base64Url.encode(itemFilter.apply(dataset.items().get(bucket).clone())));
            return Canned.json(answer.toString());
        }
        return new Canned(404, "application/problem+json", "{\"status\":404,\"rule\":\"route.unknown\"}", Map.of());
    }

    private ObjectNode info() throws IOException {
        ObjectNode info = JSON.createObjectNode().put("protocolVersion", 2).put("suite", "P256-SHA256").put("mode", "VOPRF")
                .put("publicKey", infoKey.publicKey().publicKeyBase64Url()).put("keyId", infoKey.keyId());
        info.putObject("batch").put("page", 4).put("limit", 8).put("max", 256);
        ArrayNode list = info.putArray("datasets");
        for (Dataset dataset : datasets.values()) {
            Built b = built.get(dataset.id());
            ObjectNode item = list.addObject().put("id", dataset.id());
            if (ended.contains(dataset.id())) {
                item.put("status", "ended").put("title", "Title of " + dataset.id()).put("description", "")
                        .put("servedUntil", "2026-11-30T00:00:00Z").put("disclosure", dataset.policy().label())
                        .set("notice", JSON.readTree(NOTICE));
                continue;
            }
            item.put("status", "served").put("load", b.load().loadIdHex()).put("bucketBits", dataset.bucketBits())
                    .put("paddedSize", b.paddedSize()).put("entrySize", Entry.SIZE).put("title", "Title of " + dataset.id())
                    .put("description", "").put("patients", dataset.people().size()).put("entries", dataset.people().size())
                    .put("loadedAt", "2026-11-29T20:00:00Z").put("servedUntil", "2027-12-01T00:00:00Z")
                    .put("disclosure", dataset.policy().label());
            ArrayNode kinds = item.putArray("exposedKinds");
            EnumSet<ExposureKind> all = EnumSet.noneOf(ExposureKind.class);
            dataset.people().values().forEach(all::addAll);
            all.forEach(k -> kinds.add(k.name()));
            if (dataset.policy().usesFactor()) {
                ObjectNode factor = item.putObject("factor");
                factor.putObject("label").put("fr", "Numéro d'adhérent").put("en", "Member number");
                factor.putObject("hint").put("fr", "Sur votre carte de tiers payant").put("en", "On your insurance card");
            }
            item.set("notice", JSON.readTree(NOTICE));
        }
        return info;
    }

    private ObjectNode evaluate(byte[] body) throws IOException {
        List<byte[]> elements = new ArrayList<>();
        for (JsonNode e : JSON.readTree(body).get("blindedElements")) {
            elements.add(Base64Url.decode(e.textValue()));
        }
        evaluatedCounts.add(elements.size());
        BatchEvaluation evaluation = Oprf.VERIFIABLE.blindEvaluateBatch(evaluateKey.key(), elements, ScalarSource.secure());
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode list = answer.putArray("evaluatedElements");
        evaluation.evaluatedElements().forEach(z -> list.add(Base64Url.encode(z)));
        answer.put("proof", Base64Url.encode(evaluation.proof())).put("keyId", infoKey.keyId());
        if (reloadAfterNextEvaluation.getAndSet(false)) {
            datasets.values().forEach(this::build);
        }
        return answer;
    }
}
