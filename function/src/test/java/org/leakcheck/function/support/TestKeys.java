package org.leakcheck.function.support;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.lookup.Labels;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.OprfKey;

/** A fixed OPRF key for tests (never a production key: its seed is public). */
public final class TestKeys {

    private TestKeys() {
    }

    public static KeyMaterial key() {
        byte[] seed = new byte[32];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (0xA0 + i);
        }
        OprfKey key = Oprf.deriveKeyPair(seed, Labels.KEY_INFO.getBytes(StandardCharsets.US_ASCII));
        return new KeyMaterial(KeyMaterial.keyIdFor(key, LocalDate.of(2026, 11, 29)), key);
    }
}
