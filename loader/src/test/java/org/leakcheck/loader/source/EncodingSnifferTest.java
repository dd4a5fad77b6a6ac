package org.leakcheck.loader.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EncodingSnifferTest {

    private static Charset sniff(byte[] bytes) throws IOException {
        return EncodingSniffer.sniff(new ByteArrayInputStream(bytes));
    }

    @Test
    void readsPureAsciiAsUtf8() throws IOException {
        assertEquals(StandardCharsets.UTF_8, sniff("nom;prenoms\r\nRoux;Luc\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(StandardCharsets.UTF_8, sniff(new byte[0]));
    }

    @Test
    void recognisesAccentedUtf8() throws IOException {
        assertEquals(StandardCharsets.UTF_8, sniff("Lefèvre;Zoé;Ångström;œ;’;😀".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void fallsBackToLatin1OnInvalidUtf8() throws IOException {
        assertEquals(StandardCharsets.ISO_8859_1, sniff("Lefèvre;Zoé\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(StandardCharsets.ISO_8859_1, sniff("Zoé".getBytes(StandardCharsets.ISO_8859_1)), "cut at end of file");
    }

    @Test
    void rejectsOverlongAndSurrogateForms() throws IOException {
        assertEquals(StandardCharsets.ISO_8859_1, sniff(new byte[] {'a', (byte) 0xC0, (byte) 0x80}));
        assertEquals(StandardCharsets.ISO_8859_1, sniff(new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80}));
        assertEquals(StandardCharsets.ISO_8859_1, sniff(new byte[] {'a', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}));
    }

    @Test
    void findsTheFirstAccentFarIntoTheFile() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] ascii = "Roux;Luc;1990-01-01\r\n".getBytes(StandardCharsets.US_ASCII);
        while (bytes.size() < 3_000_000) {
            bytes.write(ascii);
        }
        bytes.write("Lefèvre\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(StandardCharsets.ISO_8859_1, sniff(bytes.toByteArray()));
    }
}
