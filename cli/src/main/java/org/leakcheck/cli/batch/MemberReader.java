package org.leakcheck.cli.batch;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import org.leakcheck.client.BatchPerson;
import org.leakcheck.loader.source.ColumnMapping;
import org.leakcheck.loader.source.CsvSource;
import org.leakcheck.loader.source.SourceOptions;
import org.leakcheck.loader.source.SourceRow;
import org.leakcheck.protocol.identity.Factor;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.InvalidIdentityException;
import org.leakcheck.protocol.identity.NameDobIdentity;
import org.leakcheck.protocol.identity.NirIdentity;

/**
 * Reads a members file with the loader's {@link CsvSource} (encoding and delimiter sniffing, the
 * mapping, rejections by rule and line, never a value) and turns each record into a
 * {@link BatchPerson} for the client, keeping, in input order, one {@link Slot} per record that
 * will get an output row: a person to check, or a record rejected by the reader or because none of
 * its identities is valid.
 *
 * <p>Canonicalization as the loader's (RowIdentities): the NIR, and last name + first names + birth
 * date; a field that breaks a rule is dropped and its rule noted, a record left with no identity
 * is rejected with the first rule it broke ({@value #NO_IDENTITY} when it has none at all). The
 * factor is the first non-blank cell of the factor columns; an invalid one is noted, and the person
 * is checked without it. With {@code skip}, the first records that already have a row (a resumed
 * run) are read and dropped.
 *
 * <p>Single-threaded: the client's batch run pulls persons on the consumer's thread.
 */
final class MemberReader implements Iterator<BatchPerson>, Closeable {

    /** Rule of a record with no identity cell filled at all (the loader's {@code row.no-identity}). */
    static final String NO_IDENTITY = "row.no-identity";

    /** A record that gets an output row: a person (rule null) or a rejection. */
    record Slot(long line, String id, String rejection, List<String> notes) {
        boolean rejected() {
            return rejection != null;
        }
    }

    private final CsvSource source;
    private final Deque<Slot> slots = new ArrayDeque<>();
    private long toSkip;
    private long lastSkippedLine;
    private BatchPerson next;
    private boolean ended;

    /**
     * @param skip records (with a row) to read and drop first
     * @throws org.leakcheck.loader.source.SourceException on a fatal problem of the file or mapping
     */
    MemberReader(Path file, SourceOptions options, ColumnMapping mapping, long skip) throws IOException {
        this.toSkip = skip;
        this.source = CsvSource.open(file, options, mapping, (line, rule) -> add(new Slot(line, null, rule, List.of())));
    }

    /** The slots read so far and not yet taken, oldest first. */
    Deque<Slot> slots() {
        return slots;
    }

    /** The line of the last record dropped by {@code skip} (0 when none). */
    long lastSkippedLine() {
        return lastSkippedLine;
    }

    /** Records still to drop: more than 0 at the end of the file means the output has more rows than the input. */
    long leftToSkip() {
        return toSkip;
    }

    /** Bytes of the file read so far, for a progress bar. */
    long bytesRead() {
        return source.bytesRead();
    }

    @Override
    public boolean hasNext() {
        while (next == null && !ended) {
            SourceRow row;
            try {
                row = source.next();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (row == null) {
                ended = true;
            } else {
                next = person(row);
            }
        }
        return next != null;
    }

    @Override
    public BatchPerson next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        BatchPerson person = next;
        next = null;
        return person;
    }

    private void add(Slot slot) {
        if (toSkip > 0) {
            toSkip--;
            lastSkippedLine = slot.line();
        } else {
            slots.add(slot);
        }
    }

    /** The row's person, queued as a slot; null when the row is rejected (queued as such) or skipped. */
    private BatchPerson person(SourceRow row) {
        List<Identity> identities = new ArrayList<>(2);
        List<String> notes = new ArrayList<>(2);
        if (present(row.nir())) {
            try {
                identities.add(NirIdentity.parse(row.nir()));
            } catch (InvalidIdentityException e) {
                notes.add(e.rule());
            }
        }
        if (present(row.lastName()) || present(row.firstNames()) || present(row.birthDate())) {
            try {
                identities.add(NameDobIdentity.parse(row.lastName(), row.firstNames(), row.birthDate()));
            } catch (InvalidIdentityException e) {
                notes.add(e.rule());
            }
        }
        String id = row.personKey() == null ? null : row.personKey().strip();
        if (identities.isEmpty()) {
            add(new Slot(row.lineNumber(), id, notes.isEmpty() ? NO_IDENTITY : notes.get(0), List.of()));
            return null;
        }
        Optional<String> factor = Optional.empty();
        if (!row.factors().isEmpty()) {
            try {
                factor = Optional.of(Factor.canonical(row.factors().get(0)));
            } catch (InvalidIdentityException e) {
                notes.add(e.rule());
            }
        }
        boolean skipped = toSkip > 0;
        add(new Slot(row.lineNumber(), id, null, List.copyOf(notes)));
        return skipped ? null : new BatchPerson(identities, factor);
    }

    private static boolean present(String cell) {
        return cell != null && !cell.isBlank();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
