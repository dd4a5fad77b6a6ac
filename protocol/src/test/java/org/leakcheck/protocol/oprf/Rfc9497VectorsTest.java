package org.leakcheck.protocol.oprf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every mode-0 (OPRF) and mode-1 (VOPRF) vector of RFC 9497 Appendix A.3 (P256-SHA256),
 * Batch = 2 included, checking each intermediate value: skSm from DeriveKeyPair, pkSm, the
 * BlindedElements from Blind with the vector's blinds, the EvaluationElements from BlindEvaluate,
 * the proof from BlindEvaluateBatch with the vector's nonce r, the proof's verification, the
 * Outputs from Finalize and from Evaluate.
 *
 * <p>Needs only {@code src/test/resources/rfc/rfc9497-p256-sha256.json}.
 */
class Rfc9497VectorsTest {

    private static final String FILE = "rfc9497-p256-sha256.json";

    private static JsonNode suite(Mode mode) {
        for (JsonNode suite : RfcVectors.load(FILE)) {
            if (suite.get("mode").asInt() == mode.id()) {
                return suite;
            }
        }
        throw new IllegalStateException("no mode-" + mode.id() + " suite in " + FILE);
    }

    private static Oprf oprf(Mode mode) {
        return mode == Mode.OPRF ? Oprf.BASE : Oprf.VERIFIABLE;
    }

    @Test
    void suiteMetadataMatchesOurConfiguration() {
        for (Mode mode : Mode.values()) {
            JsonNode suite = suite(mode);
            assertEquals(Oprf.SUITE, suite.get("identifier").asText());
            assertEquals("SHA256", suite.get("hash").asText());
            // groupDST is "HashToGroup-" || contextString, the DST we hand to hash-to-curve.
            assertEquals(RfcVectors.hex(Suite.of(mode).hashToGroupDst), suite.get("groupDST").asText());
        }
    }

    @Test
    void deriveKeyPairReproducesSkSmAndPkSm() {
        for (Mode mode : Mode.values()) {
            JsonNode suite = suite(mode);
            OprfKey key = oprf(mode).deriveKeyPair(RfcVectors.hex(suite.get("seed")), RfcVectors.hex(suite.get("keyInfo")));
            assertEquals(suite.get("skSm").asText(), RfcVectors.hex(key.serialize()), "mode " + mode);
        }
        assertEquals(suite(Mode.VOPRF).get("pkSm").asText(), RfcVectors.hex(voprfKey().publicKey()));
    }

