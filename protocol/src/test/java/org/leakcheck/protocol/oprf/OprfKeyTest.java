package org.leakcheck.protocol.oprf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

/**
 * Private keys are checked where they are parsed (no zero, nothing at or above n, exactly 32
 * bytes), serialize back to the same bytes, and derive the public key of the RFC vectors.
 */
class OprfKeyTest {

    @Test
    void rejectsZeroScalar() {
        OprfException e = assertThrows(OprfException.class, () -> OprfKey.deserialize(new byte[32]));
        assertEquals("scalar.zero", e.rule().code());
        assertEquals("oprf: private key must not be zero [scalar.zero]", e.getMessage());
    }

    @Test
    void rejectsScalarEqualToGroupOrder() {
        OprfException e = assertThrows(OprfException.class,
                () -> OprfKey.deserialize(scalarBytes(P256Group.ORDER)));
        assertEquals("scalar.range", e.rule().code());
    }

    @Test
    void rejectsScalarAboveGroupOrder() {
        assertThrows(OprfException.class,
                () -> OprfKey.deserialize(scalarBytes(P256Group.ORDER.add(BigInteger.ONE))));
        byte[] allOnes = new byte[32];
        java.util.Arrays.fill(allOnes, (byte) 0xFF);
        assertThrows(OprfException.class, () -> OprfKey.deserialize(allOnes));
    }

    @Test
    void rejectsScalarOfWrongLength() {
        for (int length : new int[] {0, 31, 33, 64}) {
            OprfException e = assertThrows(OprfException.class,
                    () -> OprfKey.deserialize(new byte[length]));
            assertEquals("scalar.length", e.rule().code());
        }
    }

    @Test
    void acceptsExtremesOfValidRange() {
        byte[] one = scalarBytes(BigInteger.ONE);
        byte[] orderMinusOne = scalarBytes(P256Group.ORDER.subtract(BigInteger.ONE));
        assertArrayEquals(one, OprfKey.deserialize(one).serialize());
        assertArrayEquals(orderMinusOne, OprfKey.deserialize(orderMinusOne).serialize());
        assertArrayEquals(P256Group.GENERATOR.getEncoded(true), OprfKey.deserialize(one).publicKey());
    }

    @Test
    void serializationRoundTrips() {
        OprfKey key = Oprf.BASE.generateKey(new SecureRandom(), "leakcheck-test/oprf-key".getBytes());
        byte[] serialized = key.serialize();
        assertEquals(32, serialized.length);
        OprfKey copy = OprfKey.deserialize(serialized);
        assertArrayEquals(serialized, copy.serialize());
        assertArrayEquals(key.publicKey(), copy.publicKey());
    }

    @Test
    void publicKeyMatchesRfcVectorOfVerifiableMode() {
        // Mode 0 vectors carry no pkSm; mode 1 (VOPRF) does, for its own skSm. pkSm = skSm * G
        // is the same computation in every mode.
        for (JsonNode suite : RfcVectors.load("rfc9497-p256-sha256.json")) {
            if (suite.has("pkSm")) {
                OprfKey key = OprfKey.deserialize(RfcVectors.hex(suite.get("skSm")));
                assertEquals(suite.get("pkSm").asText(), RfcVectors.hex(key.publicKey()));
            }
        }
    }

    @Test
    void publicKeyIsCompressedPoint() {
        byte[] publicKey = Oprf.BASE.generateKey(new SecureRandom(), new byte[0]).publicKey();
        assertEquals(33, publicKey.length);
        Elements.validate(publicKey, "element");
    }

    @Test
    void toStringHidesPrivateScalar() {
        OprfKey key = OprfKey.deserialize(HexFormat.of()
                .parseHex("159749d750713afe245d2d39ccfaae8381c53ce92d098a9375ee70739c7ac0bf"));
        assertFalse(key.toString().contains("159749d7"), key.toString());
        assertFalse(key.toString().toLowerCase().contains(new BigInteger(1, key.serialize()).toString().substring(0, 10)));
    }

    private static byte[] scalarBytes(BigInteger value) {
        return BigIntegers.asUnsignedByteArray(32, value);
    }
}
