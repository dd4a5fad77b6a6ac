package org.leakcheck.protocol.lookup;

import java.util.EnumSet;
import java.util.Set;

/**
 * The kinds of personal data a leak exposed for one person, carried as a bitmask in the sealed
 * details of an entry. The bit numbers are part of the wire format: never reorder, only append.
 */
public enum ExposureKind {
    /** Names and birth date. */
    IDENTITY(0),
    /** The social security number. */
    NIR(1),
    ADDRESS(2),
    PHONE(3),
    EMAIL(4),
    /** Insurer (mutuelle) and membership number. */
    INSURER(5),
    BLOOD_GROUP(6),
    /** Analyses, results, treatments, pathologies. */
    MEDICAL(7),
    /** Prescribing or treating doctor. */
    DOCTOR(8),
    /** Free-text comments. */
    COMMENTS(9);

    private final int bit;

    ExposureKind(int bit) {
        this.bit = bit;
    }

    /** Bit number in the exposure bitmask. */
    public int bit() {
        return bit;
    }

    /** Bitmask with the bits of {@code kinds} set. */
    public static int toMask(Set<ExposureKind> kinds) {
        int mask = 0;
        for (ExposureKind kind : kinds) {
            mask |= 1 << kind.bit;
        }
        return mask;
    }

    /** The kinds whose bits are set in {@code mask}; unknown bits are ignored (a newer loader may add kinds). */
    public static EnumSet<ExposureKind> fromMask(int mask) {
        EnumSet<ExposureKind> kinds = EnumSet.noneOf(ExposureKind.class);
        for (ExposureKind kind : values()) {
            if ((mask & (1 << kind.bit)) != 0) {
                kinds.add(kind);
            }
        }
        return kinds;
    }
}
