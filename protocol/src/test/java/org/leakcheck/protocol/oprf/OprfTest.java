package org.leakcheck.protocol.oprf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * End-to-end behaviour of the OPRF with real randomness: the blind / blind-evaluate / finalize
 * round trip gives the same output as Evaluate, outputs depend on key and input, and inputs and
 * parameters outside the RFC's limits are refused. Pure unit tests.
 */
class OprfTest {

    private static final byte[] INFO = "leakcheck-test/oprf-key".getBytes(StandardCharsets.US_ASCII);

    @Test
    void roundTripOutputEqualsDirectEvaluation() {
        OprfKey key = Oprf.BASE.generateKey(new SecureRandom(), INFO);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20; i++) {
            byte[] input = new byte[random.nextInt(0, 64)];
            random.nextBytes(input);
            Blinded blinded = Oprf.BASE.blind(input, ScalarSource.secure());
            byte[] evaluated = Oprf.BASE.blindEvaluate(key, blinded.blindedElement());
            byte[] output = Oprf.BASE.finalizeOutput(input, blinded, evaluated);
            assertEquals(32, output.length);
            assertArrayEquals(Oprf.BASE.evaluate(key, input), output);
        }
    }

    @Test
    void outputDependsOnKey() {
        byte[] input = syntheticNirEncoding();
        OprfKey first = Oprf.BASE.generateKey(new SecureRandom(), INFO);
        OprfKey second = Oprf.BASE.generateKey(new SecureRandom(), INFO);
        assertFalse(Arrays.equals(Oprf.BASE.evaluate(first, input), Oprf.BASE.evaluate(second, input)));
    }

    @Test
    void outputDependsOnInput() {
        OprfKey key = Oprf.BASE.generateKey(new SecureRandom(), INFO);
        byte[] input = syntheticNirEncoding();
        byte[] other = input.clone();
        other[other.length - 1] ^= 1;
        assertFalse(Arrays.equals(Oprf.BASE.evaluate(key, input), Oprf.BASE.evaluate(key, other)));
    }

    @Test
    void deriveKeyPairIsDeterministicAndSeparatesInfo() {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) 7);
        assertArrayEquals(Oprf.BASE.deriveKeyPair(seed, INFO).serialize(), Oprf.BASE.deriveKeyPair(seed, INFO).serialize());
        assertNotEquals(HexFormat.of().formatHex(Oprf.BASE.deriveKeyPair(seed, INFO).serialize()),
                HexFormat.of().formatHex(Oprf.BASE.deriveKeyPair(seed, new byte[0]).serialize()));
    }

    @Test
    void rejectsSeedOfWrongLength() {
        OprfException e = assertThrows(OprfException.class, () -> Oprf.BASE.deriveKeyPair(new byte[16], INFO));
        assertEquals("seed.length", e.rule().code());
    }

    @Test
    void rejectsInfoLongerThanLengthPrefix() {
        OprfException e = assertThrows(OprfException.class,
                () -> Oprf.BASE.deriveKeyPair(new byte[32], new byte[65536]));
        assertEquals("info.length", e.rule().code());
    }

    @Test
    void rejectsInputLongerThanLengthPrefix() {
        OprfKey key = Oprf.BASE.generateKey(new SecureRandom(), INFO);
        byte[] tooLong = new byte[65536];
        assertEquals("input.length",
                assertThrows(OprfException.class, () -> Oprf.BASE.evaluate(key, tooLong)).rule().code());
        assertEquals("input.length",
                assertThrows(OprfException.class, () -> Oprf.BASE.blind(tooLong, ScalarSource.secure())).rule().code());
    }

    @Test
    void acceptsInputOfMaximumLength() {
        OprfKey key = Oprf.BASE.generateKey(new SecureRandom(), INFO);
        byte[] longest = new byte[65535];
        Blinded blinded = Oprf.BASE.blind(longest, ScalarSource.secure());
        byte[] output = Oprf.BASE.finalizeOutput(longest, blinded, Oprf.BASE.blindEvaluate(key, blinded.blindedElement()));
        assertArrayEquals(Oprf.BASE.evaluate(key, longest), output);
    }

    @Test
    void finalizeWithWrongInputGivesDifferentOutput() {
        OprfKey key = Oprf.BASE.generateKey(new SecureRandom(), INFO);
        byte[] input = syntheticNirEncoding();
        Blinded blinded = Oprf.BASE.blind(input, ScalarSource.secure());
        byte[] evaluated = Oprf.BASE.blindEvaluate(key, blinded.blindedElement());
        byte[] other = input.clone();
        other[3] ^= 1;
        assertFalse(Arrays.equals(Oprf.BASE.evaluate(key, input), Oprf.BASE.finalizeOutput(other, blinded, evaluated)));
    }

    @Test
    void blindedStateExposesBlindOnlyThroughAccessor() {
        Blinded blinded = Oprf.BASE.blind(syntheticNirEncoding(), ScalarSource.secure());
        assertEquals(32, blinded.blindScalar().length);
        assertEquals(33, blinded.blindedElement().length);
        assertFalse(blinded.toString().contains(HexFormat.of().formatHex(blinded.blindScalar()).substring(0, 8)));
    }

    @Test
    void concurrentEvaluationsMatchSequentialOnes() throws Exception {
        // The loader evaluates on several threads; per-thread hashers must not interfere.
        OprfKey key = Oprf.BASE.generateKey(new SecureRandom(), INFO);
        byte[][] inputs = new byte[64][];
        byte[][] expected = new byte[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = new byte[] {0x01, 0x00, 0x02, (byte) i, (byte) (i * 7)};
            expected[i] = Oprf.BASE.evaluate(key, inputs[i]);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < inputs.length; i++) {
                        if (!Arrays.equals(expected[i], Oprf.BASE.evaluate(key, inputs[i]))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void suiteIdentifierIsP256Sha256() {
        assertEquals("P256-SHA256", Oprf.SUITE);
    }

    /** Canonical NIR layout (tag, u16 length, 15 digits) around synthetic digits. */
    private static byte[] syntheticNirEncoding() {
        byte[] digits = "199990000000042".getBytes(StandardCharsets.US_ASCII);
        byte[] encoded = new byte[3 + digits.length];
        encoded[0] = 0x01;
        encoded[2] = (byte) digits.length;
        System.arraycopy(digits, 0, encoded, 3, digits.length);
        return encoded;
    }
}
