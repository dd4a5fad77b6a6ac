package org.leakcheck.loader.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Counts the bytes read from the file itself (compressed bytes for a .gz), for progress
 * reporting, and sums their SHA-256, so that a load knows the file it read without reading it a
 * second time. Read by one thread.
 */
final class CountingInputStream extends FilterInputStream {

    private final MessageDigest sha256;
    private volatile long count;

    CountingInputStream(InputStream in) {
        super(in);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            sha256.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            sha256.update(b, off, n);
            count += n;
        }
        return n;
    }

    /** Reads what it skips: every byte of the file goes through the digest. */
    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(n, 1 << 13)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    long count() {
        return count;
    }

    /** The SHA-256 of the bytes read so far; ends the digest, so call it once, after the last read. */
    byte[] sha256() {
        return sha256.digest();
    }
}
