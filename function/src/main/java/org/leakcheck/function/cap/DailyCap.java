package org.leakcheck.function.cap;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The daily cap of evaluated elements per client address (docs/deploy.md, "Limits"): what the WAF's
 * rate rules cannot give, since their smallest limit still lets one address test thousands of
 * guesses a day. Each element of a batch is one online guess, so elements are counted, not requests.
 *
 * <p>A client's day is the UTC day; its counter is named by {@link DailyKeys} (never the address)
 * and expires at the end of that day. Not thread-safe beyond what its parts are: one per handler.
 */
public final class DailyCap {
    private final CapStore store;
    private final DailyKeys keys;
    private final int elementsPerDay;
    private final Clock clock;

    /**
     * @param elementsPerDay the most elements one client may have evaluated in one UTC day, at least 1
     */
    public DailyCap(CapStore store, DailyKeys keys, int elementsPerDay, Clock clock) {
        if (elementsPerDay < 1) {
            throw new IllegalArgumentException("cap: elementsPerDay must be at least 1");
        }
        this.store = store;
        this.keys = keys;
        this.elementsPerDay = elementsPerDay;
        this.clock = clock;
    }

    /** Counts {@code elements} for {@code address}; false (nothing counted) when its day is used up. */
    public boolean admit(ClientAddress address, int elements) {
        LocalDate day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        long endOfDay = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        return store.addWithin(keys.clientId(address, day), elements, elementsPerDay, endOfDay);
    }

    public int elementsPerDay() {
        return elementsPerDay;
    }
}
