package org.leakcheck.protocol.oprf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.hash2curve.HashToCurveProfile;
import org.bouncycastle.crypto.hash2curve.HashToEllipticCurve;
import org.bouncycastle.crypto.hash2curve.HashToField;
import org.bouncycastle.crypto.hash2curve.impl.SimplifiedShallueVanDeWoestijneMapToCurve;
import org.bouncycastle.crypto.hash2curve.impl.XmdMessageExpansion;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays RFC 9380 Appendix J.1.1 (P256_XMD:SHA-256_SSWU_RO_) and Appendix K.1
 * (expand_message_xmd with SHA-256, short and long DST) through the pieces our HashToGroup is
 * built from, checking each intermediate value: DST_prime, msg_prime and uniform_bytes (a
 * test-side reference expander), uniform_bytes from our {@link XmdSha256Expansion} and from
 * Bouncy Castle's, u[0..1], Q0, Q1 and P. Each step of ours is also checked against Bouncy
 * Castle's counterpart on the same vectors.
 *
 * <p>Needs only the vector files under {@code src/test/resources/rfc/}.
 */
class Rfc9380VectorsTest {

    private static final String HASH_TO_CURVE_FILE = "P256_XMD-SHA-256_SSWU_RO_.json";
    private static final int SECURITY_BITS = 128;
    private static final int FIELD_ELEMENT_BYTES = 48;

    @TestFactory
    Stream<DynamicTest> hashToCurveVectorsReplayStepByStep() {
        JsonNode file = RfcVectors.load(HASH_TO_CURVE_FILE);
        assertEquals("P256_XMD:SHA-256_SSWU_RO_", file.get("ciphersuite").asText());
        String dstText = file.get("dst").asText();
        byte[] dst = dstText.getBytes(StandardCharsets.US_ASCII);
        HashToField hashToField = new HashToField(dst, P256Group.CURVE, new XmdSha256Expansion(), FIELD_ELEMENT_BYTES);
        HashToField bouncyCastleHashToField = new HashToField(dst, P256Group.CURVE,
                new XmdMessageExpansion(new SHA256Digest(), SECURITY_BITS), FIELD_ELEMENT_BYTES);
        P256SswuMap ourMap = new P256SswuMap(P256Group.CURVE);
        SimplifiedShallueVanDeWoestijneMapToCurve bouncyCastleMap = new SimplifiedShallueVanDeWoestijneMapToCurve(
                P256Group.CURVE, HashToCurveProfile.P256_XMD_SHA_256.getZ());
        HashToEllipticCurve ours = P256HashToCurve.create(P256Group.CURVE, dst);
        HashToEllipticCurve bouncyCastle = HashToEllipticCurve.getInstance(HashToCurveProfile.P256_XMD_SHA_256, dstText);

        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode vector : file.get("vectors")) {
            byte[] msg = vector.get("msg").asText().getBytes(StandardCharsets.US_ASCII);
            String name = "msg \"" + abbreviate(vector.get("msg").asText()) + "\"";
            tests.add(DynamicTest.dynamicTest(name + " u[0], u[1] from hash_to_field with our expander", () -> {
                BigInteger[][] u = hashToField.process(msg, 2);
                assertEquals(field(vector.get("u").get(0)), u[0][0]);
                assertEquals(field(vector.get("u").get(1)), u[1][0]);
            }));
            tests.add(DynamicTest.dynamicTest(name + " u[0], u[1] from hash_to_field with Bouncy Castle's", () -> {
                BigInteger[][] u = bouncyCastleHashToField.process(msg, 2);
                assertEquals(field(vector.get("u").get(0)), u[0][0]);
                assertEquals(field(vector.get("u").get(1)), u[1][0]);
            }));
            tests.add(DynamicTest.dynamicTest(name + " Q0, Q1 from our map_to_curve", () -> {
                assertPoint(vector.get("Q0"), ourMap.process(field(vector.get("u").get(0))));
                assertPoint(vector.get("Q1"), ourMap.process(field(vector.get("u").get(1))));
            }));
            tests.add(DynamicTest.dynamicTest(name + " Q0, Q1 from Bouncy Castle's map_to_curve", () -> {
                assertPoint(vector.get("Q0"), bouncyCastleMap.process(field(vector.get("u").get(0))));
                assertPoint(vector.get("Q1"), bouncyCastleMap.process(field(vector.get("u").get(1))));
            }));
            tests.add(DynamicTest.dynamicTest(name + " P from our hash_to_curve", () ->
                    assertPoint(vector.get("P"), ours.hashToCurve(msg))));
            tests.add(DynamicTest.dynamicTest(name + " P from Bouncy Castle's hash_to_curve", () ->
                    assertPoint(vector.get("P"), bouncyCastle.hashToCurve(msg))));
        }
        assertTrue(tests.size() >= 30, "the file holds the five RFC 9380 J.1.1 vectors");
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> expandMessageXmdShortDstVectors() {
        return expandMessageVectors("expand_message_xmd_SHA256_38.json");
    }

