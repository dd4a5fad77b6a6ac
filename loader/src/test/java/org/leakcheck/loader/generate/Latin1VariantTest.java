package org.leakcheck.loader.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leakcheck.loader.source.ColumnMapping;
import org.leakcheck.loader.source.CsvSource;
import org.leakcheck.loader.source.Rejections;
import org.leakcheck.loader.source.SourceOptions;
import org.leakcheck.loader.source.SourceRow;
import org.leakcheck.protocol.identity.InvalidIdentityException;
import org.leakcheck.protocol.identity.NameDobIdentity;
import org.leakcheck.store.Progress;

/** The ISO-8859-1 variant holds the same people, detected and decoded back to the same identities. */
class Latin1VariantTest {

    @TempDir
    static Path dir;

    private static Path utf8;
    private static Path latin1;

    @BeforeAll
    static void generate() throws IOException {
        utf8 = dir.resolve("utf8.csv");
        latin1 = dir.resolve("latin1.csv");
        GeneratorOptions options = LeakGeneratorTest.options(4_000);
        new LeakGenerator(options).generate(utf8, null, Progress.NONE);
        new LeakGenerator(options.withEncoding(StandardCharsets.ISO_8859_1)).generate(latin1, null, Progress.NONE);
    }

    @Test
    void theLatin1FileIsNotValidUtf8AndIsDetectedAsLatin1() throws IOException {
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(utf8), Files.readAllBytes(latin1)));
        try (CsvSource source = CsvSource.open(latin1, SourceOptions.detect(), ColumnMapping.defaultMapping(), new Rejections())) {
            assertEquals(StandardCharsets.ISO_8859_1, source.encoding());
        }
        try (CsvSource source = CsvSource.open(utf8, SourceOptions.detect(), ColumnMapping.defaultMapping(), new Rejections())) {
            assertEquals(StandardCharsets.UTF_8, source.encoding());
        }
    }

    @Test
    void everyRowRoundTripsToTheSameCellsAndIdentities() throws IOException {
        Rejections utf8Rejections = new Rejections();
        Rejections latin1Rejections = new Rejections();
        List<SourceRow> a = LeakGeneratorTest.readAll(utf8, utf8Rejections);
        List<SourceRow> b = LeakGeneratorTest.readAll(latin1, latin1Rejections);
        assertEquals(0, utf8Rejections.total());
        assertEquals(0, latin1Rejections.total());
        assertEquals(a.size(), b.size());
        int folded = 0;
        for (int i = 0; i < a.size(); i++) {
            SourceRow x = a.get(i);
            SourceRow y = b.get(i);
            assertEquals(x.lineNumber(), y.lineNumber());
            assertEquals(fold(x.lastName()), y.lastName());
            assertEquals(fold(x.firstNames()), y.firstNames());
            assertEquals(fold(x.birthName()), y.birthName());
            assertEquals(x.nir(), y.nir());
            assertEquals(x.exposureMask(), y.exposureMask());
            if (!x.lastName().equals(y.lastName())) {
                folded++;
            }
            assertEquals(identity(x), identity(y), "canonical identity survives Latin-1");
        }
        assertTrue(folded > 0, "some names use characters Latin-1 lacks (œ, ’)");
    }

    private static String fold(String s) {
        return s == null ? null : Latin1.fold(s);
    }

    private static Object identity(SourceRow row) {
        try {
            return NameDobIdentity.parse(row.lastName(), row.firstNames(), row.birthDate());
        } catch (InvalidIdentityException e) {
            return e.rule();
        }
    }
}
