package org.leakcheck.protocol.oprf;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;

/** {@link ScalarSource#fixed(byte[]...)}: a deterministic seam for replaying RFC vectors. */
final class FixedScalarSource implements ScalarSource {

    private static final String FIELD = "blind";

    private final Deque<BigInteger> remaining = new ArrayDeque<>();

    FixedScalarSource(byte[]... scalars) {
        for (byte[] scalar : scalars) {
            remaining.addLast(P256Group.deserializeScalar(scalar, FIELD));
        }
    }

    @Override
    public synchronized BigInteger nextScalar() {
        BigInteger next = remaining.pollFirst();
        if (next == null) {
            throw new IllegalStateException("oprf: fixed scalar source is exhausted");
        }
        return next;
    }
}
