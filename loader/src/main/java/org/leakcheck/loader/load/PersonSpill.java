package org.leakcheck.loader.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Future;
import org.leakcheck.loader.load.spill.SpillReader;
import org.leakcheck.loader.load.spill.SpillWriter;
import org.leakcheck.loader.load.spill.WorkDir;
import org.leakcheck.loader.source.CsvSource;
import org.leakcheck.loader.source.Rejections;
import org.leakcheck.loader.source.SourceRow;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.store.Progress;

/**
 * Phase <b>read</b>: streams the export once and writes each accepted row to the partition of its
 * person ({@link Partitions}), as the person's hash, the row's exposure mask, its canonical
 * identities and its canonical factors. One thread parses the CSV; the workers canonicalize
 * ({@link RowIdentities}) and encode, batch by batch, and the records are appended in file order.
 *
 * <pre>
 * person record   u64 person hash | u16 mask | u8 n | n x (u16 length | canonical identity)
 *                 | u8 m | m x (u8 length | canonical factor, ASCII)
 * </pre>
 * The files are encrypted ({@code SpillKey}); nothing here holds a raw cell once the row is encoded.
 */
final class PersonSpill {
    static final String PREFIX = "persons";
    private static final int BATCH = 512;

    private PersonSpill() {
    }

    /** One person record, decoded (phase merge). */
    record PersonRow(long person, int mask, List<byte[]> identities, List<byte[]> factors) {
    }

    /** What reading found: the counts of the load report. */
    record Counts(long rowsRead, long rowsAccepted, long emptyLines, String encoding, String delimiter) {
    }

    static Counts run(CsvSource source, Rejections rows, Rejections fields, WorkDir dir, int partitions,
                      Workers pool, Progress progress) throws IOException, InterruptedException {
        SpillWriter[] writers = new SpillWriter[partitions];
        int buffer = Partitions.bufferSize(partitions);
        for (int p = 0; p < partitions; p++) {
            writers[p] = dir.writer(Partitions.name(PREFIX, p), buffer);
        }
        Deque<Future<Encoded>> inFlight = new ArrayDeque<>();
        long accepted = 0;
        long reported = 0;
        progress.start("read", "rows", -1);
        List<SourceRow> batch = new ArrayList<>(BATCH);
        for (SourceRow row = source.next(); ; row = source.next()) {
            if (row != null) {
                batch.add(row);
            }
            if (batch.size() == BATCH || (row == null && !batch.isEmpty())) {
                List<SourceRow> work = batch;
                inFlight.add(pool.submit(() -> encode(work, partitions, rows, fields)));
                batch = new ArrayList<>(BATCH);
                if (inFlight.size() >= 2 * pool.threads()) {
                    accepted += append(inFlight.removeFirst(), writers);
                }
            }
            long read = source.recordsRead();
            if (read - reported >= 1000 || row == null) {
                progress.advance(read - reported);
                reported = read;
                if (source.bytesRead() > 0 && source.sizeBytes() > 0 && row != null) {
                    progress.total(read * source.sizeBytes() / source.bytesRead());
                }
            }
            if (row == null) {
                break;
            }
        }
        while (!inFlight.isEmpty()) {
            accepted += append(inFlight.removeFirst(), writers);
        }
        for (SpillWriter writer : writers) {
            writer.close();
        }
        progress.finish();
        return new Counts(source.rowsReturned() + source.rejected(), accepted, source.emptyLines(),
                source.encoding().name(), source.delimiter() == '\t' ? "tab" : String.valueOf(source.delimiter()));
    }

    /** Reads the next person record of a partition file. */
    static PersonRow read(SpillReader in) throws IOException {
        long person = in.readLong();
        int mask = in.readShort();
        int n = in.readByte();
        List<byte[]> identities = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            identities.add(in.readBytes(in.readShort()));
        }
        int m = in.readByte();
        List<byte[]> factors = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            factors.add(in.readBytes(in.readByte()));
        }
        return new PersonRow(person, mask, identities, factors);
    }

    /** A batch of rows, encoded: the records one after the other, and each one's partition and end. */
    private record Encoded(byte[] bytes, int[] partitions, int[] ends, int count) {
    }

    private static Encoded encode(List<SourceRow> rows, int partitions, Rejections rowRejections, Rejections fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows.size() * 128);
        int[] parts = new int[rows.size()];
        int[] ends = new int[rows.size()];
        int count = 0;
        MessageDigest sha256 = sha256();
        for (SourceRow row : rows) {
            RowIdentities.Result result = RowIdentities.of(row, fields::reject);
            if (!result.accepted()) {
                rowRejections.reject(row.lineNumber(), result.rejectionRule());
                continue;
            }
            long person = personHash(sha256, row, result.identities());
            writeRecord(out, person, row.exposureMask(), result.identities(), result.factors());
            parts[count] = Partitions.of(person, partitions);
            ends[count] = out.size();
            count++;
        }
        return new Encoded(out.toByteArray(), parts, ends, count);
    }

    private static long append(Future<Encoded> pending, SpillWriter[] writers) throws InterruptedException {
        Encoded encoded = Workers.get(pending);
        int start = 0;
        for (int i = 0; i < encoded.count(); i++) {
            writers[encoded.partitions()[i]].write(encoded.bytes(), start, encoded.ends()[i] - start);
            start = encoded.ends()[i];
        }
        return encoded.count();
    }

    static void writeRecord(ByteArrayOutputStream out, long person, int mask, List<Identity> identities,
                            List<String> factors) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (person >>> shift));
        }
        out.write(mask >>> 8);
        out.write(mask);
        out.write(identities.size());
        for (Identity identity : identities) {
            byte[] canonical = identity.canonicalBytes();
            out.write(canonical.length >>> 8);
            out.write(canonical.length);
            out.write(canonical, 0, canonical.length);
        }
        out.write(factors.size());
        for (String factor : factors) {
            byte[] ascii = factor.getBytes(StandardCharsets.US_ASCII);
            out.write(ascii.length);
            out.write(ascii, 0, ascii.length);
        }
    }

    /**
     * The person a row belongs to, as 64 bits of SHA-256: of the export's person key when mapped,
     * else of its first identity. Persons are never held by their key.
     */
    private static long personHash(MessageDigest sha256, SourceRow row, List<Identity> identities) {
        byte[] key;
        if (row.personKey() != null && !row.personKey().isBlank()) {
            key = ("key:" + row.personKey().strip()).getBytes(StandardCharsets.UTF_8);
        } else {
            byte[] canonical = identities.get(0).canonicalBytes();
            key = new byte[canonical.length + 3];
            key[0] = 'i';
            key[1] = 'd';
            key[2] = ':';
            System.arraycopy(canonical, 0, key, 3, canonical.length);
        }
        byte[] h = sha256.digest(key);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (h[i] & 0xff);
        }
        return v;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
