package org.leakcheck.cli.batch;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The output file of a batch check, written so that a kill at any moment leaves a file a resumed
 * run continues: a first line that pins the run ({@link RunHeader}: the input's SHA-256 and size,
 * the options that change the rows, the served datasets), the column header, then one row per
 * input record in input order, appended and flushed a batch at a time. The file is created readable
 * by its owner only. A resumed run keeps every
 * complete row (ending with its line feed), cuts a partial last one, and appends from there.
 */
final class ResultFile implements Closeable {

    private final FileChannel channel;
    private final BufferedWriter writer;

    private ResultFile(FileChannel channel) {
        this.channel = channel;
        this.writer = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8),
                1 << 16);
    }

    /** What a resumed run found in the file: its rows, and where the next one goes. */
    record Existing(String headerLine, List<ResultRow> rows, long validBytes) {
    }

    /**
     * Creates {@code file} (it must not exist) and writes the two header lines.
     *
     * @throws java.nio.file.FileAlreadyExistsException when it exists
     */
    static ResultFile create(Path file, RunHeader header) throws IOException {
        FileChannel channel;
        try {
            // Health-related personal data (who is in a medical leak): readable by its owner only.
            channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        ResultFile out = new ResultFile(channel);
        out.writer.write(header.line() + "\n" + ResultRow.HEADER + "\n");
        out.flush();
        return out;
    }

    /**
     * Reads an existing output: its run header (to be checked with {@link RunHeader#check}) and its
     * rows, well-formed up to the last line feed.
     *
     * @throws ResumeException when the file is not the output of a batch check
     */
    static Existing read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        int first = text.indexOf('\n');
        int second = first < 0 ? -1 : text.indexOf('\n', first + 1);
        if (second < 0) {
            throw new ResumeException(file.getFileName() + " holds no complete header: remove it and start again");
        }
        if (!text.substring(first + 1, second).equals(ResultRow.HEADER)) {
            throw new ResumeException(file.getFileName() + " is not the output of leakcheck check --batch (its column "
                    + "header differs)");
        }
        List<ResultRow> rows = new ArrayList<>();
        int start = second + 1;
        boolean quoted = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\n' && !quoted) {
                try {
                    rows.add(ResultRow.parse(text.substring(start, i)));
                } catch (IllegalArgumentException e) {
                    throw new ResumeException(file.getFileName() + ": row " + (rows.size() + 1)
                            + " is not well-formed (" + e.getMessage() + "); the file was changed by hand?");
                }
                start = i + 1;
            }
        }
        long valid = text.substring(0, start).getBytes(StandardCharsets.UTF_8).length;
        return new Existing(text.substring(0, first), rows, valid);
    }

    /** Opens {@code file} for appending after {@code existing}'s last complete row, cutting what follows it. */
    static ResultFile append(Path file, Existing existing) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        channel.truncate(existing.validBytes());
        channel.position(existing.validBytes());
        return new ResultFile(channel);
    }

    void write(ResultRow row) throws IOException {
        writer.write(row.format());
    }

    /** Hands the rows written so far to the operating system: a killed process keeps them. */
    void flush() throws IOException {
        writer.flush();
    }

    /** Flushes and forces the file to the disk. */
    @Override
    public void close() throws IOException {
        try {
            writer.flush();
            channel.force(true);
        } finally {
            writer.close();
        }
    }

    /** The output cannot be resumed: a clear sentence, no value of the input. */
    static final class ResumeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ResumeException(String message) {
            super(message);
        }
    }
}
