package org.leakcheck.protocol.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays {@code vectors/leakcheck-v2.json}: every field of every vector must equal what the
 * current code computes from the vector's raw input. A failure here means a protocol change, which
 * breaks every deployed client and every loaded table.
 */
class ProjectVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode committed;
    private static JsonNode computed;

    @BeforeAll
    static void load() throws IOException {
        committed = ProjectVectors.read(JSON);
        computed = ProjectVectors.compute(JSON);
    }

    @Test
    void holdsAboutTwentyPersonsOfBothKindsPlainAndBoundToAFactor() {
        JsonNode vectors = committed.get("vectors");
        assertTrue(vectors.size() >= 30, "at least 20 plain and 10 factor-bound vectors");
        java.util.Map<String, Long> byKind = new java.util.TreeMap<>();
        vectors.forEach(v -> byKind.merge(v.get("kind").asText(), 1L, Long::sum));
        assertEquals(java.util.Set.of("nir", "name-dob", "nir+factor", "name-dob+factor"), byKind.keySet());
        byKind.forEach((kind, n) -> assertTrue(n >= 4, kind + ": " + n));
    }

    @Test
    void everyBatchHasQElementsAndEveryVectorIsInABatch() {
        assertEquals(4, committed.get("q").asInt());
        java.util.Set<Integer> inBatch = new java.util.HashSet<>();
        for (JsonNode batch : committed.get("batches")) {
            assertEquals(4, batch.get("vectors").size());
            assertEquals(4, batch.get("blindedElements").size());
            batch.get("vectors").forEach(m -> {
                if (m.isInt()) {
                    inBatch.add(m.asInt());
                }
            });
        }
        assertEquals(committed.get("vectors").size(), inBatch.size());
    }

    @Test
    void everyPolicyAndBothScopesAppear() {
        java.util.Set<String> policies = new java.util.HashSet<>();
        committed.get("datasets").forEach(d -> policies.add(d.get("disclosure").asText()));
        assertEquals(java.util.Set.of("open", "membership", "gated"), policies);
        java.util.Set<Integer> scopes = new java.util.HashSet<>();
        for (JsonNode v : committed.get("vectors")) {
            for (JsonNode e : v.get("datasets")) {
                scopes.add(e.get("scope").asInt());
                if (e.get("scope").asInt() == 1) {
                    assertEquals(0, e.get("exposureMask").asInt(), "a membership-only entry has no kinds");
                    assertTrue(v.get("kind").asText().indexOf('+') < 0, "only plain identities are membership-only");
                }
            }
        }
        assertEquals(java.util.Set.of(0, 1), scopes);
    }

    @Test
    void keyAndHeaderMatch() {
        for (String field : List.of("protocolVersion", "suite", "mode", "q", "key", "datasets")) {
            assertEquals(computed.get(field), committed.get(field), field);
        }
    }

    @Test
    void coversThreeDatasetsWithDifferentBucketBits() {
        JsonNode datasets = committed.get("datasets");
        assertEquals(3, datasets.size());
        java.util.Set<Integer> bits = new java.util.HashSet<>();
        datasets.forEach(d -> bits.add(d.get("bucketBits").asInt()));
        assertEquals(3, bits.size());
    }

    @TestFactory
    Stream<DynamicTest> everyBatchWithItsProofMatches() {
        return fieldByField("batch", "batches");
    }

    @Test
    void testKeyIsTheKeyFileOfItsSeed() {
        JsonNode key = committed.get("key");
        assertEquals(ProjectVectors.key().keyId(), key.get("keyId").asText());
        assertEquals(org.leakcheck.protocol.keys.KeyIds.of(java.util.HexFormat.of().parseHex(key.get("pkS").asText())),
                key.get("keyId").asText());
    }

    @Test
    void wholeFileMatchesWhatTheCodeComputes() {
        assertEquals(computed, committed);
    }

    @Test
    void bucketItemExampleMatches() {
        assertEquals(computed.get("bucketItem"), committed.get("bucketItem"));
    }

    @TestFactory
    Stream<DynamicTest> everyIntermediateValueOfEveryVectorMatches() {
        return fieldByField("vector", "vectors");
    }

    /** One test per field of every element of the array {@code section}: committed against computed. */
    private static Stream<DynamicTest> fieldByField(String name, String section) {
        List<DynamicTest> tests = new ArrayList<>();
        JsonNode want = committed.get(section);
        JsonNode got = computed.get(section);
        assertEquals(want.size(), got.size(), name + " count");
        for (int i = 0; i < want.size(); i++) {
            JsonNode w = want.get(i);
            JsonNode g = got.get(i);
            Iterator<String> fields = w.fieldNames();
            while (fields.hasNext()) {
                String field = fields.next();
                tests.add(DynamicTest.dynamicTest(name + " " + i + " " + field, () -> assertEquals(w.get(field), g.get(field))));
            }
        }
        return tests.stream();
    }
}
