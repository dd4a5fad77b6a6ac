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
    void holdsAboutTwentyVectorsOfBothKinds() {
        JsonNode vectors = committed.get("vectors");
        assertTrue(vectors.size() >= 20, "at least 20 vectors");
        long nir = IntStream.range(0, vectors.size()).filter(i -> vectors.get(i).get("kind").asText().equals("nir")).count();
        assertTrue(nir >= 5 && vectors.size() - nir >= 5, "both identity kinds are covered");
    }

    @Test
    void keyAndHeaderMatch() {
        for (String field : List.of("protocolVersion", "suite", "mode", "q", "key", "datasets")) {
            assertEquals(computed.get(field), committed.get(field), field);
        }
    }

    @Test
    void coversTwoDatasetsWithDifferentBucketBits() {
        JsonNode datasets = committed.get("datasets");
        assertEquals(2, datasets.size());
        assertTrue(datasets.get(0).get("bucketBits").asInt() != datasets.get(1).get("bucketBits").asInt());
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
