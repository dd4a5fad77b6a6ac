package org.leakcheck.loader.load;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.IdentityKind;

/**
 * The distinct canonical identities of a leak, merged per person, in memory. Used by the reading
 * thread only.
 *
 * <p>Rows of one person (same person key) share one exposure mask: the union of every row's
 * non-empty column groups. Each identity's mask is its person's mask; when two persons share an
 * identity (two people with the same name and birth date), the identity gets both. Persons are held
 * as 64-bit hashes of their key, never as the key itself.
 *
 * <p>Memory: about 200 bytes per identity with its OPRF output, so the 2021 leak's ~1 M identities
 * take ~200 MB.
 */
final class IdentityIndex {
    private final Map<Key, Slot> identities = new HashMap<>();
    private final Map<Long, int[]> personMasks = new HashMap<>();
    private final EnumMap<IdentityKind, Long> byKind = new EnumMap<>(IdentityKind.class);

    /**
     * Adds one accepted row: its person, its identities and its exposure mask.
     *
     * @param onNew told of each identity seen for the first time, so its evaluation can start at once
     */
    void add(String personKey, List<Identity> rowIdentities, int rowMask, Consumer<Slot> onNew) {
        long person = hash64(personKey);
        personMasks.computeIfAbsent(person, p -> new int[1])[0] |= rowMask;
        for (Identity identity : rowIdentities) {
            Key key = new Key(identity.canonicalBytes());
            Slot slot = identities.get(key);
            if (slot == null) {
                slot = new Slot(key.bytes, person);
                identities.put(key, slot);
                byKind.merge(identity.kind(), 1L, Long::sum);
                onNew.accept(slot);
            } else if (slot.person != person) {
                slot.otherMask |= rowMask;
            }
        }
    }

    int persons() {
        return personMasks.size();
    }

    int identities() {
        return identities.size();
    }

    Map<String, Long> entriesByKind() {
        Map<String, Long> out = new HashMap<>();
        byKind.forEach((kind, count) -> out.put(kind.label(), count));
        return out;
    }

    /** Moves the identities out with their final exposure masks, and empties the index. */
    List<Slot> drain() {
        List<Slot> out = new ArrayList<>(identities.size());
        for (Slot slot : identities.values()) {
            slot.finalMask = personMasks.get(slot.person)[0] | slot.otherMask;
            out.add(slot);
        }
        identities.clear();
        personMasks.clear();
        return out;
    }

    /**
     * One distinct identity: its canonical encoding, its OPRF output once evaluated, and what its
     * entry will say. Holds personal data in memory only; never printed.
     */
    static final class Slot {
        final byte[] canonical;
        private final long person;
        private int otherMask;
        private int finalMask;
        /** Written by an evaluator thread, read after the evaluator's futures complete (happens-before). */
        byte[] output;

        Slot(byte[] canonical, long person) {
            this.canonical = canonical;
            this.person = person;
        }

        int exposureMask() {
            return finalMask;
        }

        @Override
        public String toString() {
            return "Slot[redacted]";
        }
    }

    private static long hash64(String personKey) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(personKey.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static final class Key {
        private final byte[] bytes;
        private final int hash;

        Key(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
