package org.leakcheck.protocol.oprf;

import java.math.BigInteger;

/**
 * The client's state after RFC 9497 §3.3.1 Blind: the secret blind {@code r}, kept for
 * Finalize, and the blinded element {@code M = r * HashToGroup(input)}, sent to the server.
 *
 * <p>The blind is secret: with it, the blinded element reveals the hashed input. Keep this
 * object in memory for one exchange only; {@link #toString()} never shows the blind.
 */
public final class Blinded {

    private final BigInteger blind;
    private final byte[] blindedElement;

    Blinded(BigInteger blind, byte[] blindedElement) {
        this.blind = blind;
        this.blindedElement = blindedElement.clone();
    }

    /** The 33-byte serialized blinded element to send to the server (RFC 9497 §4.3 encoding). */
    public byte[] blindedElement() {
        return blindedElement.clone();
    }

    /** The 32-byte serialized blind (secret). */
    public byte[] blindScalar() {
        return P256Group.serializeScalar(blind);
    }

    BigInteger blind() {
        return blind;
    }

    @Override
    public String toString() {
        return "Blinded[blind=<redacted>]";
    }
}
