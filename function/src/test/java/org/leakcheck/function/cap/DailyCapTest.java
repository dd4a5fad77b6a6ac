package org.leakcheck.function.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The cap's arithmetic and its day boundary, on an in-memory store. Pure Java. */
class DailyCapTest {
    /** The CapStore contract, in memory. */
    static final class MemoryStore implements CapStore {
        final Map<ByteBuffer, Integer> counts = new HashMap<>();
        long lastExpiry;

        @Override
        public boolean addWithin(byte[] clientId, int elements, int limit, long expiresAt) {
            int current = counts.getOrDefault(ByteBuffer.wrap(clientId), 0);
            if (current + elements > limit) {
                return false;
            }
            counts.put(ByteBuffer.wrap(clientId), current + elements);
            lastExpiry = expiresAt;
            return true;
        }
    }

    private static final ClientAddress A = ClientAddress.parse("203.0.113.7").orElseThrow();
    private static final ClientAddress B = ClientAddress.parse("203.0.113.8").orElseThrow();
    private static final DailyKeys KEYS = new DailyKeys(new byte[32]);

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    @Test
    void admitsElementsUpToTheDailyLimitThenRefusesWithoutCounting() {
        MemoryStore store = new MemoryStore();
        DailyCap cap = new DailyCap(store, KEYS, 10, at("2026-12-01T10:00:00Z"));
        assertTrue(cap.admit(A, 4));
        assertTrue(cap.admit(A, 4));
        assertFalse(cap.admit(A, 4), "8 + 4 > 10");
        assertTrue(cap.admit(A, 2), "8 + 2 = 10: the refused batch counted nothing");
        assertFalse(cap.admit(A, 1));
        assertTrue(cap.admit(B, 4), "another address has its own day");
    }

    @Test
    void startsAFreshCounterAtUtcMidnightThatExpiresAtTheNext() {
        MemoryStore store = new MemoryStore();
        assertTrue(new DailyCap(store, KEYS, 4, at("2026-12-01T23:59:59Z")).admit(A, 4));
        assertEquals(Instant.parse("2026-12-02T00:00:00Z").getEpochSecond(), store.lastExpiry);
        assertFalse(new DailyCap(store, KEYS, 4, at("2026-12-01T23:59:59Z")).admit(A, 1));
        assertTrue(new DailyCap(store, KEYS, 4, at("2026-12-02T00:00:00Z")).admit(A, 4));
        assertEquals(Instant.parse("2026-12-03T00:00:00Z").getEpochSecond(), store.lastExpiry);
    }
}
