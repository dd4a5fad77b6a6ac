package org.leakcheck.loader.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.leakcheck.loader.generate.PatientFactoryTest.assertRate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leakcheck.loader.source.ColumnMapping;
import org.leakcheck.loader.source.CsvSource;
import org.leakcheck.loader.source.Rejections;
import org.leakcheck.loader.source.SourceOptions;
import org.leakcheck.loader.source.SourceRow;
import org.leakcheck.protocol.identity.Factor;
import org.leakcheck.protocol.identity.InvalidIdentityException;
import org.leakcheck.protocol.identity.NirIdentity;
import org.leakcheck.store.Progress;

/** Generates small leaks in a temporary folder and reads them back with the loader's own source reader. */
class LeakGeneratorTest {

    private static final long SEED = 7;
    private static final int PATIENTS = 20_000;

    @TempDir
    static Path dir;

    private static Path leak;
    private static GenerationSummary summary;
    private static List<SourceRow> rows;
    private static Rejections rejections;

    @BeforeAll
    static void generate() throws IOException {
        leak = dir.resolve("leak.csv");
        summary = new LeakGenerator(options(PATIENTS)).generate(leak, dir.resolve("leak.answers.json"), Progress.NONE);
        rejections = new Rejections();
        rows = readAll(leak, rejections);
    }

    static GeneratorOptions options(long patients) {
        return GeneratorOptions.defaults().withPatients(patients).withSeed(SEED);
    }

    static List<SourceRow> readAll(Path file, Rejections sink) throws IOException {
        List<SourceRow> all = new ArrayList<>();
        try (CsvSource source = CsvSource.open(file, SourceOptions.detect(), ColumnMapping.defaultMapping(), sink)) {
            SourceRow row;
            while ((row = source.next()) != null) {
                all.add(row);
            }
        }
        return all;
    }

