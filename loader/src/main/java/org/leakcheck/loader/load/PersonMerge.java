package org.leakcheck.loader.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.leakcheck.loader.load.spill.SpillReader;
import org.leakcheck.loader.load.spill.SpillWriter;
import org.leakcheck.loader.load.spill.WorkDir;
import org.leakcheck.protocol.identity.IdentityKind;
import org.leakcheck.protocol.lookup.DisclosurePolicy;
import org.leakcheck.store.Progress;

/**
 * Phase <b>merge</b>: one person partition at a time per thread, gathers each person's rows (the
 * union of their masks, their distinct identities, their distinct factors) and writes the entries
 * the disclosure policy gives them ({@code docs/protocol.md} §3.1) to the partition of each
 * entry's canonical encoding:
 * <pre>
 * policy       plain identity entry                 factor-bound entry (identity + F)
 * open         kinds = the person's mask            none (no factor is read)
 * membership   membership only (mask 0, scope 1)    kinds = the person's mask
 * gated        none                                 kinds = the person's mask
 * </pre>
 * for every distinct identity of the person and every distinct factor {@code F} of their rows,
 * whichever rows they came from. Two persons sharing an entry (the same name and birth date) each
 * write it with their own mask; phase compute merges the copies.
 *
 * <pre>
 * entry record   u16 length | canonical encoding | u16 mask | u8 scope (1: membership only)
 * </pre>
 */
final class PersonMerge {
    static final String PREFIX = "entries";
    /** Person partitions merged at once (each ~20 MB of heap at production's partition size). */
    static final int MAX_IN_MEMORY = 8;

    private PersonMerge() {
    }

    /** What merging found, summed over the partitions. */
    record Counts(long persons, long personsWithoutFactor, int exposedMask, long records) {
        Counts plus(Counts o) {
            return new Counts(persons + o.persons, personsWithoutFactor + o.personsWithoutFactor,
                    exposedMask | o.exposedMask, records + o.records);
        }
    }

    static Counts run(WorkDir dir, int partitions, DisclosurePolicy policy, Workers pool, Progress progress)
            throws IOException, InterruptedException {
        SpillWriter[] writers = new SpillWriter[partitions];
        int buffer = Partitions.bufferSize(partitions);
        for (int p = 0; p < partitions; p++) {
            writers[p] = dir.writer(Partitions.name(PREFIX, p), buffer);
        }
        progress.start("merge", "partitions", partitions);
        List<Future<Counts>> parts = new ArrayList<>(partitions);
        // At most MAX_IN_MEMORY partitions held at once, however many threads.
        Semaphore inMemory = new Semaphore(MAX_IN_MEMORY);
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            inMemory.acquire();
            Callable<Counts> task = () -> {
                try {
                    Counts c = merge(dir, partition, policy, writers);
                    progress.advance(1);
                    return c;
                } finally {
                    inMemory.release();
                }
            };
            parts.add(pool.submit(task));
        }
        Counts total = new Counts(0, 0, 0, 0);
        for (Future<Counts> part : parts) {
            total = total.plus(Workers.get(part));
        }
        for (SpillWriter writer : writers) {
            writer.close();
        }
        progress.finish();
        return total;
    }

    private static Counts merge(WorkDir dir, int partition, DisclosurePolicy policy, SpillWriter[] writers)
            throws IOException {
        Map<Long, Person> persons = new HashMap<>();
        try (SpillReader in = dir.reader(Partitions.name(PersonSpill.PREFIX, partition))) {
            while (!in.atEnd()) {
                PersonSpill.PersonRow row = PersonSpill.read(in);
                Person person = persons.computeIfAbsent(row.person(), k -> new Person());
                person.mask |= row.mask();
                for (byte[] identity : row.identities()) {
                    person.identities = addDistinct(person.identities, identity);
                }
                if (policy.usesFactor()) {
                    for (byte[] factor : row.factors()) {
                        person.factors = addDistinct(person.factors, factor);
                    }
                }
            }
        }
        long withoutFactor = 0;
        int exposed = 0;
        long records = 0;
        for (Person person : persons.values()) {
            exposed |= person.mask;
            if (policy.usesFactor() && person.factors.length == 0) {
                withoutFactor++;
            }
            for (byte[] identity : person.identities) {
                if (policy.writesPlainEntries()) {
                    boolean membershipOnly = policy == DisclosurePolicy.MEMBERSHIP;
                    write(writers, identity, membershipOnly ? 0 : person.mask, membershipOnly);
                    records++;
                }
                if (policy.usesFactor()) {
                    for (byte[] factor : person.factors) {
                        write(writers, bind(identity, factor), person.mask, false);
                        records++;
                    }
                }
            }
        }
        return new Counts(persons.size(), withoutFactor, exposed, records);
    }

    /** Reads the next entry record of an entry partition. */
    static Entry read(SpillReader in) throws IOException {
        byte[] canonical = in.readBytes(in.readShort());
        int mask = in.readShort();
        return new Entry(canonical, mask, in.readByte() == 1);
    }

    /** One entry as a person gives it: its canonical encoding (the OPRF input), mask and scope. */
    record Entry(byte[] canonical, int mask, boolean membershipOnly) {
        @Override
        public String toString() {
            return "Entry[redacted]";
        }
    }

    private static void write(SpillWriter[] writers, byte[] canonical, int mask, boolean membershipOnly) {
        byte[] record = new byte[canonical.length + 5];
        record[0] = (byte) (canonical.length >>> 8);
        record[1] = (byte) canonical.length;
        System.arraycopy(canonical, 0, record, 2, canonical.length);
        record[canonical.length + 2] = (byte) (mask >>> 8);
        record[canonical.length + 3] = (byte) mask;
        record[canonical.length + 4] = (byte) (membershipOnly ? 1 : 0);
        writers[Partitions.of(Partitions.hash(canonical, 0, canonical.length), writers.length)].write(record);
    }

    /**
     * The factor-bound encoding of a plain identity's canonical bytes ({@code FactorIdentity},
     * docs/protocol.md §2.2): the factor-bound tag, the base's fields as they are, then
     * {@code u16 length || factor}.
     */
    static byte[] bind(byte[] plain, byte[] factorAscii) {
        byte[] out = new byte[plain.length + 2 + factorAscii.length];
        out[0] = IdentityKind.factorBound(IdentityKind.fromTag(plain[0])).tag();
        System.arraycopy(plain, 1, out, 1, plain.length - 1);
        out[plain.length] = (byte) (factorAscii.length >>> 8);
        out[plain.length + 1] = (byte) factorAscii.length;
        System.arraycopy(factorAscii, 0, out, plain.length + 2, factorAscii.length);
        return out;
    }

    private static byte[][] addDistinct(byte[][] values, byte[] value) {
        for (byte[] v : values) {
            if (Arrays.equals(v, value)) {
                return values;
            }
        }
        byte[][] out = Arrays.copyOf(values, values.length + 1);
        out[values.length] = value;
        return out;
    }

    /** One person of a partition: their rows' masks and their distinct identities and factors. */
    private static final class Person {
        private static final byte[][] NONE = new byte[0][];
        int mask;
        byte[][] identities = NONE;
        byte[][] factors = NONE;
    }
}
