package org.leakcheck.loader.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.leakcheck.loader.load.spill.SpillReader;
import org.leakcheck.loader.load.spill.SpillWriter;
import org.leakcheck.loader.load.spill.WorkDir;
import org.leakcheck.protocol.identity.IdentityKind;
import org.leakcheck.protocol.lookup.LoadIds;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.OprfKey;
import org.leakcheck.store.Progress;

/**
 * Phase <b>compute</b>: one entry partition at a time, on every thread, merges the copies of each
 * entry (two persons sharing a name and birth date: the union of their masks), runs RFC 9497
 * §3.3.1 Evaluate (mode 0x01, under the service's key) on every distinct entry and sums the
 * content digest ({@code docs/protocol.md} §6.3). The next partition is read while this one is
 * evaluated. What it writes holds no canonical identity any more, only OPRF outputs:
 * <pre>
 * evaluated record   y (32 bytes) | u16 mask | u8 scope
 * </pre>
 * Each partition ends with a marker (its entries, per kind, and its digest), so a rerun after a
 * kill starts at the first partition without one; the partition's entry file is deleted then.
 */
final class EntryEvaluation {
    static final String PREFIX = "evaluated";
    /** Bytes of an OPRF output (RFC 9497 P256-SHA256: SHA-256). */
    static final int OUTPUT_SIZE = 32;
    static final int RECORD = OUTPUT_SIZE + 3;

    private EntryEvaluation() {
    }

    /** What every partition gave: the entries {@code N}, per kind, and the content digest. */
    record Totals(long entries, Map<String, Long> byKind, LoadIds.Digest digest, int partitionsReused) {
    }

