package org.leakcheck.protocol.oprf.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.leakcheck.protocol.oprf.Blinded;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.OprfKey;
import org.leakcheck.protocol.oprf.ScalarSource;

/**
 * Benchmark of the evaluate Lambda's work: one {@link Oprf#blindEvaluate} (deserialize, multiply by
 * the key in constant time, serialize) and one {@link Oprf#blindEvaluateBatch} of Q elements with
 * its DLEQ proof, in mode 0x01. Not a test: run by {@code bench/oprf.sh}, which compares it with
 * OpenSSL's ECDH and {@code @noble/curves}.
 *
 * <p>Method: a pool of synthetic inputs (random digits in the canonical NIR layout, never real
 * identifiers) and their blinded elements; a timed warm-up so the JIT compiles the hot paths;
 * then rounds of many operations each, alternating the two operations so that a load spike on
 * the machine hits both alike. Each round yields a mean per operation; the result is the median
 * over rounds. Every result is folded into a checksum that is printed, so no call can be
 * optimised away. Round lines also show the thread's CPU time per operation: when other work
 * shares the machine, wall time rises but CPU time stays close to the cost of the code.
 *
 * <p>Output: one line per round, then {@code java: q=Q evaluate_us=N batch_evaluate_us=N}.
 * Arguments (all optional): warm-up seconds, rounds, operations per round, Q.
 */
public final class OprfBench {

    private static final int POOL_SIZE = 1024;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final byte NIR_TAG = 0x01;
    private static final int NIR_LENGTH = 15;

    /** RFC 9497 Appendix A.3 mode-1 key, so a run can be checked against the published vector. */
    private static final String RFC_SEED = "a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3";
    private static final String RFC_KEY_INFO = "74657374206b6579";
    private static final String RFC_BLINDED = "02dd05901038bb31a6fae01828fd8d0e49e35a486b5c5d4b4994013648c01277da";
    private static final String RFC_EVALUATED = "0209f33cab60cf8fe69239b0afbcfcd261af4c1c5632624f2e9ba29b90ae83e4a2";

    private interface Operation {
        byte[] run(int index);
    }

    private OprfBench() {
    }

    public static void main(String[] args) {
        double warmupSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 8;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        int perRound = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int q = args.length > 3 ? Integer.parseInt(args[3]) : 2;

        HexFormat hex = HexFormat.of();
        Oprf oprf = Oprf.VERIFIABLE;
        OprfKey key = oprf.deriveKeyPair(hex.parseHex(RFC_SEED), hex.parseHex(RFC_KEY_INFO));
        byte[] check = oprf.blindEvaluate(key, hex.parseHex(RFC_BLINDED));
        if (!hex.formatHex(check).equals(RFC_EVALUATED)) {
            throw new IllegalStateException("blindEvaluate does not reproduce RFC 9497 A.3 mode-1 vector 1");
        }

        byte[][] inputs = syntheticInputs();
        byte[][] blindedElements = new byte[POOL_SIZE][];
        ScalarSource blinds = ScalarSource.secure();
        for (int i = 0; i < POOL_SIZE; i++) {
            Blinded blinded = oprf.blind(inputs[i], blinds);
            blindedElements[i] = blinded.blindedElement();
        }
        ScalarSource nonces = ScalarSource.secure();
        Operation evaluate = i -> oprf.blindEvaluate(key, blindedElements[i % POOL_SIZE]);
        Operation batchEvaluate = i -> oprf.blindEvaluateBatch(key, batch(blindedElements, i, q), nonces).proof();

        long checksum = 0;
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        int warmupOps = 0;
        while (System.nanoTime() < warmupEnd) {
            checksum += timeRound(evaluate, 200, warmupOps).checksum;
            checksum += timeRound(batchEvaluate, 200 / q, warmupOps).checksum;
            warmupOps += 200;
        }
        System.out.printf(Locale.ROOT, "java: warm-up %.1f s (%d operations of each kind)%n", warmupSeconds, warmupOps);

        List<Double> evaluateMeans = new ArrayList<>();
        List<Double> batchMeans = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            Round e = timeRound(evaluate, perRound, r * perRound);
            Round b = timeRound(batchEvaluate, perRound / q, r * perRound);
            checksum += e.checksum + b.checksum;
            evaluateMeans.add(e.microsPerOp);
            batchMeans.add(b.microsPerOp);
            System.out.printf(Locale.ROOT,
                    "java: round %d/%d  blindEvaluate %.1f us (cpu %.1f)  batch of " + q + " with proof %.1f us (cpu %.1f)%n",
                    r + 1, rounds, e.microsPerOp, e.cpuMicrosPerOp, b.microsPerOp, b.cpuMicrosPerOp);
        }
        System.out.printf(Locale.ROOT, "java: checksum %d (%d operations per round, median of %d rounds)%n",
                checksum, perRound, rounds);
        System.out.printf(Locale.ROOT, "java: q=%d evaluate_us=%.1f batch_evaluate_us=%.1f%n",
                q, median(evaluateMeans), median(batchMeans));
    }

    /** {@code q} consecutive blinded elements of the pool, starting at {@code i * q}. */
    private static List<byte[]> batch(byte[][] pool, int i, int q) {
        List<byte[]> batch = new ArrayList<>(q);
        for (int j = 0; j < q; j++) {
            batch.add(pool[(i * q + j) % POOL_SIZE]);
        }
        return batch;
    }

    private record Round(double microsPerOp, double cpuMicrosPerOp, long checksum) {
    }

    private static Round timeRound(Operation operation, int count, int offset) {
        long checksum = 0;
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            byte[] result = operation.run(offset + i);
            checksum += result[result.length - 1];
        }
        long elapsed = System.nanoTime() - start;
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
        return new Round(elapsed / 1e3 / count, cpu / 1e3 / count, checksum);
    }

    /** Canonical NIR encodings (tag, u16 length, 15 ASCII digits) of random digit strings. */
    private static byte[][] syntheticInputs() {
        SplittableRandom random = new SplittableRandom(20210223L);
        byte[][] inputs = new byte[POOL_SIZE][];
        for (int i = 0; i < POOL_SIZE; i++) {
            StringBuilder digits = new StringBuilder(NIR_LENGTH);
            for (int d = 0; d < NIR_LENGTH; d++) {
                digits.append((char) ('0' + random.nextInt(10)));
            }
            byte[] ascii = digits.toString().getBytes(StandardCharsets.US_ASCII);
            byte[] encoded = new byte[3 + ascii.length];
            encoded[0] = NIR_TAG;
            encoded[1] = 0;
            encoded[2] = (byte) ascii.length;
            System.arraycopy(ascii, 0, encoded, 3, ascii.length);
            inputs[i] = encoded;
        }
        return inputs;
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
