package org.leakcheck.loader.source;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Detects the delimiter from the header line: the candidate of
 * {@link SourceOptions#DETECTED_DELIMITERS} that occurs most often outside quotes, the earlier
 * one on a tie; a comma when none occurs (a one-column file).
 *
 * <p>It consumes the bytes it looks at and hands them back, so that the tokenizer reads the file
 * from its first byte and line numbers stay exact.
 */
final class DelimiterSniffer {

    /** The detected delimiter and every byte read to find it. */
    record Result(byte delimiter, byte[] consumed) {
    }

    private DelimiterSniffer() {
    }

    static Result sniff(InputStream in, int maxHeaderBytes) throws IOException {
        String candidates = SourceOptions.DETECTED_DELIMITERS;
        int[] counts = new int[candidates.length()];
        ByteArrayOutputStream consumed = new ByteArrayOutputStream(4096);
        boolean inQuotes = false;
        boolean lineHasContent = false;
        while (consumed.size() <= maxHeaderBytes) {
            int b = readByte(in);
            if (b < 0) {
                break;
            }
            consumed.write(b);
            if (b == '"') {
                inQuotes = !inQuotes; // a doubled quote toggles twice
                lineHasContent = true;
            } else if (inQuotes) {
                lineHasContent = true;
            } else if (b == '\n' || b == '\r') {
                if (lineHasContent) {
                    break;
                }
            } else {
                int index = candidates.indexOf(b);
                if (index >= 0) {
                    counts[index]++;
                }
                if (b != ' ' && b != '\t') {
                    lineHasContent = true;
                }
            }
        }
        int best = -1;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && (best < 0 || counts[i] > counts[best])) {
                best = i;
            }
        }
        byte delimiter = (byte) (best < 0 ? ',' : candidates.charAt(best));
        return new Result(delimiter, consumed.toByteArray());
    }

    private static int readByte(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (EOFException e) {
            return -1; // truncated .gz: the tokenizer meets the same end and reports it
        }
    }
}
