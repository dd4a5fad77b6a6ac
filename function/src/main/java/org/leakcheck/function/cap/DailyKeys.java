package org.leakcheck.function.cap;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.leakcheck.protocol.keys.KeyMaterial;

/**
 * The keys under which the daily cap names a client: one per UTC day, so that a counter of one day
 * cannot be linked to the same client's counter of another day.
 *
 * <pre>
 * root      = HMAC-SHA256(paddingKey, "leakcheck-v2 client cap root")     the deployment's key file, §4.1
 * dayKey(d) = HMAC-SHA256(root, "leakcheck-v2 client cap day " || d)      d = ISO date, UTC
 * clientId  = HMAC-SHA256(dayKey(d), address bytes)[0..16)               the counter's table key
 * </pre>
 *
 * Where the key comes from: the OPRF key file the evaluate function already reads from Secrets
 * Manager (through the secret's own KMS key), so the cap adds no secret to keep. The padding key is
 * itself derived from the seed, and the labels keep these keys apart from every other use of it.
 * How it rotates: a new day key at every UTC midnight, by construction; a new root with the OPRF
 * key. Who can turn a counter back into an address (the IPv4 space is only 2^32 HMACs): only a
 * holder of the key file, who can already test any identity offline, a far greater power.
 */
public final class DailyKeys {
    static final String ROOT_LABEL = "leakcheck-v2 client cap root";
    static final String DAY_LABEL = "leakcheck-v2 client cap day ";
    /** Bytes of a client id: 128 bits, no collision among the clients of a day. */
    public static final int CLIENT_ID_BYTES = 16;

    private final byte[] root;
    private LocalDate cachedDay;
    private byte[] cachedKey;

    /** @param root 32 secret bytes; see the class comment */
    DailyKeys(byte[] root) {
        if (root.length != 32) {
            throw new IllegalArgumentException("cap: the root key must be 32 bytes");
        }
        this.root = root.clone();
    }

    /** The keys of a deployment, from its OPRF key file. */
    public static DailyKeys of(KeyMaterial key) {
        return new DailyKeys(hmac(key.paddingKey(), ROOT_LABEL.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The table key of {@code address} on {@code day}. */
    public synchronized byte[] clientId(ClientAddress address, LocalDate day) {
        if (!day.equals(cachedDay)) {
            cachedKey = hmac(root, (DAY_LABEL + day).getBytes(StandardCharsets.US_ASCII));
            cachedDay = day;
        }
        return Arrays.copyOf(hmac(cachedKey, address.bytes()), CLIENT_ID_BYTES);
    }

    static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "DailyKeys[<redacted>]";
    }
}
