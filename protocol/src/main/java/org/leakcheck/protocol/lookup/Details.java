package org.leakcheck.protocol.lookup;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;

/**
 * The opened details of an entry: which kinds of data the dataset exposed for this person, or
 * that the entry proves membership only ({@code docs/protocol.md} §5).
 *
 * <p>Plaintext layout (8 bytes): {@code [0]} format version 0x01, {@code [1..3)} exposure bitmask
 * (u16 big-endian, bits of {@link ExposureKind}), {@code [3..7)} dataset tag (see
 * {@link EntryKeys#datasetTag}), {@code [7]} scope: {@value #SCOPE_KINDS} when the mask is the
 * person's kinds, {@value #SCOPE_MEMBERSHIP} when the entry only says the person is in the
 * dataset (the mask is then 0: their kinds sit in the factor-bound entry, §3.1).
 *
 * @param kinds          the exposed kinds; empty when {@code membershipOnly}
 * @param datasetTag     the dataset tag the entry was sealed for
 * @param membershipOnly scope {@code MEMBERSHIP}: the person's kinds need the factor
 */
public record Details(EnumSet<ExposureKind> kinds, int datasetTag, boolean membershipOnly) {
    public static final int PLAINTEXT_SIZE = 8;
    static final byte FORMAT_VERSION = 0x01;
    /** Scope byte: the mask is the person's kinds of data. */
    public static final int SCOPE_KINDS = 0x00;
    /** Scope byte: membership only, the mask is 0. */
    public static final int SCOPE_MEMBERSHIP = 0x01;

    /** @throws IllegalArgumentException when a membership-only entry would carry kinds */
    public Details {
        kinds = kinds.isEmpty() ? EnumSet.noneOf(ExposureKind.class) : EnumSet.copyOf(kinds);
        if (membershipOnly && !kinds.isEmpty()) {
            throw new IllegalArgumentException("a membership-only entry carries no kinds");
        }
    }

    /** Details of {@code kinds} exposed in dataset {@code datasetId} (scope {@code KINDS}). */
    public static Details of(Set<ExposureKind> kinds, String datasetId) {
        EnumSet<ExposureKind> copy = EnumSet.noneOf(ExposureKind.class);
        copy.addAll(kinds);
        return new Details(copy, EntryKeys.datasetTag(datasetId), false);
    }

    /** Membership in dataset {@code datasetId}, without the person's kinds (scope {@code MEMBERSHIP}). */
    public static Details membership(String datasetId) {
        return new Details(EnumSet.noneOf(ExposureKind.class), EntryKeys.datasetTag(datasetId), true);
    }

    /** The exposure bitmask, 0 when membership-only. */
    public int mask() {
        return ExposureKind.toMask(kinds);
    }

    /** The scope byte: {@link #SCOPE_KINDS} or {@link #SCOPE_MEMBERSHIP}. */
    public int scope() {
        return membershipOnly ? SCOPE_MEMBERSHIP : SCOPE_KINDS;
    }

    /** The 8-byte plaintext ({@code docs/protocol.md} §5). */
    public byte[] encode() {
        return ByteBuffer.allocate(PLAINTEXT_SIZE)
                .put(FORMAT_VERSION)
                .putShort((short) mask())
                .putInt(datasetTag)
                .put((byte) scope())
                .array();
    }

    /**
     * Decodes a plaintext, or returns null when it is not one we write: another version, a scope
     * byte other than 0x00 and 0x01, or a membership-only entry with a non-zero mask. A client
     * treats null as a corrupt bucket (§7.5), never as "found".
     */
    static Details decode(byte[] plaintext) {
        ByteBuffer in = ByteBuffer.wrap(plaintext);
        byte version = in.get();
        int mask = in.getShort() & 0xffff;
        int tag = in.getInt();
        int scope = in.get() & 0xff;
        if (version != FORMAT_VERSION || (scope != SCOPE_KINDS && scope != SCOPE_MEMBERSHIP)
                || (scope == SCOPE_MEMBERSHIP && mask != 0)) {
            return null;
        }
        return new Details(ExposureKind.fromMask(mask), tag, scope == SCOPE_MEMBERSHIP);
    }
}
