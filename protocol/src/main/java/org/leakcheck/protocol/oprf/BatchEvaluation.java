package org.leakcheck.protocol.oprf;

import java.util.List;

/**
 * The server's answer to a batch (RFC 9497 §3.3.2 BlindEvaluateBatch): one evaluated element per
 * blinded element, in the same order, and one proof for all of them.
 *
 * @param evaluatedElements 33-byte serialized elements {@code Z_i = skS * M_i}
 * @param proof             64 bytes, {@code SerializeScalar(c) || SerializeScalar(s)}
 */
public record BatchEvaluation(List<byte[]> evaluatedElements, byte[] proof) {
    public BatchEvaluation {
        evaluatedElements = evaluatedElements.stream().map(byte[]::clone).toList();
        proof = proof.clone();
    }

    @Override
    public byte[] proof() {
        return proof.clone();
    }
}