    @Test
    void sameSeedGivesAByteIdenticalFileWhateverTheThreadCount() throws IOException {
        Path one = dir.resolve("one.csv");
        Path two = dir.resolve("two.csv");
        new LeakGenerator(options(3_000).withThreads(1)).generate(one, null, Progress.NONE);
        new LeakGenerator(options(3_000).withThreads(3)).generate(two, null, Progress.NONE);
        assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(two));
    }

    @Test
    void anotherSeedGivesAnotherFile() throws IOException {
        Path a = dir.resolve("seed-a.csv");
        Path b = dir.resolve("seed-b.csv");
        new LeakGenerator(options(500)).generate(a, null, Progress.NONE);
        new LeakGenerator(options(500).withSeed(SEED + 1)).generate(b, null, Progress.NONE);
        assertFalse(Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b)));
    }

    @Test
    void gzipOutputHoldsTheSameBytesAndIsReproducible() throws IOException {
        Path plain = dir.resolve("gz-plain.csv");
        Path gz1 = dir.resolve("gz-1.csv.gz");
        Path gz2 = dir.resolve("gz-2.csv.gz");
        new LeakGenerator(options(5_000)).generate(plain, null, Progress.NONE);
        new LeakGenerator(options(5_000)).generate(gz1, null, Progress.NONE);
        new LeakGenerator(options(5_000).withThreads(1)).generate(gz2, null, Progress.NONE);
        assertArrayEquals(Files.readAllBytes(gz1), Files.readAllBytes(gz2));
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz1))) {
            assertArrayEquals(Files.readAllBytes(plain), in.readAllBytes());
        }
    }

    @Test
    void headerHasTheSixtyFrenchColumns() throws IOException {
        String firstLine = Files.readAllLines(leak, StandardCharsets.UTF_8).get(0);
        assertEquals(LeakColumns.HEADERS, List.of(firstLine.split(";")));
        assertEquals(60, LeakColumns.HEADERS.size());
    }

    @Test
    void everyRowReadsBackWithoutRejection() {
        assertEquals(0, rejections.total(), () -> "rejections: " + rejections.counts());
        assertEquals(summary.rows(), rows.size());
        assertTrue(summary.emptyLines() > 0, "empty lines are part of the dirt");
    }

    @Test
    void aboutAThirdOfPatientsHaveSeveralRows() {
        Map<String, Integer> rowsPerPerson = new HashMap<>();
        for (SourceRow row : rows) {
            rowsPerPerson.merge(row.personKey(), 1, Integer::sum);
        }
        assertEquals(PATIENTS, rowsPerPerson.size());
        long several = rowsPerPerson.values().stream().filter(n -> n > 1).count();
        assertTrue(rowsPerPerson.values().stream().allMatch(n -> n >= 1 && n <= 4));
        assertRate(DirtRates.MULTI_ROW_PATIENTS, several, PATIENTS);
        assertEquals(several, summary.multiRowPatients());
    }

    @Test
    void aboutOneTenthOfPatientsHaveNoMemberNumberAndTheOthersOneValidFactorInEveryRow() {
        Map<String, Set<String>> factorsPerPerson = new HashMap<>();
        for (SourceRow row : rows) {
            Set<String> factors = factorsPerPerson.computeIfAbsent(row.personKey(), k -> new HashSet<>());
            row.factors().forEach(f -> factors.add(Factor.canonical(f)));
        }
        long without = factorsPerPerson.values().stream().filter(Set::isEmpty).count();
        assertTrue(factorsPerPerson.values().stream().allMatch(f -> f.size() <= 1), "one member number per person");
        assertRate(DirtRates.MEMBER_NUMBER_MISSING_PATIENTS, without, PATIENTS);
        long distinct = factorsPerPerson.values().stream().flatMap(Set::stream).distinct().count();
        assertTrue(distinct > (PATIENTS - without) * 0.999, "member numbers are practically unique: " + distinct);
    }

    @Test
    void aboutOnePercentOfNirsHaveAWrongKeyAndNothingElseIsWrong() {
        long written = 0;
        long wrongKey = 0;
        for (SourceRow row : rows) {
            if (row.nir() == null) {
                continue;
            }
            written++;
            try {
                NirIdentity.parse(row.nir());
            } catch (InvalidIdentityException e) {
                assertEquals("nir.key", e.rule(), "only the key is ever wrong");
                wrongKey++;
            }
        }
        assertRate(DirtRates.NIR_WRONG_KEY_PATIENTS, wrongKey, written);
        double missing = DirtRates.NIR_MISSING_PATIENTS + (1 - DirtRates.NIR_MISSING_PATIENTS) * DirtRates.NIR_MISSING_ROWS;
        assertRate(missing, rows.size() - written, rows.size());
    }

    @Test
    void aboutOneFifthOfBirthDatesAreWrittenTheFrenchWay() {
        long french = rows.stream().filter(r -> r.birthDate() != null && r.birthDate().contains("/")).count();
        assertRate(DirtRates.FRENCH_DATE_ROWS, french, rows.size());
        long missing = rows.stream().filter(r -> r.birthDate() == null).count();
        assertTrue(missing > 0 && missing < rows.size() * 0.01);
    }

    @Test
    void namesCarryCaseAccentAndWhitespaceDirt() {
        long lower = rows.stream().filter(r -> r.lastName().equals(r.lastName().toLowerCase())).count();
        long upper = rows.stream().filter(r -> r.lastName().equals(r.lastName().toUpperCase())).count();
        long padded = rows.stream().filter(r -> !r.lastName().equals(r.lastName().strip())
                || !r.firstNames().equals(r.firstNames().strip())).count();
        long severalGiven = rows.stream().filter(r -> r.firstNames().contains(",")).count();
        assertRate(DirtRates.LOWER_CASE_NAME_ROWS, lower, rows.size());
        assertTrue(upper > rows.size() / 2, "most systems upper-case the last name");
        assertTrue(padded > 0 && padded < rows.size() * 0.05);
        assertTrue(severalGiven > rows.size() / 4, "multiple given names are listed with commas");
        assertTrue(rows.stream().anyMatch(r -> r.lastName().contains("'") || r.lastName().contains("\u2019")));
        assertTrue(rows.stream().anyMatch(r -> r.lastName().equalsIgnoreCase("de la Fontaine")));
    }

    @Test
    void aboutThirtyPercentOfWomenHaveABirthNameOtherThanTheirName() {
        assertRate(DirtRates.BIRTH_NAME_DIFFERS_WOMEN * 0.52, summary.birthNameDiffers(), PATIENTS);
        assertTrue(rows.stream().anyMatch(r -> r.birthName() != null && !r.birthName().equals(r.lastName())));
    }

    @Test
    void exposureMaskAlwaysHasIdentityAndOftenMedicalData() {
        int identity = 1;
        int medical = 1 << 7;
        assertTrue(rows.stream().allMatch(r -> (r.exposureMask() & identity) != 0));
        assertTrue(rows.stream().allMatch(r -> (r.exposureMask() & medical) != 0), "every sample has analyses");
        assertTrue(rows.stream().anyMatch(r -> (r.exposureMask() & (1 << 4)) == 0), "some have no e-mail");
    }

    @Test
    void zeroPatientsGivesAHeaderOnlyFile() throws IOException {
        Path empty = dir.resolve("empty.csv");
        GenerationSummary s = new LeakGenerator(options(0)).generate(empty, null, Progress.NONE);
        assertEquals(0, s.rows());
        assertEquals(1, Files.readAllLines(empty).size());
    }

    @Test
    void leavesNoPartialFileBehind() throws IOException {
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".part")));
        }
    }
}
