package org.leakcheck.loader.source;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Decides between UTF-8 and ISO-8859-1 from the bytes themselves.
 *
 * <p>ASCII reads the same in both, so the first non-ASCII byte is what matters: from it, up to
 * {@link #WINDOW} bytes are checked against the UTF-8 grammar of RFC 3629 section 4 (no overlong
 * forms, no surrogates, nothing above U+10FFFF). All valid means UTF-8: accented Latin-1 text
 * almost never forms valid multi-byte UTF-8 sequences by chance (an "é" 0xE9 would need two
 * continuation bytes after it). Any invalid sequence means ISO-8859-1, in which every byte is a
 * character. A file with no byte above 0x7F is read as UTF-8 (it is ASCII either way).
 *
 * <p>This reads the file once more up to the first non-ASCII byte, which in practice is within the
 * first lines; a pure-ASCII file is scanned to its end once.
 */
final class EncodingSniffer {

    /** Bytes checked from the first non-ASCII byte. */
    static final int WINDOW = 1 << 16;

    private EncodingSniffer() {
    }

    static Charset sniff(InputStream in) throws IOException {
        byte[] buf = new byte[1 << 16];
        int n;
        int checked = -1; // -1 until the first non-ASCII byte
        int need = 0;
        int lower = 0x80;
        int upper = 0xBF;
        while ((n = readSome(in, buf)) > 0) {
            for (int i = 0; i < n; i++) {
                int b = buf[i] & 0xFF;
                if (checked < 0) {
                    if (b < 0x80) {
                        continue;
                    }
                    checked = 0;
                }
                if (checked++ >= WINDOW && need == 0) {
                    return StandardCharsets.UTF_8;
                }
                if (need == 0) {
                    if (b < 0x80) {
                        continue;
                    } else if (b >= 0xC2 && b <= 0xDF) {
                        need = 1;
                    } else if (b == 0xE0) {
                        need = 2;
                        lower = 0xA0;
                    } else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) {
                        need = 2;
                    } else if (b == 0xED) {
                        need = 2;
                        upper = 0x9F;
                    } else if (b == 0xF0) {
                        need = 3;
                        lower = 0x90;
                    } else if (b >= 0xF1 && b <= 0xF3) {
                        need = 3;
                    } else if (b == 0xF4) {
                        need = 3;
                        upper = 0x8F;
                    } else {
                        return StandardCharsets.ISO_8859_1;
                    }
                } else {
                    if (b < lower || b > upper) {
                        return StandardCharsets.ISO_8859_1;
                    }
                    lower = 0x80;
                    upper = 0xBF;
                    need--;
                }
            }
        }
        // A sequence cut by the end of the file is Latin-1 text ending in an accented letter.
        return need == 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
    }

    private static int readSome(InputStream in, byte[] buf) throws IOException {
        try {
            return in.read(buf, 0, buf.length);
        } catch (EOFException e) {
            return -1; // truncated .gz: decide on what was readable, the reader reports the truncation
        }
    }
}
