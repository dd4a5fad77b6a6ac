package org.leakcheck.function.cap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import org.leakcheck.protocol.keys.KeyMaterial;

/** The day keys that name a client in the counter table. Pure Java. */
class DailyKeysTest {
    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);
    private static final ClientAddress ADDRESS = ClientAddress.parse("203.0.113.7").orElseThrow();

    private static KeyMaterial key(int first) {
        byte[] seed = new byte[32];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (first + i);
        }
        return KeyMaterial.fromSeed(seed);
    }

    @Test
    void namesAClientTheSameWayAllDaySoEveryInstanceCountsTogether() {
        byte[] id = DailyKeys.of(key(1)).clientId(ADDRESS, DAY);
        assertEquals(DailyKeys.CLIENT_ID_BYTES, id.length);
        assertArrayEquals(id, DailyKeys.of(key(1)).clientId(ADDRESS, DAY), "another instance, same key file");
    }

    @Test
    void rotatesTheNameAtEveryUtcMidnight() {
        DailyKeys keys = DailyKeys.of(key(1));
        byte[] today = keys.clientId(ADDRESS, DAY);
        byte[] tomorrow = keys.clientId(ADDRESS, DAY.plusDays(1));
        assertFalse(Arrays.equals(today, tomorrow), "two days of one client cannot be linked");
        assertArrayEquals(today, keys.clientId(ADDRESS, DAY), "the cached day key is the day's");
    }

    @Test
    void dependsOnTheDeploymentsKeyAndOnTheAddress() {
        assertFalse(Arrays.equals(DailyKeys.of(key(1)).clientId(ADDRESS, DAY), DailyKeys.of(key(2)).clientId(ADDRESS, DAY)));
        assertFalse(Arrays.equals(DailyKeys.of(key(1)).clientId(ADDRESS, DAY),
                DailyKeys.of(key(1)).clientId(ClientAddress.parse("203.0.113.8").orElseThrow(), DAY)));
    }

    @Test
    void isTheDocumentedDerivation() {
        byte[] root = DailyKeys.hmac(key(1).paddingKey(), "leakcheck-v2 client cap root".getBytes());
        byte[] day = DailyKeys.hmac(root, "leakcheck-v2 client cap day 2026-12-01".getBytes());
        byte[] expected = Arrays.copyOf(DailyKeys.hmac(day, HexFormat.of().parseHex("04cb007107")), 16);
        assertArrayEquals(expected, DailyKeys.of(key(1)).clientId(ADDRESS, DAY));
        assertFalse(DailyKeys.of(key(1)).toString().matches(".*[0-9a-f]{16}.*"));
    }
}
