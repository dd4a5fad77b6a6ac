package org.leakcheck.loader.load.spill;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;

/**
 * Reads back a file of {@link SpillWriter}: the IV, then the records decrypted in chunks. Record
 * framing is the caller's; {@link #atEnd()} tells whether another record starts.
 */
public final class SpillReader implements AutoCloseable {
    private static final int CHUNK = 1 << 16;

    private final InputStream in;
    private final Cipher cipher;
    private final byte[] raw = new byte[CHUNK];
    private final byte[] plain = new byte[CHUNK];
    private int position;
    private int limit;

    SpillReader(Path file, SpillKey key) throws IOException {
        this.in = Files.newInputStream(file);
        byte[] iv = in.readNBytes(SpillKey.IV_SIZE);
        if (iv.length != SpillKey.IV_SIZE) {
            in.close();
            throw new EOFException("temporary file " + file.getFileName() + " is truncated");
        }
        this.cipher = key.cipher(iv);
    }

    /** True when every record has been read. */
    public boolean atEnd() throws IOException {
        return !fill();
    }

    public int readByte() throws IOException {
        if (!fill()) {
            throw new EOFException("temporary file ends inside a record");
        }
        return plain[position++] & 0xff;
    }

    public int readShort() throws IOException {
        return readByte() << 8 | readByte();
    }

    public int readInt() throws IOException {
        return readShort() << 16 | readShort();
    }

    public long readLong() throws IOException {
        return (long) readInt() << 32 | (readInt() & 0xffffffffL);
    }

    public byte[] readBytes(int length) throws IOException {
        byte[] out = new byte[length];
        readFully(out, 0, length);
        return out;
    }

    public void readFully(byte[] out, int offset, int length) throws IOException {
        while (length > 0) {
            if (!fill()) {
                throw new EOFException("temporary file ends inside a record");
            }
            int n = Math.min(length, limit - position);
            System.arraycopy(plain, position, out, offset, n);
            position += n;
            offset += n;
            length -= n;
        }
    }

    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        int n = in.read(raw, 0, CHUNK);
        if (n < 0) {
            return false;
        }
        try {
            limit = cipher.update(raw, 0, n, plain, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("AES-CTR output buffer too small", e);
        }
        position = 0;
        return limit > 0 || fill();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
