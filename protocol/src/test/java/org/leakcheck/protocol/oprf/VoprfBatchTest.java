package org.leakcheck.protocol.oprf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9497 mode 0x01 batches: round trips, and every way a batch or its answer can be refused. */
class VoprfBatchTest {
    private static final byte[] INFO = "leakcheck-test".getBytes(StandardCharsets.US_ASCII);
    private static final OprfKey KEY = Oprf.VERIFIABLE.generateKey(new SecureRandom(), INFO);
    private static final OprfKey OTHER = Oprf.VERIFIABLE.generateKey(new SecureRandom(), INFO);

    @Test
    void batchRoundTripGivesTheOutputsOfEvaluate() {
        for (int size : new int[] {1, 2, 7, 64}) {
            Exchange exchange = exchange(size, KEY);
            assertEquals(size, exchange.answer().evaluatedElements().size());
            assertEquals(64, exchange.answer().proof().length);
            List<byte[]> outputs = exchange.finalizeWith(exchange.answer().evaluatedElements(), exchange.answer().proof());
            for (int i = 0; i < size; i++) {
                assertArrayEquals(Oprf.VERIFIABLE.evaluate(KEY, exchange.inputs().get(i)), outputs.get(i), "element " + i);
            }
        }
    }

    @Test
    void anAnswerUnderAnotherKeyFailsVerificationAgainstThePinnedKey() {
        Exchange exchange = exchange(2, OTHER);
        OprfException e = assertThrows(OprfException.class,
                () -> exchange.finalizeWith(exchange.answer().evaluatedElements(), exchange.answer().proof()));
        assertEquals(OprfException.Rule.PROOF_INVALID, e.rule());
    }

    @Test
    void swappedAnswersFailVerification() {
        Exchange exchange = exchange(2, KEY);
        List<byte[]> evaluated = exchange.answer().evaluatedElements();
        assertThrows(OprfException.class,
                () -> exchange.finalizeWith(List.of(evaluated.get(1), evaluated.get(0)), exchange.answer().proof()));
    }

    @Test
    void namesTheInvalidElementOfABatch() {
        List<byte[]> elements = new ArrayList<>();
        elements.add(Oprf.VERIFIABLE.blind(new byte[] {1}, ScalarSource.secure()).blindedElement());
        byte[] bad = elements.get(0).clone();
        bad[0] = 0x04;
        elements.add(bad);
        OprfException e = assertThrows(OprfException.class,
                () -> Oprf.VERIFIABLE.blindEvaluateBatch(KEY, elements, ScalarSource.secure()));
        assertEquals(OprfException.Rule.ELEMENT_PREFIX, e.rule());
        assertEquals("blindedElements[1]", e.field());
        assertEquals(true, e.isElementRule());
    }

    @Test
    void refusesEmptyBatchesAndMismatchedAnswers() {
        assertEquals(OprfException.Rule.BATCH_SIZE, assertThrows(OprfException.class,
                () -> Oprf.VERIFIABLE.blindEvaluateBatch(KEY, List.of(), ScalarSource.secure())).rule());
        Exchange exchange = exchange(2, KEY);
        assertEquals(OprfException.Rule.BATCH_SIZE, assertThrows(OprfException.class,
                () -> exchange.finalizeWith(exchange.answer().evaluatedElements().subList(0, 1), exchange.answer().proof())).rule());
    }

    @Test
    void refusesMalformedProofs() {
        Exchange exchange = exchange(1, KEY);
        byte[] allOnes = new byte[64];
        java.util.Arrays.fill(allOnes, (byte) 0xff);
        for (byte[] proof : new byte[][] {new byte[63], new byte[65], allOnes}) {
            OprfException e = assertThrows(OprfException.class,
                    () -> exchange.finalizeWith(exchange.answer().evaluatedElements(), proof));
            assertEquals(OprfException.Rule.PROOF_FORMAT, e.rule());
        }
    }

    @Test
    void proofsUseAFreshNonceEachTime() {
        List<byte[]> elements = List.of(Oprf.VERIFIABLE.blind(new byte[] {9}, ScalarSource.secure()).blindedElement());
        byte[] first = Oprf.VERIFIABLE.blindEvaluateBatch(KEY, elements, ScalarSource.secure()).proof();
        byte[] second = Oprf.VERIFIABLE.blindEvaluateBatch(KEY, elements, ScalarSource.secure()).proof();
        assertEquals(false, java.util.Arrays.equals(first, second));
    }

    @Test
    void baseModeHasNoBatches() {
        assertThrows(IllegalStateException.class,
                () -> Oprf.BASE.blindEvaluateBatch(KEY, List.of(new byte[33]), ScalarSource.secure()));
        assertThrows(IllegalStateException.class,
                () -> Oprf.VERIFIABLE.finalizeOutput(new byte[1], Oprf.VERIFIABLE.blind(new byte[1], ScalarSource.secure()), new byte[33]));
    }

    /** A client's batch and the server's answer to it under {@code key}. */
    private record Exchange(List<byte[]> inputs, List<Blinded> blinds, BatchEvaluation answer) {
        List<byte[]> finalizeWith(List<byte[]> evaluated, byte[] proof) {
            return Oprf.VERIFIABLE.finalizeBatch(inputs, blinds, evaluated, proof, KEY.publicKey());
        }
    }

    private static Exchange exchange(int size, OprfKey key) {
        List<byte[]> inputs = inputs(size);
        List<Blinded> blinds = inputs.stream().map(i -> Oprf.VERIFIABLE.blind(i, ScalarSource.secure())).toList();
        BatchEvaluation answer = Oprf.VERIFIABLE.blindEvaluateBatch(key,
                blinds.stream().map(Blinded::blindedElement).toList(), ScalarSource.secure());
        return new Exchange(inputs, blinds, answer);
    }

    private static List<byte[]> inputs(int n) {
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inputs.add(("input-" + i).getBytes(StandardCharsets.US_ASCII));
        }
        return inputs;
    }
}
