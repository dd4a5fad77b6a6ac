package org.leakcheck.loader.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leakcheck.loader.source.Rejections;
import org.leakcheck.loader.source.SourceRow;
import org.leakcheck.protocol.identity.Factor;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.InvalidIdentityException;
import org.leakcheck.protocol.identity.NameDobIdentity;
import org.leakcheck.protocol.identity.NirIdentity;
import org.leakcheck.store.Progress;

/**
 * Checks the sidecar against the file itself: every identity found in any row (by NIR, and by
 * usage or birth name with first names and birth date) is indexed, then each case is looked up.
 */
class KnownAnswersTest {

    @TempDir
    static Path dir;

    private static JsonNode sidecar;
    private static final Set<Identity> inFile = new HashSet<>();
    private static final Set<Identity> usageIdentities = new HashSet<>();
    private static final Set<Identity> birthIdentities = new HashSet<>();
    /** Every canonical member number (the factor) of the file. */
    private static final Set<String> factors = new HashSet<>();

    @BeforeAll
    static void generate() throws IOException {
        Path leak = dir.resolve("leak.csv");
        Path answers = dir.resolve("leak.known-answers.json");
        new LeakGenerator(LeakGeneratorTest.options(6_000)).generate(leak, answers, Progress.NONE);
        sidecar = new ObjectMapper().readTree(answers.toFile());
        List<SourceRow> rows = LeakGeneratorTest.readAll(leak, new Rejections());
        for (SourceRow row : rows) {
            tryAdd(() -> NirIdentity.parse(row.nir()));
            tryAdd(usageIdentities, () -> NameDobIdentity.parse(row.lastName(), row.firstNames(), row.birthDate()));
            tryAdd(birthIdentities, () -> NameDobIdentity.parse(row.birthName(), row.firstNames(), row.birthDate()));
            row.factors().forEach(f -> factors.add(Factor.canonical(f)));
        }
    }

    private static void tryAdd(java.util.function.Supplier<Identity> identity) {
        tryAdd(new HashSet<>(), identity);
    }

    private static void tryAdd(Set<Identity> also, java.util.function.Supplier<Identity> identity) {
        try {
            Identity parsed = identity.get();
            inFile.add(parsed);
            also.add(parsed);
        } catch (InvalidIdentityException e) {
            // a dirty row: not indexed, exactly as the loader would reject it
        }
    }

    private static Identity identityOf(JsonNode c) {
        return c.get("kind").asText().equals("nir")
                ? NirIdentity.parse(c.get("nir").asText())
                : NameDobIdentity.parse(c.get("lastName").asText(), c.get("firstName").asText(), c.get("birthDate").asText());
    }

    @Test
    void hasTheAgreedShape() {
        assertTrue(sidecar.has("dataset") && sidecar.get("dataset").isNull());
        assertEquals(30, sidecar.get("cases").size());
        for (JsonNode c : sidecar.get("cases")) {
            String kind = c.get("kind").asText();
            assertTrue(kind.equals("nir") || kind.equals("name-dob"));
            Set<String> fields = new HashSet<>();
            c.fieldNames().forEachRemaining(fields::add);
            Set<String> expected = new HashSet<>(kind.equals("nir") ? Set.of("kind", "nir", "expected")
                    : Set.of("kind", "lastName", "firstName", "birthDate", "expected"));
            if (!c.get("expected").asText().equals("absent")) {
                expected.add("wrongFactor");
                if (c.has("factor")) {
                    expected.add("factor");
                }
            }
            assertEquals(expected, fields, "only the fields of its kind, and the factors of a present case");
        }
    }

    @Test
    void presentCasesCarryTheirOwnFactorAndAWrongOneThatIsValid() {
        int withFactor = 0;
        for (JsonNode c : sidecar.get("cases")) {
            if (c.get("expected").asText().equals("absent")) {
                continue;
            }
            String wrong = c.get("wrongFactor").asText();
            assertEquals(wrong, Factor.canonical(wrong), "a valid, canonical factor");
            if (c.has("factor")) {
                withFactor++;
                String right = c.get("factor").asText();
                assertEquals(right, Factor.canonical(right));
                assertTrue(factors.contains(right), "the factor is in the file");
                assertFalse(right.equals(wrong));
            }
        }
        assertTrue(withFactor >= 15, "about 90% of present cases have a factor: " + withFactor);
    }

    @Test
    void coversEveryOutcomeAndKind() {
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode c : sidecar.get("cases")) {
            counts.merge(c.get("expected").asText() + "/" + c.get("kind").asText(), 1, Integer::sum);
        }
        assertEquals(Map.of("absent/name-dob", 4, "absent/nir", 4, "present-variant/name-dob", 8,
                "present-variant/nir", 2, "present/name-dob", 6, "present/nir", 6), counts);
    }

    @Test
    void presentCasesAreInTheFileAndAbsentOnesAreNot() {
        for (JsonNode c : sidecar.get("cases")) {
            boolean found = inFile.contains(identityOf(c));
            assertEquals(!c.get("expected").asText().equals("absent"), found, () -> "case " + c.get("expected"));
        }
    }

    @Test
    void variantsCoverSpacedNirsBirthNamesAndOtherSpellings() {
        boolean frenchDate = false;
        boolean upperWithoutAccents = false;
        boolean birthName = false;
        for (JsonNode c : sidecar.get("cases")) {
            if (!c.get("expected").asText().equals("present-variant")) {
                continue;
            }
            if (c.get("kind").asText().equals("nir")) {
                assertTrue(c.get("nir").asText().contains(" "), "a NIR variant is typed with spaces");
                continue;
            }
            String last = c.get("lastName").asText();
            frenchDate |= c.get("birthDate").asText().contains("/");
            upperWithoutAccents |= last.equals(last.toUpperCase()) && last.chars().allMatch(ch -> ch < 0x80);
            Identity typed = identityOf(c);
            birthName |= birthIdentities.contains(typed) && !usageIdentities.contains(typed);
        }
        assertTrue(frenchDate && upperWithoutAccents && birthName,
                "variants: French date " + frenchDate + ", unaccented upper case " + upperWithoutAccents
                        + ", birth name " + birthName);
    }

    @Test
    void absentNamesShareNoBirthDateAndLastNameWithAnyone() {
        for (JsonNode c : sidecar.get("cases")) {
            if (c.get("expected").asText().equals("absent") && c.get("kind").asText().equals("name-dob")) {
                NameDobIdentity absent = (NameDobIdentity) identityOf(c);
                assertFalse(inFile.stream().anyMatch(i -> i instanceof NameDobIdentity n
                        && n.birthDate().equals(absent.birthDate()) && n.lastName().equals(absent.lastName())));
            }
        }
    }
}
