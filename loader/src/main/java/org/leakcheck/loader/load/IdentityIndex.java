package org.leakcheck.loader.load;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.IdentityKind;
import org.leakcheck.protocol.lookup.DisclosurePolicy;

/**
 * The distinct entries of a leak, merged per person, in memory. Used by the reading thread only.
 *
 * <p>Which entries a person gets depends on the disclosure policy ({@code docs/protocol.md} §3.1):
 * <pre>
 * policy       plain identity entry                 factor-bound entry (identity + F)
 * open         kinds = the person's mask            none (no factor is read)
 * membership   membership only (mask 0, scope 1)    kinds = the person's mask
 * gated        none                                 kinds = the person's mask
 * </pre>
 * for every distinct identity of the person and every distinct canonical factor value {@code F}
 * of the person's rows. A person's rows can carry different identities (a row without the NIR, a
 * birth name) and different factors (several factor columns, a changed number): the person gets
 * every pair, whichever rows they came from. Pairs are made as rows arrive, a new identity with
 * the factors seen so far and a new factor with the identities seen so far, so each entry still
 * goes to the OPRF workers as soon as it exists.
 *
 * <p>Rows of one person (same person key) share one exposure mask: the union of every row's
 * non-empty column groups. An entry's mask is its person's mask; when two persons share an entry
 * (the same name and birth date), it gets the masks of the other person's rows too. Persons are
 * held as 64-bit hashes of their key, never as the key itself.
 *
 * <p>Memory, per entry: the slot (32 bytes), one array holding the canonical encoding followed by
 * the 32-byte OPRF output (~80 bytes) and a reference in an open-addressing table (~8 bytes): about
 * 120 bytes. Per person (~150 bytes): the mask and, when the policy uses a factor, references to
 * their identities and their factors. The 2021 leak under {@code membership} (~1.9 M entries,
 * 0.5 M persons) takes about 300 MB.
 */
final class IdentityIndex {
    /** Bytes of an OPRF output (RFC 9497 P256-SHA256: SHA-256), stored after each entry's canonical encoding. */
    static final int OUTPUT_SIZE = 32;

    private static final byte[][] NONE = new byte[0][];
    private static final IdentityKind[] KINDS = IdentityKind.values();

    private final DisclosurePolicy policy;
    private final SlotTable entries = new SlotTable();
    private final Map<Long, Person> persons = new HashMap<>();
    private final long[] byKind = new long[KINDS.length];

    IdentityIndex(DisclosurePolicy policy) {
        this.policy = policy;
    }

    /**
     * Adds one accepted row: its person, its identities, its canonical factors and its exposure mask.
     *
     * @param rowFactors the row's distinct canonical factors ({@code Factor.canonical}); ignored
     *                   when the policy uses no factor
     * @param onNew      told of each entry seen for the first time, so its evaluation can start at once
     */
    void add(String personKey, List<Identity> rowIdentities, List<String> rowFactors, int rowMask,
             Consumer<Slot> onNew) {
        Person person = persons.computeIfAbsent(hash64(personKey), p -> new Person());
        person.mask |= rowMask;
        boolean bindFactors = policy.usesFactor();
        for (Identity identity : rowIdentities) {
            byte[] data = withOutputSpace(identity.canonicalBytes());
            if (policy.writesPlainEntries()) {
                // Share the slot's array: it holds the same canonical bytes.
                data = entry(data, person, rowMask, policy == DisclosurePolicy.MEMBERSHIP, onNew).data;
            }
            if (bindFactors && !containsIdentity(person.identities, data)) {
                person.identities = append(person.identities, data);
                for (byte[] factor : person.factors) {
                    entry(bind(data, factor), person, rowMask, false, onNew);
                }
            }
        }
        if (bindFactors) {
            for (String factor : rowFactors) {
                byte[] ascii = factor.getBytes(StandardCharsets.US_ASCII);
                if (containsFactor(person.factors, ascii)) {
                    continue;
                }
                person.factors = append(person.factors, ascii);
                for (byte[] identity : person.identities) {
                    entry(bind(identity, ascii), person, rowMask, false, onNew);
                }
            }
        }
    }

