package org.leakcheck.protocol.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.leakcheck.protocol.encoding.Base64Url;

class KeyMaterialTest {
    private static final KeyMaterial KEY = KeyMaterial.generate(new SecureRandom());
    private static final String SEED = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI";

    @Test
    void roundTripsThroughJson() {
        KeyMaterial parsed = KeyMaterial.parse(KEY.toJson());
        assertEquals(KEY.keyId(), parsed.keyId());
        assertArrayEquals(KEY.key().serialize(), parsed.key().serialize());
        assertArrayEquals(KEY.paddingKey(), parsed.paddingKey());
    }

    @Test
    void keyIdIsTheHashOfThePublicKey() {
        assertTrue(KeyIds.isValid(KEY.keyId()), KEY.keyId());
        assertEquals(KeyIds.of(KEY.key().publicKey()), KEY.keyId());
        assertEquals(KEY.keyId(), KEY.publicKey().keyId());
    }

    @Test
    void paddingKeyIsDerivedFromTheSeedNotTheScalar() {
        assertFalse(java.util.Arrays.equals(KEY.paddingKey(), KEY.key().serialize()));
        assertEquals(32, KEY.paddingKey().length);
    }

    @Test
    void toStringNeverShowsTheSeed() {
        String seed = KEY.toJson().replaceAll("(?s).*\"seed\": \"([^\"]+)\".*", "$1");
        assertFalse(KEY.toString().contains(seed));
        assertFalse(KEY.key().toString().contains(seed));
        assertFalse(KEY.publicKey().toJson().contains(seed));
    }

    @Test
    void rejectsMalformedDocumentsWithoutEchoingThem() {
        String id = KEY.keyId();
        for (String bad : new String[] {
                "", "[]", "{}", "{\"keyId\": \"" + id + "\"}",
                "{\"keyId\": \"" + id + "\", \"suite\": \"P256-SHA256\", \"mode\": \"VOPRF\", \"seed\": \"" + SEED + "\", \"x\": \"y\"}",
                "{\"keyId\": \"" + id + "\", \"suite\": \"P384-SHA384\", \"mode\": \"VOPRF\", \"seed\": \"" + SEED + "\"}",
                "{\"keyId\": \"" + id + "\", \"suite\": \"P256-SHA256\", \"mode\": \"OPRF\", \"seed\": \"" + SEED + "\"}",
                "{\"keyId\": \"" + id + "\", \"keyId\": \"" + id + "\", \"mode\": \"VOPRF\", \"seed\": \"" + SEED + "\"}",
                "{\"keyId\": \"" + id + "\", \"suite\": \"P256-SHA256\", \"mode\": \"VOPRF\", \"privateKey\": \"" + SEED + "\"}",
                "{\"keyId\": \"" + id + "\", \"suite\": \"P256-SHA256\", \"mode\": \"VOPRF\", \"seed\": \"" + SEED + "\"}",
                "{\"keyId\": \"" + id + "\", \"suite\": \"P256-SHA256\", \"mode\": \"VOPRF\", \"seed\": \"" + SEED + "A\"}",
                "{\"keyId\": \"" + id + "\", \"suite\": \"P256-SHA256\", \"mode\": \"VOPRF\", \"seed\": \"c2VjcmV0\"}"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyMaterial.parse(bad), bad);
            assertFalse(e.getMessage().contains(SEED));
            assertTrue(e.getMessage().startsWith("key"), e.getMessage());
        }
    }

    @Test
    void rejectsAKeyIdThatIsNotTheSeedsKey() {
        String json = KEY.toJson().replace(KEY.keyId(), "0123456789abcdef");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyMaterial.parse(json));
        assertTrue(e.getMessage().contains("keyId"));
    }

    @Test
    void publicKeyFileRoundTripsAndIsCheckedAgainstItsId() {
        PinnedKey pinned = PinnedKey.parse(KEY.publicKey().toJson());
        assertEquals(KEY.publicKey(), pinned);
        assertTrue(pinned.matches(KEY.key().publicKey()));
        String wrongId = KEY.publicKey().toJson().replace(KEY.keyId(), "0123456789abcdef");
        assertThrows(IllegalArgumentException.class, () -> PinnedKey.parse(wrongId));
        String notAPoint = KEY.publicKey().toJson().replace(KEY.publicKey().publicKeyBase64Url(),
                Base64Url.encode(new byte[33]));
        assertThrows(IllegalArgumentException.class, () -> PinnedKey.parse(notAPoint));
    }

    @Test
    void keyIdRuleIsSixteenLowerHexCharacters() {
        assertTrue(KeyIds.isValid("0123456789abcdef"));
        for (String bad : new String[] {null, "", "0123456789ABCDEF", "0123456789abcde", "0123456789abcdef0", "k-20261129-3f9a0c1e"}) {
            assertFalse(KeyIds.isValid(bad), String.valueOf(bad));
        }
    }
}
