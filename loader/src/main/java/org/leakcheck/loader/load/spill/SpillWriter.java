package org.leakcheck.loader.load.spill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;

/**
 * Appends records to one encrypted temporary file ({@link SpillKey}). Records are buffered in
 * memory and encrypted when the buffer is full; each flush opens the file, appends and closes it
 * again, so thousands of partitions never hold thousands of file descriptors. Thread-safe: the
 * workers of a phase append to the same partitions.
 */
public final class SpillWriter {
    private final Path file;
    private final Cipher cipher;
    private final byte[] buffer;
    private byte[] encrypted;
    private int used;
    private long bytes;

    SpillWriter(Path file, SpillKey key, int bufferSize) {
        this.file = file;
        byte[] iv = key.newIv();
        this.cipher = key.cipher(iv);
        this.buffer = new byte[bufferSize];
        this.encrypted = new byte[0];
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(out, ByteBuffer.wrap(iv));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the temporary file " + file.getFileName(), e);
        }
        this.bytes = SpillKey.IV_SIZE;
    }

    /** Appends one record (its bytes as they are: the caller's codec frames it). */
    public synchronized void write(byte[] record, int offset, int length) {
        while (length > 0) {
            int n = Math.min(length, buffer.length - used);
            System.arraycopy(record, offset, buffer, used, n);
            used += n;
            offset += n;
            length -= n;
            if (used == buffer.length) {
                flush();
            }
        }
    }

    public void write(byte[] record) {
        write(record, 0, record.length);
    }

    /** Bytes of the file once flushed: the IV and every record. */
    public synchronized long bytes() {
        return bytes + used;
    }

    /** Encrypts and appends what is buffered, then forces it to the disk, so a marker written next can trust it. */
    public synchronized void close() {
        flush();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            out.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync the temporary file " + file.getFileName(), e);
        }
    }

    private void flush() {
        if (used == 0) {
            return;
        }
        if (encrypted.length < used) {
            encrypted = new byte[buffer.length];
        }
        try {
            int n = cipher.update(buffer, 0, used, encrypted, 0);
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                writeFully(out, ByteBuffer.wrap(encrypted, 0, n));
            }
            bytes += n;
            used = 0;
        } catch (ShortBufferException e) {
            throw new IllegalStateException("AES-CTR output buffer too small", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the temporary file " + file.getFileName()
                    + " (is the work directory's disk full?)", e);
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            out.write(data);
        }
    }
}