    int persons() {
        return persons.size();
    }

    /** The number of entries, {@code N}. */
    int entries() {
        return entries.size();
    }

    /** Entries per identity kind label ({@code nir}, {@code name-dob}, {@code nir+factor}, ...), kinds with none left out. */
    Map<String, Long> entriesByKind() {
        Map<String, Long> out = new HashMap<>();
        for (IdentityKind kind : KINDS) {
            if (byKind[kind.ordinal()] > 0) {
                out.put(kind.label(), byKind[kind.ordinal()]);
            }
        }
        return out;
    }

    /** Persons without any valid factor value: under gated they have no entry, under membership only the plain one. */
    long personsWithoutFactor() {
        if (!policy.usesFactor()) {
            return 0;
        }
        return persons.values().stream().filter(p -> p.factors.length == 0).count();
    }

    /** The union of every person's mask: what the leak contained, at the level of the dataset. */
    int exposedMask() {
        int mask = 0;
        for (Person person : persons.values()) {
            mask |= person.mask;
        }
        return mask;
    }

    /** Moves the entries out with their final exposure masks, and empties the index. */
    List<Slot> drain() {
        List<Slot> out = new ArrayList<>(entries.size());
        entries.forEach(slot -> {
            slot.mask = slot.membershipOnly ? 0 : slot.person.mask | slot.mask;
            slot.person = null;
            out.add(slot);
        });
        entries.clear();
        persons.clear();
        return out;
    }

    private Slot entry(byte[] data, Person person, int rowMask, boolean membershipOnly, Consumer<Slot> onNew) {
        int length = data.length - OUTPUT_SIZE;
        int hash = hash(data, length);
        Slot slot = entries.get(data, length, hash);
        if (slot == null) {
            slot = new Slot(data, hash, person, membershipOnly);
            entries.put(slot);
            byKind[kindOf(data[0]).ordinal()]++;
            onNew.accept(slot);
        } else if (slot.person != person) {
            slot.mask |= rowMask;
        }
        return slot;
    }

    /**
     * The factor-bound encoding of a plain identity's canonical bytes ({@code FactorIdentity}):
     * the factor-bound tag, the base's fields as they are, then {@code u16 length || factor}; with
     * room for the OPRF output after it.
     */
    static byte[] bind(byte[] plainData, byte[] factorAscii) {
        int baseLength = plainData.length - OUTPUT_SIZE;
        byte[] out = new byte[baseLength + 2 + factorAscii.length + OUTPUT_SIZE];
        out[0] = IdentityKind.factorBound(kindOf(plainData[0])).tag();
        System.arraycopy(plainData, 1, out, 1, baseLength - 1);
        out[baseLength] = (byte) (factorAscii.length >>> 8);
        out[baseLength + 1] = (byte) factorAscii.length;
        System.arraycopy(factorAscii, 0, out, baseLength + 2, factorAscii.length);
        return out;
    }

    static byte[] withOutputSpace(byte[] canonical) {
        return Arrays.copyOf(canonical, canonical.length + OUTPUT_SIZE);
    }

    private static IdentityKind kindOf(byte tag) {
        for (IdentityKind kind : KINDS) {
            if (kind.tag() == tag) {
                return kind;
            }
        }
        throw new IllegalStateException("unknown identity tag");
    }

