package org.leakcheck.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Pure unit tests of the backoff schedule; needs nothing. */
class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1));

    @Test
    void doublesTheCapOnEachAttemptUntilTheMaximum() {
        assertEquals(Duration.ofMillis(50).toNanos(), backoff.capNanos(1));
        assertEquals(Duration.ofMillis(100).toNanos(), backoff.capNanos(2));
        assertEquals(Duration.ofMillis(800).toNanos(), backoff.capNanos(5));
        assertEquals(Duration.ofSeconds(1).toNanos(), backoff.capNanos(6));
        assertEquals(Duration.ofSeconds(1).toNanos(), backoff.capNanos(100));
    }

    @Test
    void drawsDelaysWithFullJitterBelowTheCap() {
        long cap = backoff.capNanos(4);
        long below = 0;
        for (int i = 0; i < 1_000; i++) {
            long delay = backoff.delayNanos(4);
            assertTrue(delay >= 0 && delay <= cap, "delay out of [0, cap]");
            if (delay < cap / 2) {
                below++;
            }
        }
        // Uniform on [0, cap]: about half below cap/2; a fixed or half-jitter delay would give none.
        assertTrue(below > 350 && below < 650, "not uniform: " + below);
    }

    @Test
    void neverWaitsWithZeroBaseDelay() {
        Backoff none = new Backoff(Duration.ZERO, Duration.ZERO);

        assertEquals(0, none.delayNanos(7));
    }
}