    @TestFactory
    Stream<DynamicTest> everyModeZeroVectorReplaysStepByStep() {
        JsonNode suite = suite(Mode.OPRF);
        OprfKey key = OprfKey.deserialize(RfcVectors.hex(suite.get("skSm")));
        List<DynamicTest> tests = new ArrayList<>();
        int index = 0;
        for (JsonNode vector : suite.get("vectors")) {
            int number = ++index;
            assertEquals(1, vector.get("Batch").asInt(), "mode-0 vectors are single-element");
            tests.add(DynamicTest.dynamicTest("mode 0 vector " + number + " blindedElement", () -> {
                Blinded blinded = blind(Oprf.BASE, vector).get(0);
                assertEquals(vector.get("Blind").asText(), RfcVectors.hex(blinded.blindScalar()));
                assertEquals(vector.get("BlindedElement").asText(), RfcVectors.hex(blinded.blindedElement()));
            }));
            tests.add(DynamicTest.dynamicTest("mode 0 vector " + number + " evaluationElement", () -> {
                byte[] evaluated = Oprf.BASE.blindEvaluate(key, RfcVectors.hex(vector.get("BlindedElement")));
                assertEquals(vector.get("EvaluationElement").asText(), RfcVectors.hex(evaluated));
            }));
            tests.add(DynamicTest.dynamicTest("mode 0 vector " + number + " output via finalize", () -> {
                byte[] input = RfcVectors.hex(vector.get("Input"));
                byte[] output = Oprf.BASE.finalizeOutput(input, blind(Oprf.BASE, vector).get(0),
                        RfcVectors.hex(vector.get("EvaluationElement")));
                assertEquals(vector.get("Output").asText(), RfcVectors.hex(output));
            }));
            tests.add(DynamicTest.dynamicTest("mode 0 vector " + number + " output via evaluate", () -> {
                byte[] output = Oprf.BASE.evaluate(key, RfcVectors.hex(vector.get("Input")));
                assertEquals(vector.get("Output").asText(), RfcVectors.hex(output));
            }));
        }
        assertFalse(tests.isEmpty(), "the vector file holds mode-0 vectors");
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyModeOneVectorReplaysStepByStep() {
        JsonNode suite = suite(Mode.VOPRF);
        OprfKey key = voprfKey();
        byte[] publicKey = RfcVectors.hex(suite.get("pkSm"));
        List<DynamicTest> tests = new ArrayList<>();
        int index = 0;
        for (JsonNode vector : suite.get("vectors")) {
            String name = "mode 1 vector " + ++index + " (batch " + vector.get("Batch").asInt() + ") ";
            List<byte[]> inputs = list(vector, "Input");
            List<byte[]> blindedElements = list(vector, "BlindedElement");
            List<byte[]> evaluatedElements = list(vector, "EvaluationElement");
            byte[] proof = RfcVectors.hex(vector.get("Proof").get("proof"));
            byte[] nonce = RfcVectors.hex(vector.get("Proof").get("r"));
            assertEquals(vector.get("Batch").asInt(), inputs.size());
            tests.add(DynamicTest.dynamicTest(name + "blindedElements", () ->
                    assertEquals(hex(blindedElements), hex(blind(Oprf.VERIFIABLE, vector).stream().map(Blinded::blindedElement).toList()))));
            tests.add(DynamicTest.dynamicTest(name + "evaluationElements and proof", () -> {
                BatchEvaluation answer = Oprf.VERIFIABLE.blindEvaluateBatch(key, blindedElements, ScalarSource.fixed(nonce));
                assertEquals(hex(evaluatedElements), hex(answer.evaluatedElements()));
                assertEquals(RfcVectors.hex(proof), RfcVectors.hex(answer.proof()));
            }));
            tests.add(DynamicTest.dynamicTest(name + "outputs via finalize, proof verified", () -> {
                List<byte[]> outputs = Oprf.VERIFIABLE.finalizeBatch(inputs, blind(Oprf.VERIFIABLE, vector),
                        evaluatedElements, proof, publicKey);
                assertEquals(hex(list(vector, "Output")), hex(outputs));
            }));
            tests.add(DynamicTest.dynamicTest(name + "outputs via evaluate", () -> {
                List<byte[]> outputs = inputs.stream().map(input -> Oprf.VERIFIABLE.evaluate(key, input)).toList();
                assertEquals(hex(list(vector, "Output")), hex(outputs));
            }));
            tests.add(DynamicTest.dynamicTest(name + "tampered proof is refused", () -> {
                for (int at : new int[] {0, 31, 32, 63}) {
                    byte[] tampered = proof.clone();
                    tampered[at] ^= 1;
                    OprfException e = assertThrows(OprfException.class, () -> Oprf.VERIFIABLE.finalizeBatch(inputs,
                            blind(Oprf.VERIFIABLE, vector), evaluatedElements, tampered, publicKey));
                    assertEquals(OprfException.Rule.PROOF_INVALID, e.rule());
                }
            }));
        }
        assertFalse(tests.isEmpty(), "the vector file holds mode-1 vectors");
        return tests.stream();
    }

    private static OprfKey voprfKey() {
        return OprfKey.deserialize(RfcVectors.hex(suite(Mode.VOPRF).get("skSm")));
    }

    /** The vector's comma-separated list of hex values (one value when Batch = 1). */
    private static List<byte[]> list(JsonNode vector, String field) {
        return Arrays.stream(vector.get(field).asText().split(",")).map(RfcVectors::hexBytes).toList();
    }

    private static List<String> hex(List<byte[]> values) {
        return values.stream().map(RfcVectors::hex).toList();
    }

    private static List<Blinded> blind(Oprf oprf, JsonNode vector) {
        List<byte[]> inputs = list(vector, "Input");
        ScalarSource blinds = ScalarSource.fixed(list(vector, "Blind").toArray(byte[][]::new));
        return inputs.stream().map(input -> oprf.blind(input, blinds)).toList();
    }
}
