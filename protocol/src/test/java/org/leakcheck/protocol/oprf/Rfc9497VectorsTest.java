package org.leakcheck.protocol.oprf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every mode-0 (OPRF) vector of RFC 9497 Appendix A.3 (P256-SHA256), checking each
 * intermediate value: skSm from DeriveKeyPair, BlindedElement from Blind with the vector's blind,
 * EvaluationElement from BlindEvaluate, Output from Finalize and from Evaluate.
 *
 * <p>Needs only {@code src/test/resources/rfc/rfc9497-p256-sha256.json}.
 */
class Rfc9497VectorsTest {

    private static final String FILE = "rfc9497-p256-sha256.json";

    private static JsonNode oprfSuite() {
        for (JsonNode suite : RfcVectors.load(FILE)) {
            if (suite.get("mode").asInt() == 0) {
                return suite;
            }
        }
        throw new IllegalStateException("no mode-0 suite in " + FILE);
    }

    @Test
    void suiteMetadataMatchesOurConfiguration() {
        JsonNode suite = oprfSuite();
        assertEquals(Oprf.SUITE, suite.get("identifier").asText());
        assertEquals("SHA256", suite.get("hash").asText());
        // groupDST is "HashToGroup-" || contextString, the DST we hand to hash-to-curve.
        assertEquals(RfcVectors.hex(Suite.HASH_TO_GROUP_DST),
                suite.get("groupDST").asText());
    }

    @Test
    void deriveKeyPairReproducesSkSm() {
        JsonNode suite = oprfSuite();
        OprfKey key = Oprf.deriveKeyPair(RfcVectors.hex(suite.get("seed")), RfcVectors.hex(suite.get("keyInfo")));
        assertEquals(suite.get("skSm").asText(), RfcVectors.hex(key.serialize()));
    }

    @TestFactory
    Stream<DynamicTest> everyModeZeroVectorReplaysStepByStep() {
        JsonNode suite = oprfSuite();
        OprfKey key = OprfKey.deserialize(RfcVectors.hex(suite.get("skSm")));
        List<DynamicTest> tests = new ArrayList<>();
        int index = 0;
        for (JsonNode vector : suite.get("vectors")) {
            int number = ++index;
            // Mode 0 vectors all have Batch = 1; a batched one would need list splitting.
            assertEquals(1, vector.get("Batch").asInt(), "mode-0 vectors are single-element");
            tests.add(DynamicTest.dynamicTest("vector " + number + " blindedElement", () -> {
                Blinded blinded = blind(vector);
                assertEquals(vector.get("Blind").asText(), RfcVectors.hex(blinded.blindScalar()));
                assertEquals(vector.get("BlindedElement").asText(), RfcVectors.hex(blinded.blindedElement()));
            }));
            tests.add(DynamicTest.dynamicTest("vector " + number + " evaluationElement", () -> {
                byte[] evaluated = Oprf.blindEvaluate(key, RfcVectors.hex(vector.get("BlindedElement")));
                assertEquals(vector.get("EvaluationElement").asText(), RfcVectors.hex(evaluated));
            }));
            tests.add(DynamicTest.dynamicTest("vector " + number + " output via finalize", () -> {
                byte[] input = RfcVectors.hex(vector.get("Input"));
                byte[] output = Oprf.finalizeOutput(input, blind(vector),
                        RfcVectors.hex(vector.get("EvaluationElement")));
                assertEquals(vector.get("Output").asText(), RfcVectors.hex(output));
            }));
            tests.add(DynamicTest.dynamicTest("vector " + number + " output via evaluate", () -> {
                byte[] output = Oprf.evaluate(key, RfcVectors.hex(vector.get("Input")));
                assertEquals(vector.get("Output").asText(), RfcVectors.hex(output));
            }));
            tests.add(DynamicTest.dynamicTest("vector " + number + " full round trip", () -> {
                byte[] input = RfcVectors.hex(vector.get("Input"));
                Blinded blinded = blind(vector);
                byte[] evaluated = Oprf.blindEvaluate(key, blinded.blindedElement());
                assertEquals(vector.get("Output").asText(),
                        RfcVectors.hex(Oprf.finalizeOutput(input, blinded, evaluated)));
            }));
        }
        assertFalse(tests.isEmpty(), "the vector file holds mode-0 vectors");
        return tests.stream();
    }

    private static Blinded blind(JsonNode vector) {
        return Oprf.blind(RfcVectors.hex(vector.get("Input")), ScalarSource.fixed(RfcVectors.hex(vector.get("Blind"))));
    }
}
