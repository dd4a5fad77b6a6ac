package org.leakcheck.function.support;

import org.leakcheck.protocol.keys.KeyMaterial;

/** Fixed keys for tests (never production keys: their seeds are public). */
public final class TestKeys {

    private TestKeys() {
    }

    /** The deployment's key of the tests. */
    public static KeyMaterial key() {
        return fromSeedStartingAt(0xA0);
    }

    /** Another key: a forged service's, or one that loaded a dataset this deployment must not serve. */
    public static KeyMaterial otherKey() {
        return fromSeedStartingAt(0x40);
    }

    private static KeyMaterial fromSeedStartingAt(int first) {
        byte[] seed = new byte[32];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (first + i);
        }
        return KeyMaterial.fromSeed(seed);
    }
}
