package org.leakcheck.protocol.oprf;

/**
 * The RFC 9497 §3.1 modes this package implements. leakcheck runs {@link #VOPRF}; {@link #OPRF}
 * exists so that the RFC's mode-0 vectors replay through the same code.
 */
public enum Mode {
    /** Mode 0x00: the base OPRF, no proof. */
    OPRF(0x00),
    /** Mode 0x01: the verifiable OPRF; every evaluation carries a DLEQ proof under the public key. */
    VOPRF(0x01);

    private final int id;

    Mode(int id) {
        this.id = id;
    }

    /** The mode byte of the RFC 9497 context string. */
    public int id() {
        return id;
    }
}