    @TestFactory
    Stream<DynamicTest> expandMessageXmdLongDstVectors() {
        // The DST is 256 bytes, so RFC 9380 §5.3.3 replaces it by a hash first.
        return expandMessageVectors("expand_message_xmd_SHA256_256.json");
    }

    private static Stream<DynamicTest> expandMessageVectors(String fileName) {
        JsonNode file = RfcVectors.load(fileName);
        assertEquals("expand_message_xmd", file.get("name").asText());
        assertEquals("SHA256", file.get("hash").asText());
        byte[] dst = file.get("DST").asText().getBytes(StandardCharsets.US_ASCII);
        // Bouncy Castle's expander refuses DSTs over 255 bytes instead of applying RFC 9380
        // §5.3.3; it gets the reduced DST, which is what §5.3.3 feeds to §5.3.1 anyway.
        byte[] dstPrime = ExpandMessageXmd.dstPrime(dst);
        byte[] bouncyCastleDst = java.util.Arrays.copyOf(dstPrime, dstPrime.length - 1);
        XmdMessageExpansion expansion = new XmdMessageExpansion(new SHA256Digest(), file.get("k").asInt());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode vector : file.get("tests")) {
            byte[] msg = vector.get("msg").asText().getBytes(StandardCharsets.US_ASCII);
            int length = Integer.decode(vector.get("len_in_bytes").asText());
            String name = "msg \"" + abbreviate(vector.get("msg").asText()) + "\" len " + length;
            tests.add(DynamicTest.dynamicTest(name + " DST_prime, msg_prime, uniform_bytes (reference)", () -> {
                assertEquals(vector.get("DST_prime").asText(), RfcVectors.hex(ExpandMessageXmd.dstPrime(dst)));
                assertEquals(vector.get("msg_prime").asText(), RfcVectors.hex(ExpandMessageXmd.msgPrime(msg, dst, length)));
                assertEquals(vector.get("uniform_bytes").asText(), RfcVectors.hex(ExpandMessageXmd.expand(msg, dst, length)));
            }));
            tests.add(DynamicTest.dynamicTest(name + " uniform_bytes (ours)", () -> {
                byte[] uniform = new XmdSha256Expansion().expandMessage(msg, dst, length);
                assertEquals(vector.get("uniform_bytes").asText(), RfcVectors.hex(uniform));
            }));
            tests.add(DynamicTest.dynamicTest(name + " uniform_bytes (Bouncy Castle)", () -> {
                byte[] uniform = expansion.expandMessage(msg, bouncyCastleDst, length);
                assertEquals(vector.get("uniform_bytes").asText(), RfcVectors.hex(uniform));
            }));
        }
        assertEquals(30, tests.size(), fileName + " holds ten vectors");
        return tests.stream();
    }

    private static void assertPoint(JsonNode expected, ECPoint actual) {
        ECPoint affine = actual.normalize();
        assertEquals(field(expected.get("x")), affine.getAffineXCoord().toBigInteger(), "x");
        assertEquals(field(expected.get("y")), affine.getAffineYCoord().toBigInteger(), "y");
    }

    /** Field elements in the RFC 9380 files are 0x-prefixed big-endian hex. */
    private static BigInteger field(JsonNode node) {
        String text = node.asText();
        return new BigInteger(text.startsWith("0x") ? text.substring(2) : text, 16);
    }

    private static String abbreviate(String msg) {
        return msg.length() <= 16 ? msg : msg.substring(0, 16) + "...(" + msg.length() + " bytes)";
    }
}
