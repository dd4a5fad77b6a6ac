package org.leakcheck.protocol.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.leakcheck.protocol.oprf.OprfException;

class KeyMaterialTest {
    private static final KeyMaterial KEY = KeyMaterial.generate(new SecureRandom(), LocalDate.of(2026, 11, 29));

    @Test
    void roundTripsThroughJson() {
        KeyMaterial parsed = KeyMaterial.parse(KEY.toJson());
        assertEquals(KEY.keyId(), parsed.keyId());
        assertArrayEquals(KEY.key().serialize(), parsed.key().serialize());
    }

    @Test
    void keyIdCarriesTheDateAndDependsOnlyOnThePublicKey() {
        assertTrue(KEY.keyId().matches("k-20261129-[0-9a-f]{8}"), KEY.keyId());
        assertEquals(KEY.keyId(), KeyMaterial.keyIdFor(KEY.key(), LocalDate.of(2026, 11, 29)));
    }

    @Test
    void toStringNeverShowsThePrivateKey() {
        String privateKey = KEY.toJson().replaceAll(".*\"privateKey\": \"([^\"]+)\".*\\s*", "$1");
        assertFalse(KEY.toString().contains(privateKey));
        assertFalse(KEY.key().toString().contains(privateKey));
    }

    @Test
    void rejectsMalformedDocumentsWithoutEchoingThem() {
        String secret = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI";
        for (String bad : new String[] {
                "", "[]", "{}", "{\"keyId\": \"a\"}",
                "{\"keyId\": \"a\", \"suite\": \"P256-SHA256\", \"privateKey\": \"" + secret + "\", \"x\": \"y\"}",
                "{\"keyId\": \"a\", \"suite\": \"P384-SHA384\", \"privateKey\": \"" + secret + "\"}",
                "{\"keyId\": \"a\", \"keyId\": \"b\", \"privateKey\": \"" + secret + "\"}",
                "{\"keyId\": \"a b\", \"suite\": \"P256-SHA256\", \"privateKey\": \"" + secret + "\"}"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyMaterial.parse(bad), bad);
            assertFalse(e.getMessage().contains(secret));
        }
    }

    @Test
    void rejectsAZeroPrivateKey() {
        String zero = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assertThrows(OprfException.class,
                () -> KeyMaterial.parse("{\"keyId\": \"a\", \"suite\": \"P256-SHA256\", \"privateKey\": \"" + zero + "\"}"));
    }
}
