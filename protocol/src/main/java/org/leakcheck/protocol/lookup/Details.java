package org.leakcheck.protocol.lookup;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;

/**
 * The opened details of an entry: which kinds of data the dataset exposed for this person.
 *
 * <p>Plaintext layout (8 bytes): {@code [0]} format version 0x01, {@code [1..3)} exposure bitmask
 * (u16 big-endian, bits of {@link ExposureKind}), {@code [3..7)} dataset tag (see
 * {@link EntryKeys#datasetTag}), {@code [7]} 0x00.
 */
public record Details(EnumSet<ExposureKind> kinds, int datasetTag) {
    public static final int PLAINTEXT_SIZE = 8;
    static final byte FORMAT_VERSION = 0x01;

    public Details {
        kinds = EnumSet.copyOf(kinds.isEmpty() ? EnumSet.noneOf(ExposureKind.class) : kinds);
    }

    /** Details of {@code kinds} exposed in dataset {@code datasetId}. */
    public static Details of(Set<ExposureKind> kinds, String datasetId) {
        EnumSet<ExposureKind> copy = EnumSet.noneOf(ExposureKind.class);
        copy.addAll(kinds);
        return new Details(copy, EntryKeys.datasetTag(datasetId));
    }

    byte[] encode() {
        return ByteBuffer.allocate(PLAINTEXT_SIZE)
                .put(FORMAT_VERSION)
                .putShort((short) ExposureKind.toMask(kinds))
                .putInt(datasetTag)
                .put((byte) 0)
                .array();
    }

    /** Decodes a plaintext, or returns null when its version or padding byte is not ours. */
    static Details decode(byte[] plaintext) {
        ByteBuffer in = ByteBuffer.wrap(plaintext);
        byte version = in.get();
        int mask = in.getShort() & 0xffff;
        int tag = in.getInt();
        byte reserved = in.get();
        if (version != FORMAT_VERSION || reserved != 0) {
            return null;
        }
        return new Details(ExposureKind.fromMask(mask), tag);
    }
}