    /** Whether {@code identities} (each followed by output space) holds the canonical encoding of {@code data}. */
    private static boolean containsIdentity(byte[][] identities, byte[] data) {
        int length = data.length - OUTPUT_SIZE;
        for (byte[] identity : identities) {
            if (identity.length == data.length && Arrays.equals(identity, 0, length, data, 0, length)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsFactor(byte[][] factors, byte[] ascii) {
        for (byte[] factor : factors) {
            if (Arrays.equals(factor, ascii)) {
                return true;
            }
        }
        return false;
    }

    private static byte[][] append(byte[][] arrays, byte[] value) {
        byte[][] out = Arrays.copyOf(arrays, arrays.length + 1);
        out[arrays.length] = value;
        return out;
    }

    private static int hash(byte[] data, int length) {
        int h = 1;
        for (int i = 0; i < length; i++) {
            h = 31 * h + data[i];
        }
        return h;
    }

    /** One person: their mask and, when the policy uses a factor, their identities and factors so far. */
    private static final class Person {
        int mask;
        /** Canonical encodings, each followed by {@link #OUTPUT_SIZE} bytes (the plain slot's array when there is one). */
        byte[][] identities = NONE;
        /** Canonical factors, ASCII. */
        byte[][] factors = NONE;
    }

    /**
     * One distinct entry: its canonical identity encoding followed by its OPRF output once
     * evaluated, and what its entry will say. Holds personal data in memory only; never printed.
     */
    static final class Slot {
        /** The canonical encoding, then {@link #OUTPUT_SIZE} bytes the evaluator fills. */
        private final byte[] data;
        private final int hash;
        private final boolean membershipOnly;
        private Person person;
        /** While reading: the masks of other persons' rows sharing the entry; after {@link #drain()}: the final mask. */
        private int mask;

        Slot(byte[] data, int hash, Person person, boolean membershipOnly) {
            this.data = data;
            this.hash = hash;
            this.person = person;
            this.membershipOnly = membershipOnly;
        }

        /** A copy of the canonical encoding (the OPRF input and the content digest's {@code x}). */
        byte[] canonical() {
            return Arrays.copyOf(data, data.length - OUTPUT_SIZE);
        }

        /** Stores the OPRF output (an evaluator thread; read after the evaluator's futures complete). */
        void output(byte[] y) {
            if (y.length != OUTPUT_SIZE) {
                throw new IllegalStateException("unexpected OPRF output size");
            }
            System.arraycopy(y, 0, data, data.length - OUTPUT_SIZE, OUTPUT_SIZE);
        }

        /** A copy of the OPRF output. */
        byte[] output() {
            return Arrays.copyOfRange(data, data.length - OUTPUT_SIZE, data.length);
        }

        /** The entry's mask after {@link #drain()}: 0 for a membership-only entry. */
        int exposureMask() {
            return mask;
        }

        /** Scope MEMBERSHIP: a plain identity under the membership policy. */
        boolean membershipOnly() {
            return membershipOnly;
        }

        @Override
        public String toString() {
            return "Slot[redacted]";
        }
    }

    /** An open-addressing set of slots by canonical encoding: no wrapper key nor map node per entry. */
    private static final class SlotTable {
        private Slot[] table = new Slot[1 << 10];
        private int size;

        int size() {
            return size;
        }

        Slot get(byte[] data, int length, int hash) {
            int mask = table.length - 1;
            for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
                Slot slot = table[i];
                if (slot == null) {
                    return null;
                }
                if (slot.hash == hash && slot.data.length - OUTPUT_SIZE == length
                        && Arrays.equals(slot.data, 0, length, data, 0, length)) {
                    return slot;
                }
            }
        }

        /** Adds a slot known to be absent. */
        void put(Slot slot) {
            if ((size + 1) * 3L > table.length * 2L) {
                Slot[] old = table;
                table = new Slot[old.length * 2];
                for (Slot s : old) {
                    if (s != null) {
                        insert(s);
                    }
                }
            }
            insert(slot);
            size++;
        }

        void forEach(Consumer<Slot> action) {
            for (Slot slot : table) {
                if (slot != null) {
                    action.accept(slot);
                }
            }
        }

        void clear() {
            table = new Slot[1];
            size = 0;
        }

        private void insert(Slot slot) {
            int mask = table.length - 1;
            int i = spread(slot.hash) & mask;
            while (table[i] != null) {
                i = (i + 1) & mask;
            }
            table[i] = slot;
        }

        private static int spread(int hash) {
            int h = hash * 0x9E3779B9;
            return h ^ (h >>> 16);
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
}