    static Totals run(WorkDir dir, int partitions, OprfKey key, Workers workers, long estimate, Progress progress)
            throws IOException, InterruptedException {
        long entries = 0;
        Map<String, Long> byKind = new TreeMap<>();
        LoadIds.Digest digest = new LoadIds.Digest();
        int reused = 0;
        progress.start("compute", "entries", estimate);
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "leakcheck-prefetch");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Integer> todo = new ArrayList<>();
            for (int q = 0; q < partitions; q++) {
                Optional<JsonNode> done = dir.marker(marker(q));
                if (done.isPresent()) {
                    reused++;
                    progress.advance(done.get().path("entries").asLong());
                    entries += add(done.get(), byKind, digest);
                } else {
                    todo.add(q);
                }
            }
            // Reading and merging the next partition overlaps the evaluation of this one.
            Future<List<Distinct>> next = todo.isEmpty() ? null : reader.submit(() -> distinct(dir, todo.get(0)));
            for (int i = 0; i < todo.size(); i++) {
                int q = todo.get(i);
                List<Distinct> partition = Workers.get(next);
                int following = i + 1 < todo.size() ? todo.get(i + 1) : -1;
                next = following < 0 ? null : reader.submit(() -> distinct(dir, following));
                ObjectNode done = evaluate(dir, q, partition, key, workers, progress);
                dir.mark(marker(q), done);
                dir.delete(Partitions.name(PersonMerge.PREFIX, q));
                entries += add(done, byKind, digest);
            }
        } finally {
            reader.shutdownNow();
        }
        progress.finish();
        return new Totals(entries, byKind, digest, reused);
    }

    /** Adds a partition's marker to the totals; returns its entries. */
    private static long add(JsonNode done, Map<String, Long> byKind, LoadIds.Digest digest) {
        done.path("byKind").fields().forEachRemaining(e -> byKind.merge(e.getKey(), e.getValue().asLong(), Long::sum));
        digest.addValue(HexFormat.of().parseHex(done.path("digest").asText()));
        return done.path("entries").asLong();
    }

    static String marker(int partition) {
        return String.format("%s-%04d", PREFIX, partition);
    }

    private static ObjectNode evaluate(WorkDir dir, int q, List<Distinct> entries, OprfKey key, Workers workers,
                                       Progress progress) throws InterruptedException {
        List<LoadIds.Digest> parts = workers.map(entries, slice -> {
            LoadIds.Digest d = new LoadIds.Digest();
            int done = 0;
            for (Distinct e : slice) {
                e.output = Oprf.VERIFIABLE.evaluate(key, e.canonical);
                d.add(e.canonical, e.mask, e.membershipOnly);
                if (++done == 256) {
                    progress.advance(done);
                    done = 0;
                }
            }
            progress.advance(done);
            return d;
        });
        LoadIds.Digest digest = new LoadIds.Digest();
        parts.forEach(digest::add);
        long[] byKind = new long[IdentityKind.values().length];
        SpillWriter out = dir.writer(Partitions.name(PREFIX, q), 1 << 16);
        byte[] record = new byte[RECORD];
        for (Distinct e : entries) {
            byKind[IdentityKind.fromTag(e.canonical[0]).ordinal()]++;
            System.arraycopy(e.output, 0, record, 0, e.output.length);
            record[32] = (byte) (e.mask >>> 8);
            record[33] = (byte) e.mask;
            record[34] = (byte) (e.membershipOnly ? 1 : 0);
            out.write(record);
        }
        out.close();
        ObjectNode marker = dir.newMarker();
        marker.put("entries", entries.size());
        ObjectNode kinds = marker.putObject("byKind");
        for (IdentityKind kind : IdentityKind.values()) {
            if (byKind[kind.ordinal()] > 0) {
                kinds.put(kind.label(), byKind[kind.ordinal()]);
            }
        }
        marker.put("digest", HexFormat.of().formatHex(digest.value()));
        return marker;
    }

    /** Reads back an evaluated record: the OPRF output, the mask and the scope. */
    static void read(SpillReader in, byte[] y, int[] maskAndScope) throws IOException {
        in.readFully(y, 0, y.length);
        maskAndScope[0] = in.readShort();
        maskAndScope[1] = in.readByte();
    }

    /** The distinct entries of entry partition {@code q}, each copy's mask merged in. */
    static List<Distinct> distinct(WorkDir dir, int q) throws IOException {
        DistinctTable table = new DistinctTable();
        try (SpillReader in = dir.reader(Partitions.name(PersonMerge.PREFIX, q))) {
            while (!in.atEnd()) {
                PersonMerge.Entry entry = PersonMerge.read(in);
                table.add(entry.canonical(), entry.mask(), entry.membershipOnly());
            }
        }
        return table.entries;
    }

    /** One distinct entry of a partition, with its merged mask and, once evaluated, its OPRF output. */
    static final class Distinct {
        final byte[] canonical;
        final int hash;
        final boolean membershipOnly;
        int mask;
        byte[] output;

        Distinct(byte[] canonical, int hash, int mask, boolean membershipOnly) {
            this.canonical = canonical;
            this.hash = hash;
            this.mask = mask;
            this.membershipOnly = membershipOnly;
        }

        @Override
        public String toString() {
            return "Distinct[redacted]";
        }
    }

    /** An open-addressing set of entries by canonical encoding, and the list of them in first-seen order. */
    private static final class DistinctTable {
        final List<Distinct> entries = new ArrayList<>();
        private Distinct[] table = new Distinct[1 << 12];

        void add(byte[] canonical, int mask, boolean membershipOnly) {
            int hash = Arrays.hashCode(canonical);
            int slots = table.length - 1;
            int i = spread(hash) & slots;
            for (Distinct d = table[i]; d != null; d = table[i]) {
                if (d.hash == hash && Arrays.equals(d.canonical, canonical)) {
                    d.mask |= mask;
                    return;
                }
                i = (i + 1) & slots;
            }
            Distinct d = new Distinct(canonical, hash, mask, membershipOnly);
            table[i] = d;
            entries.add(d);
            if (entries.size() * 3L > table.length * 2L) {
                grow();
            }
        }

        private void grow() {
            table = new Distinct[table.length * 2];
            int slots = table.length - 1;
            for (Distinct d : entries) {
                int i = spread(d.hash) & slots;
                while (table[i] != null) {
                    i = (i + 1) & slots;
                }
                table[i] = d;
            }
        }

        private static int spread(int hash) {
            int h = hash * 0x9E3779B9;
            return h ^ (h >>> 16);
        }
    }
}
