package org.leakcheck.loader.source;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens a source file: decompresses it when its first bytes are the gzip magic number
 * (RFC 1952 section 2.3.1: 0x1f 0x8b; the file name is not trusted) and skips a UTF-8 byte order
 * mark. A UTF-16 or UTF-32 byte order mark is refused: those encodings are not ASCII-compatible
 * and the tokenizer works on bytes.
 */
final class SourceInput implements AutoCloseable {

    /** What the first bytes of the content said about its encoding. */
    enum Bom { NONE, UTF_8 }

    private static final int BUFFER = 1 << 16;

    private final CountingInputStream counting;
    private final InputStream content;
    private final boolean gzip;
    private final Bom bom;

    private SourceInput(CountingInputStream counting, InputStream content, boolean gzip, Bom bom) {
        this.counting = counting;
        this.content = content;
        this.gzip = gzip;
        this.bom = bom;
    }

    static SourceInput open(Path file) throws IOException {
        CountingInputStream counting = new CountingInputStream(Files.newInputStream(file));
        try {
            BufferedInputStream raw = new BufferedInputStream(counting, BUFFER);
            byte[] magic = peek(raw, 2);
            boolean gzip = magic.length == 2 && (magic[0] & 0xFF) == 0x1F && (magic[1] & 0xFF) == 0x8B;
            InputStream content = raw;
            if (gzip) {
                try {
                    content = new BufferedInputStream(new GZIPInputStream(raw, BUFFER), BUFFER);
                } catch (ZipException | java.io.EOFException e) {
                    throw new SourceException(SourceRules.INPUT_CORRUPT, 0,
                            "the file starts like gzip but its gzip header is corrupt or cut", e);
                }
            }
            byte[] head = peek(content, 4);
            Bom bom = Bom.NONE;
            if (startsWith(head, 0xEF, 0xBB, 0xBF)) {
                content.skipNBytes(3);
                bom = Bom.UTF_8;
            } else if (startsWith(head, 0x00, 0x00, 0xFE, 0xFF) || startsWith(head, 0xFF, 0xFE)
                    || startsWith(head, 0xFE, 0xFF)) {
                throw new SourceException(SourceRules.ENCODING_UNSUPPORTED, 1,
                        "the file starts with a UTF-16 or UTF-32 byte order mark; convert it to UTF-8 first");
            }
            return new SourceInput(counting, content, gzip, bom);
        } catch (IOException | RuntimeException e) {
            counting.close();
            throw e;
        }
    }

    private static byte[] peek(InputStream in, int n) throws IOException {
        in.mark(n);
        byte[] head = in.readNBytes(n);
        in.reset();
        return head;
    }

    private static boolean startsWith(byte[] head, int... prefix) {
        if (head.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((head[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The decompressed content, after any byte order mark. */
    InputStream content() {
        return content;
    }

    boolean gzip() {
        return gzip;
    }

    Bom bom() {
        return bom;
    }

    /** Bytes read from the file so far (compressed bytes for a .gz). */
    long bytesRead() {
        return counting.count();
    }

    /**
     * The SHA-256 of the whole file: what the parser left unread (bytes after a gzip stream's end)
     * is read first. Call it once, when the content has been read to its end.
     */
    byte[] sha256() throws IOException {
        counting.transferTo(java.io.OutputStream.nullOutputStream());
        return counting.sha256();
    }

    @Override
    public void close() throws IOException {
        content.close();
    }
}
