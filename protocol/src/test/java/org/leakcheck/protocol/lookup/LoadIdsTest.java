package org.leakcheck.protocol.lookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The content digest and load id of docs/protocol.md §6.3, scope byte included. */
class LoadIdsTest {
    private static final byte[] X = HexFormat.of().parseHex("01000f313835303537353939393030313530");
    private static final byte[] Y = HexFormat.of().parseHex("02000141000142000a313938302d30352d3331");

    @Test
    void recordIsLengthIdentityMaskAndScope() throws Exception {
        LoadIds.Digest digest = new LoadIds.Digest();
        digest.add(X, 0x0082, false);
        assertArrayEquals(sha256(record(X, 0x0082, 0x00)), digest.value());

        LoadIds.Digest membership = new LoadIds.Digest();
        membership.add(X, 0, true);
        assertArrayEquals(sha256(record(X, 0, 0x01)), membership.value());
    }

    @Test
    void scopeChangesTheDigest() {
        LoadIds.Digest kinds = new LoadIds.Digest();
        kinds.add(X, 0, false);
        LoadIds.Digest membership = new LoadIds.Digest();
        membership.add(X, 0, true);
        assertFalse(Arrays.equals(kinds.value(), membership.value()));
    }

    @Test
    void digestIsTheSumWhateverTheOrderAndTheSplit() {
        LoadIds.Digest a = new LoadIds.Digest();
        a.add(X, 3, false);
        a.add(Y, 0, true);
        LoadIds.Digest b = new LoadIds.Digest();
        b.add(Y, 0, true);
        LoadIds.Digest c = new LoadIds.Digest();
        c.add(X, 3, false);
        b.add(c);
        assertArrayEquals(a.value(), b.value());
        BigInteger sum = new BigInteger(1, sha256(record(X, 3, 0))).add(new BigInteger(1, sha256(record(Y, 0, 1))))
                .mod(BigInteger.ONE.shiftLeft(256));
        assertEquals(sum, new BigInteger(1, a.value()));
    }

    @Test
    void refusesAMembershipOnlyEntryWithAMaskAndOutOfRangeValues() {
        LoadIds.Digest digest = new LoadIds.Digest();
        assertThrows(IllegalArgumentException.class, () -> digest.add(X, 1, true));
        assertThrows(IllegalArgumentException.class, () -> digest.add(X, -1, false));
        assertThrows(IllegalArgumentException.class, () -> digest.add(X, 0x10000, false));
        assertThrows(IllegalArgumentException.class, () -> digest.add(new byte[0x10000], 0, false));
        assertArrayEquals(new byte[32], digest.value(), "nothing was added");
    }

    @Test
    void loadIdChangesWithTheScopeOfOneEntry() {
        byte[] key = new byte[32];
        LoadIds.Digest kinds = new LoadIds.Digest();
        kinds.add(X, 0, false);
        LoadIds.Digest membership = new LoadIds.Digest();
        membership.add(X, 0, true);
        assertFalse(Arrays.equals(LoadIds.derive(key, "labs-2021", 3, kinds), LoadIds.derive(key, "labs-2021", 3, membership)));
        assertEquals(DatasetLoad.LOAD_ID_SIZE, LoadIds.derive(key, "labs-2021", 3, kinds).length);
    }

    private static byte[] record(byte[] x, int mask, int scope) {
        byte[] label = (Labels.CONTENT).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[label.length + 1 + 2 + x.length + 3];
        System.arraycopy(label, 0, out, 0, label.length);
        int at = label.length + 1;
        out[at++] = (byte) (x.length >>> 8);
        out[at++] = (byte) x.length;
        System.arraycopy(x, 0, out, at, x.length);
        at += x.length;
        out[at++] = (byte) (mask >>> 8);
        out[at++] = (byte) mask;
        out[at] = (byte) scope;
        return out;
    }

    private static byte[] sha256(byte[] message) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(message);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
