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
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.IdentityKind;

/**
 * The distinct canonical identities of a leak, merged per person, in memory.
 *
 * <p>Rows of one person (same person key) share one exposure mask: the union of every row's
 * non-empty column groups. Each identity's mask is its person's mask; when two persons share an
 * identity (two people with the same name and birth date), the identity gets both masks. Persons
 * are held as 64-bit hashes of their key, never as the key itself.
 *
 * <p>Memory: about 150 bytes per identity, so the 2021 leak's ~1.1 M identities take ~170 MB.
 */
final class IdentityIndex {
    private final Map<Key, long[]> identities = new HashMap<>();
    private final Map<Long, int[]> personMasks = new HashMap<>();
    private final EnumMap<IdentityKind, Long> byKind = new EnumMap<>(IdentityKind.class);

    /** Adds one accepted row: its person, its identities and its exposure mask. */
    void add(String personKey, List<Identity> rowIdentities, int rowMask) {
        long person = hash64(personKey);
        personMasks.computeIfAbsent(person, p -> new int[1])[0] |= rowMask;
        for (Identity identity : rowIdentities) {
            Key key = new Key(identity.canonicalBytes());
            long[] slot = identities.get(key);
            if (slot == null) {
                // slot[0] = first person; slot[1] = OR of the masks of rows of other persons
                identities.put(key, new long[] {person, 0});
                byKind.merge(identity.kind(), 1L, Long::sum);
            } else if (slot[0] != person) {
                slot[1] |= rowMask;
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

    /** Moves the identities out, with their final masks, and empties the index. */
    List<Pending> drain() {
        List<Pending> out = new ArrayList<>(identities.size());
        identities.forEach((key, slot) -> {
            int mask = personMasks.get(slot[0])[0] | (int) slot[1];
            out.add(new Pending(key.bytes, mask));
        });
        identities.clear();
        personMasks.clear();
        return out;
    }

    /** A canonical identity waiting for its OPRF evaluation, and the exposure mask of its entry. */
    record Pending(byte[] canonical, int exposureMask) {
        @Override
        public String toString() {
            return "Pending[redacted]";
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
