package org.leakcheck.protocol.identity;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.leakcheck.protocol.identity.CanonicalizationVectors.Case;

/** Replays every row of {@code vectors/canonicalization.json} through the Java canonicalizers. */
class CanonicalizationVectorsTest {

    private static final List<Case> CASES = CanonicalizationVectors.load();

    private static final Map<String, Function<String, String>> CANONICALIZERS = Map.of(
            "nir", Nir::canonicalize,
            "lastName", Names::canonicalLastName,
            "firstName", Names::canonicalFirstName,
            "birthDate", raw -> BirthDates.parse(raw).toString(),
            "factor", Factor::canonical);

    static List<Case> cases() {
        return CASES;
    }

    static List<Case> accepted() {
        return CASES.stream().filter(c -> c.rule() == null).toList();
    }

    static List<Case> rejected() {
        return CASES.stream().filter(c -> c.rule() != null).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void canonicalizesAcceptedInput(Case c) {
        assertEquals(c.canonical(), canonicalizer(c).apply(c.input()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void canonicalFormIsAFixedPoint(Case c) {
        assertEquals(c.canonical(), canonicalizer(c).apply(c.canonical()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectsInputWithTheExpectedFieldAndRule(Case c) {
        InvalidIdentityException e = assertThrows(InvalidIdentityException.class,
                () -> canonicalizer(c).apply(c.input()));
        assertAll(
                () -> assertEquals(c.rule(), e.rule()),
                () -> assertEquals(c.field(), e.field()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void exceptionMessageNeverContainsTheInput(Case c) {
        InvalidIdentityException e = assertThrows(InvalidIdentityException.class,
                () -> canonicalizer(c).apply(c.input()));
        String message = e.getMessage();
        assertTrue(message.startsWith(c.field() + ": "), "message names the field");
        assertTrue(message.contains(c.rule()), "message names the rule");
        for (String fragment : revealingFragments(c.input())) {
            assertFalse(message.contains(fragment), "message contains (part of) the input");
        }
    }

    @Test
    void messagesDependOnlyOnFieldAndRule() {
        Map<String, Set<String>> messagesByRule = new HashMap<>();
        for (Case c : rejected()) {
            try {
                canonicalizer(c).apply(c.input());
            } catch (InvalidIdentityException e) {
                messagesByRule.computeIfAbsent(c.field() + "/" + c.rule(), k -> new java.util.HashSet<>())
                        .add(e.getMessage());
            }
        }
        messagesByRule.forEach((key, messages) -> assertEquals(1, messages.size(), key));
    }

    @Test
    void tableIsWellFormed() {
        for (Case c : CASES) {
            assertTrue(CANONICALIZERS.containsKey(c.field()), "unknown field " + c.field());
            assertNotNull(c.input(), c.note());
            assertTrue((c.canonical() == null) != (c.rule() == null), "canonical xor rule: " + c.note());
            assertFalse(c.note() == null || c.note().isBlank(), "every case says why");
        }
    }

    @Test
    void tableHasTheAgreedNumberOfCasesPerField() {
        Map<String, Long> counts = CASES.stream().collect(Collectors.groupingBy(Case::field, Collectors.counting()));
        long names = counts.getOrDefault("lastName", 0L) + counts.getOrDefault("firstName", 0L);
        assertAll(
                () -> assertTrue(names >= 40, "name cases: " + names),
                () -> assertTrue(counts.getOrDefault("nir", 0L) >= 25, "nir cases"),
                () -> assertTrue(counts.getOrDefault("birthDate", 0L) >= 15, "date cases"),
                () -> assertTrue(counts.getOrDefault("factor", 0L) >= 25, "factor cases"));
    }

    @Test
    void tableExercisesEveryRule() {
        Set<String> inTable = CASES.stream().map(Case::rule).filter(r -> r != null).collect(Collectors.toSet());
        Set<String> all = Arrays.stream(Rule.values()).map(Rule::code).collect(Collectors.toSet());
        assertEquals(all, inTable);
    }

    @Test
    void tableHasNoDuplicateRows() {
        Set<String> keys = CASES.stream().map(c -> c.field() + "\u0000" + c.input()).collect(Collectors.toSet());
        assertEquals(CASES.size(), keys.size());
    }

    /** The input, its trimmed and separator-free forms, and its runs of 4 or more digits. */
    private static List<String> revealingFragments(String input) {
        List<String> fragments = new java.util.ArrayList<>();
        fragments.add(input);
        fragments.add(input.strip());
        fragments.add(input.replaceAll("[^0-9A-Za-z]", ""));
        java.util.regex.Matcher digits = java.util.regex.Pattern.compile("[0-9]{4,}").matcher(input);
        while (digits.find()) {
            fragments.add(digits.group());
        }
        // An empty or one-letter fragment is contained in any message; it reveals nothing.
        return fragments.stream().filter(f -> f.strip().length() >= 2).toList();
    }

    private static Function<String, String> canonicalizer(Case c) {
        return CANONICALIZERS.get(c.field());
    }
}
